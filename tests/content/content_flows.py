"""Small flows files for the content tests: a clean one (in versions) and a broken one.

Imported as `from content_flows import make_flows` (tests/content is on sys.path, as
tests/packaging is for bundle_helpers)."""

from __future__ import annotations

import textwrap

_FLOWS = """\
    schema: 1
    content_version: "{version}"
    start: menu
    screens:
      - id: menu
        kind: choice
        title: "{title}"
        options:
          - {{id: pagar, label: "Pagar", next: {target}}}
          - {{id: ajuda, label: "Ajuda", next: ajuda}}
      - id: ajuda
        kind: result
        channel: info
        title: "Ajuda"
        steps: ["Leia a ajuda."]
      - id: fim
        kind: result
        channel: info
        title: "Fim"
        steps: ["Pronto."]
    """


def make_flows(
    version: str = "2026-11-24", title: str = "Menu", target: str = "fim", padding: int = 0
) -> str:
    """A three-screen flow; `target="fiim"` breaks it (2 problems, lines 9 and 16);
    `padding` adds that many comment lines (a big file that is still clean)."""
    text = textwrap.dedent(_FLOWS).format(version=version, title=title, target=target)
    return text + "".join(f"# padding {i:07d} {'.' * 60}\n" for i in range(padding))
