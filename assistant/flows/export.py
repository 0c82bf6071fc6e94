"""Diagrams of a flow, for content review: Mermaid (paste into a Markdown file or an issue) and
Graphviz DOT (`dot -Tsvg`).

Every screen is a node labelled with its id and title; every option is an edge labelled with the
option's label. Results are drawn distinctly (a stadium in Mermaid, a filled box in DOT), an
arrow from a small "start" node points at the start screen, an option's `next` that names no
screen points at a dashed "missing" node, and screens with problems are outlined in red.

Which screen a problem belongs to (`screens_with_problems`): the screen in whose text the
problem's mark lies, i.e. the screen whose own mark is the last one at or before the problem's
mark in the same file. Contacts count as owners too, so a problem at a contact never marks the
screen written just before it; a problem before the first screen (e.g. at `start:`) marks no
screen. Problems without a position (line 0) mark nothing.

With duplicated screen ids, the first definition is drawn (as `Flow.screen` resolves it); a
problem inside a later duplicate marks that id's node.
"""

from __future__ import annotations

import bisect
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from assistant.flows.model import Flow, Mark, Screen
from assistant.flows.problems import Problem

__all__ = ["screens_with_problems", "to_dot", "to_mermaid"]

WRAP_WIDTH = 36  # characters per line of a node label

_SAFE_ID = re.compile(r"[A-Za-z0-9_]+")

_ENTRY = "entry"


def screens_with_problems(flow: Flow, problems: Iterable[Problem]) -> set[str]:
    """The ids of the screens that `problems` point into (see the module docstring)."""
    # Per file, owners sorted by position: (line, column, screen id, or None for a contact).
    owners: dict[str, list[tuple[int, int, str | None]]] = {}
    for screen in flow.screens:
        _add_owner(owners, screen.mark, screen.id)
    for contact in flow.contacts:
        _add_owner(owners, contact.mark, None)
    for entries in owners.values():
        entries.sort(key=lambda e: (e[0], e[1]))
    keys = {file: [(line, col) for line, col, _ in entries] for file, entries in owners.items()}

    marked: set[str] = set()
    for problem in problems:
        mark = problem.mark
        if mark.file not in owners or mark.line < 1:
            continue
        index = bisect.bisect_right(keys[mark.file], (mark.line, mark.column)) - 1
        if index >= 0:
            owner = owners[mark.file][index][2]
            if owner is not None:
                marked.add(owner)
    return marked


def _add_owner(
    owners: dict[str, list[tuple[int, int, str | None]]], mark: Mark, owner: str | None
) -> None:
    if mark.line >= 1:
        owners.setdefault(mark.file, []).append((mark.line, mark.column, owner))


@dataclass(frozen=True, slots=True)
class _Edge:
    source: str  # node ids
    target: str
    label: str


@dataclass(frozen=True, slots=True)
class _Graph:
    """A flow as nodes and edges, independent of the output syntax."""

    screens: tuple[tuple[str, Screen], ...]  # (node id, screen), in file order
    missing: tuple[tuple[str, str], ...]  # (node id, the unknown screen id)
    start_node: str
    edges: tuple[_Edge, ...]
    problem_nodes: frozenset[str]


def _graph(flow: Flow, problems: Sequence[Problem]) -> _Graph:
    node_ids: dict[str, str] = {}
    for index, screen_id in enumerate(flow.screen_ids):
        node_ids[screen_id] = f"s_{screen_id}" if _SAFE_ID.fullmatch(screen_id) else f"s{index}"
    missing: dict[str, str] = {}

    def node_of(screen_id: str) -> str:
        if screen_id in node_ids:
            return node_ids[screen_id]
        return missing.setdefault(screen_id, f"m{len(missing)}")

    start_node = node_of(flow.start)
    screens = tuple((node_ids[sid], flow.screen(sid)) for sid in flow.screen_ids)
    edges = tuple(
        _Edge(node, node_of(option.next), option.label)
        for node, screen in screens
        for option in screen.options
    )
    problem_nodes = frozenset(node_ids[s] for s in screens_with_problems(flow, problems))
    return _Graph(
        screens=screens,
        missing=tuple((node, sid) for sid, node in missing.items()),
        start_node=start_node,
        edges=edges,
        problem_nodes=problem_nodes,
    )


def _label_lines(text: str) -> list[str]:
    """`text` split at its own newlines and wrapped to WRAP_WIDTH."""
    lines: list[str] = []
    for line in text.splitlines():
        lines.extend(textwrap.wrap(line, WRAP_WIDTH) or [""])
    return lines


def _screen_label(screen: Screen, newline: str, escape: Callable[[str], str]) -> str:
    lines = [screen.id, *_label_lines(screen.title)]
    return newline.join(escape(line) for line in lines)


def _text_label(text: str, newline: str, escape: Callable[[str], str]) -> str:
    return newline.join(escape(line) for line in _label_lines(text))


# --- Mermaid ---------------------------------------------------------------------------------

# Characters that could end a quoted Mermaid string, start markup or an entity, or end a
# statement; written as Mermaid entity codes ("#34;"), which Mermaid turns into the character.
_MERMAID_ESCAPED = frozenset('"#&<>|`;\\{}[]')


def _mermaid_escape(text: str) -> str:
    return "".join(f"#{ord(c)};" if c in _MERMAID_ESCAPED else c for c in text if c != "\r")


def to_mermaid(flow: Flow, problems: Sequence[Problem] = ()) -> str:
    """The flow as a Mermaid flowchart (top to bottom)."""
    graph = _graph(flow, problems)
    lines = ["flowchart TD", f'    {_ENTRY}(("start")) --> {graph.start_node}']
    for node, screen in graph.screens:
        label = _screen_label(screen, "<br/>", _mermaid_escape)
        if screen.is_result:
            lines.append(f'    {node}(["{label}"])')
        else:
            lines.append(f'    {node}["{label}"]')
    for node, screen_id in graph.missing:
        label = _mermaid_escape(screen_id) + "<br/>(no such screen)"
        lines.append(f'    {node}{{{{"{label}"}}}}')
    for edge in graph.edges:
        label = _text_label(edge.label, "<br/>", _mermaid_escape)
        lines.append(f'    {edge.source} -->|"{label}"| {edge.target}')

    lines += [
        "    classDef entry fill:#333,stroke:#333,color:#fff",
        "    classDef start stroke-width:3px",
        "    classDef result fill:#e8f5e9,stroke:#2e7d32",
        "    classDef missing fill:#fff,stroke:#c62828,stroke-dasharray:5 5,color:#c62828",
        "    classDef problem stroke:#c62828,stroke-width:4px",
        f"    class {_ENTRY} entry",
    ]
    if graph.start_node not in {node for node, _ in graph.missing}:
        lines.append(f"    class {graph.start_node} start")
    groups = {
        "result": [node for node, screen in graph.screens if screen.is_result],
        "missing": [node for node, _ in graph.missing],
        "problem": [node for node, _ in graph.screens if node in graph.problem_nodes],
    }
    for class_name, nodes in groups.items():
        if nodes:
            lines.append(f"    class {','.join(nodes)} {class_name}")
    return "\n".join(lines) + "\n"


# --- Graphviz DOT ----------------------------------------------------------------------------


_DOT_NEWLINE = "\\n"  # a centred line break inside a DOT label


def _dot_escape(text: str) -> str:
    """Text for inside a double-quoted DOT string; backslashes doubled, since DOT reads escape
    sequences such as \\n and \\l in labels."""
    return text.replace("\r", "").replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _dot_id(node: str) -> str:
    return f'"{_dot_escape(node)}"'


def to_dot(flow: Flow, problems: Sequence[Problem] = ()) -> str:
    """The flow as a Graphviz digraph (top to bottom)."""
    graph = _graph(flow, problems)
    lines = [
        "digraph flow {",
        '    graph [rankdir=TB, fontname="Helvetica"];',
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
        f'    {_dot_id(_ENTRY)} [shape=point, width=0.2, xlabel="start"];',
    ]
    for node, screen in graph.screens:
        attrs = [f'label="{_screen_label(screen, _DOT_NEWLINE, _dot_escape)}"']
        if screen.is_result:
            attrs.append('shape=box, style="rounded,filled", fillcolor="#e8f5e9"')
        if node == graph.start_node:
            attrs.append("peripheries=2")
        if node in graph.problem_nodes:
            attrs.append('color="#c62828", penwidth=3')
        lines.append(f"    {_dot_id(node)} [{', '.join(attrs)}];")
    for node, screen_id in graph.missing:
        label = _dot_escape(screen_id) + _DOT_NEWLINE + "(no such screen)"
        lines.append(
            f'    {_dot_id(node)} [label="{label}", shape=hexagon, style=dashed, '
            f'color="#c62828", fontcolor="#c62828"];'
        )
    lines.append(f"    {_dot_id(_ENTRY)} -> {_dot_id(graph.start_node)};")
    for edge in graph.edges:
        label = _text_label(edge.label, _DOT_NEWLINE, _dot_escape)
        lines.append(f'    {_dot_id(edge.source)} -> {_dot_id(edge.target)} [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
