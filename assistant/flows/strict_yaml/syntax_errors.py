"""YAML syntax errors explained: `_syntax_problem` turns the error PyYAML raises into a
`Problem` at the `line:col` of what to fix, with a hint for the usual traps.

Where YAML fails is often not where the mistake is, so the lines are read for it: a quote not
closed lines above, a non-breaking space pasted where YAML needs a space, a ' #' that cut a
[...] short, a text that starts with '[' and goes on, a typographic quote, a quote that closes a
text early, a missing ',' in {...}, a key indented one space too far.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Final

import yaml

from assistant.flows.model import Mark
from assistant.flows.problems import Problem
from assistant.flows.strict_yaml.text_checks import _BREAK, _TYPOGRAPHIC, _Lines
from assistant.flows.strict_yaml.wording import quote

logger = logging.getLogger(__name__)

# Syntax errors whose cause starts at the context mark, where YAML began to read what fails.
_AT_CONTEXT_MARK: Final = (
    "could not find expected ':'",
    "scanning an alias",
    "scanning a block scalar",
)

_SYNTAX_HINTS: Final = (
    (
        "mapping values are not allowed",
        "a ': ' inside an unquoted text starts a new key: put the whole text in quotes",
    ),
    (
        "could not find expected ':'",
        "a line has no ': ' after its key, or an unquoted text runs over several lines: "
        "check the indentation, or put the text in quotes",
    ),
    ("found unexpected end of stream", "a quoted text is not closed: add the closing quote"),
    (
        "expected key",
        "check the indentation: the keys of one mapping start in the same column",
    ),
    (
        "expected <block end>",
        "check the indentation: the keys of one mapping start in the same column",
    ),
    (
        "expected '-' indicator",
        "check the indentation: the items of one list start with '- ' in the same column",
    ),
    (
        "expected ',' or",
        "inside [...] or {...}, put texts with ',', ':' or '#' in quotes, and close every bracket",
    ),
    (
        "cannot start any token",
        "a text cannot start with '@', '`' or '%', and only spaces may indent: put the text "
        "in quotes",
    ),
    (
        "unknown escape character",
        'inside "double quotes" a backslash starts an escape: write \\\\ for a backslash, '
        "or use 'single quotes'",
    ),
    (
        "scanning an alias",
        "a text cannot start with '*' (YAML reads *name as a reference to an anchor): put "
        "the whole text in quotes",
    ),
    (
        "sequence entries are not allowed",
        "a text cannot start with '- ' (YAML reads it as a list item): put the whole text in "
        "quotes",
    ),
    (
        "scanning a block scalar",
        "a text cannot start with '|' or '>' and go on on the same line ('|' and '>' start a "
        "text on the lines below): put the whole text in quotes",
    ),
    (
        "mapping keys are not allowed",
        "a text cannot start with '? ' (YAML reads it as a key): put the whole text in quotes",
    ),
    ("maximum nesting depth", "lists and mappings are nested far too deeply"),
    (
        "document start",
        "the file's content already ended above (a '...' line, or a top level that is not "
        "key: value lines): check the lines above",
    ),
    ("undefined alias", "aliases (*name) are not allowed: write the content out in full"),
    ("duplicate anchor", "anchors (&name) are not allowed: write the content out in full"),
)


def _syntax_problem(
    exc: BaseException, text: str, source: str, loader: object, noun: str
) -> Problem:
    """A problem at the position of a YAML syntax error, with a hint for the usual traps."""
    if isinstance(exc, yaml.MarkedYAMLError):
        where = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context_mark is not None and any(
            trap in problem or trap in (exc.context or "") for trap in _AT_CONTEXT_MARK
        ):
            # What to fix starts at the context mark (a key with no ':', a text that starts
            # with '*'); YAML only notices later, maybe lines further down.
            where = exc.context_mark
        line, column = (where.line + 1, where.column + 1) if where is not None else (1, 1)
        if exc.context == "expected a single document in the stream":
            message = (
                f"a second YAML document starts here; a {noun} is a single document: "
                f"remove this '---' line and merge what follows into the first, or delete it"
            )
            return Problem(Mark(source, line, column), message)
        context = ""
        started = exc.context_mark
        if exc.context and exc.problem and started is not None and started is not where:
            context = f" ({exc.context} at line {started.line + 1}, column {started.column + 1})"
        message = f"YAML syntax error: {problem}{context}"
        first = started.line + 1 if started is not None else max(line - 1, 1)
        pasted = _pasted_space(text, min(first, line), line)
        if pasted is not None:
            number, col = pasted
            return Problem(
                Mark(source, number, col),
                "non-breaking space (U+00A0, invisible; usually pasted from Word or a web "
                "page) where YAML needs a normal space: delete it and type a space "
                f"({message})",
            )
        lines = _BREAK.split(text)
        moved = _moved_problem(text, lines, exc, line, column, problem)
        if moved is not None:
            number, col, moved_message = moved
            return Problem(Mark(source, number, col), f"YAML syntax error: {moved_message}")
        hint = _syntax_hint(text, lines, line, column, problem, exc.context or "")
        if hint is not None:
            message += f"; {hint}"
        return Problem(Mark(source, line, column), message)
    if isinstance(exc, yaml.reader.ReaderError):  # unlikely: `_scan_characters` ran first
        index = min(max(exc.position, 0), len(text))
        line, column = _Lines(text).position(index)
        return Problem(Mark(source, line, column), f"YAML cannot read this character: {exc.reason}")
    if isinstance(exc, RecursionError):
        line, column = 1, 1
        if isinstance(loader, yaml.reader.Reader):
            here = loader.get_mark()
            line, column = here.line + 1, here.column + 1
        return Problem(
            Mark(source, line, column), "lists and mappings are nested far too deeply here"
        )
    # Not an error of PyYAML's about the text: a bug, in PyYAML or here. The author still gets
    # a problem rather than a crash, and the log gets the traceback to report.
    logger.error("reading %s failed unexpectedly", source, exc_info=exc)
    return Problem(Mark(source, 1, 1), f"YAML cannot read the file: {exc!r}")


def _moved_problem(
    text: str, lines: list[str], exc: yaml.MarkedYAMLError, line: int, column: int, problem: str
) -> tuple[int, int, str] | None:
    """For a syntax error at `line`:`column` whose cause is elsewhere (a quote not closed lines
    above, a ' #' that cut a {...} short): the line, column and message of that cause."""
    opened = _unclosed_quote_line(text, line)
    if opened is not None and opened[0] != line:
        number, col, mark = opened
        return (
            number,
            col,
            f"this {mark}quoted text{mark} is not closed, so YAML reads on to line {line}, "
            f"column {column} ({problem}): add the closing {mark} at the end of the text",
        )
    this_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if (bracket := _collection_then_text(this_line)) is not None:
        kind = "a list" if this_line[bracket] == "[" else "a mapping"
        return (
            line,
            bracket + 1,
            f"a text cannot start with '{this_line[bracket]}' (YAML reads what follows as "
            f"{kind}, then finds more text after it): put the whole text in quotes",
        )
    started = exc.context_mark
    if started is not None and exc.context and "flow" in exc.context:
        cut = _comment_in_flow(lines, started.line, started.column, line)
        if cut is not None:
            number, col = cut
            opening = lines[started.line][started.column : started.column + 1]
            brackets = "[...]" if opening == "[" else "{...}"
            return (
                number,
                col,
                f"' #' starts a comment, so YAML ignores the rest of the line, the end of the "
                f"{brackets} too: put the text in quotes",
            )
    if (
        started is not None
        and exc.context
        and "flow" in exc.context
        and started.line + 1 < line
        and (unclosed := _not_closed_on_its_line(lines, started.line, started.column, line))
    ):
        bracket_at, closers = unclosed
        return (
            started.line + 1,
            bracket_at + 1,
            f"this {quote(lines[started.line][bracket_at])} is not closed on its line, so YAML "
            f"reads on to line {line}, column {column} ({problem}): add {quote(closers)} at "
            f"the end of line {started.line + 1}",
        )
    return None


def _syntax_hint(
    text: str, lines: list[str], line: int, column: int, problem: str, context: str
) -> str | None:
    """The likely cause of a syntax error at `line`:`column` (YAML's `problem`, in `context`),
    and its fix, or None."""
    this_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if (key := _missing_comma(this_line, column, problem)) is not None:
        return (
            f"a ',' is missing before {quote(key)}: inside {{...}} and [...], items are "
            f"separated by commas"
        )
    if (bracket := _bracket_problem(this_line, column, problem)) is not None:
        return bracket
    if (typographic := _typographic_quote(this_line)) is not None:
        return (
            f"this line has a typographic quote {typographic} (as Word writes it), which YAML "
            f'does not read as a quote: put the text in straight quotes "..."'
        )
    if (closed_early := _quote_closed_before(this_line, column)) is not None:
        # `["Faturas" "Pagar"]`: the text ended where it should, a space, and no ',' after it.
        if "expected ',' or" in problem and closed_early < column - 1:
            return (
                    f"a ',' is missing after the text that ends in column {closed_early}: "
                    f"inside [...] and {{...}}, items are separated by commas"
                )
        if this_line[closed_early - 1] == "'":
            return (
                f"the quoted text on this line ends at the ' in column {closed_early}: inside "
                f"'single quotes' write '' for an apostrophe ('Caixa d''água'), or use double "
                f'quotes ("Caixa d\'água")'
            )
        return (
            f'the quoted text on this line ends at the " in column {closed_early}: a " inside '
            f'"double quotes" ends the text; write \\" for it, or use “ ” inside'
        )
    if (key_line := _key_above_a_deeper_line(text, line, problem)) is not None:
        return (
            f"this line is indented more than the key on line {key_line} above it, so YAML "
            f"reads it as more of that key's text: start it in the same column as that key "
            f"(or, if it is the text going on, put the whole text in quotes)"
        )
    if any(trap in problem for trap in _INDENTATION_TRAPS) and (
        aligned := _misaligned(lines, line)
    ) is not None:
        return aligned
    return next(
        (hint for trap, hint in _SYNTAX_HINTS if trap in problem or trap in context), None
    )


_CLOSERS: Final = {"[": "]", "{": "}"}
# A flow collection meant to go on over lines ends its first line open: `steps: [` or `a,`.
_GOES_ON: Final = ("[", "{", ",")


def _brackets(line: str, start: int) -> tuple[list[int], list[int]]:
    """The '[' and '{' on `line` from index `start` still open at its end, and the ']' and '}'
    that close nothing, by index; quoted texts are skipped as YAML reads them, and a ' #' ends
    the line. One pass over the line."""
    opened: list[int] = []
    stray: list[int] = []
    value_starts = True
    i = start
    while i < len(line):
        char = line[i]
        if char in "\"'" and value_starts:
            rest = _QUOTED_REST[char].match(line, i + 1)
            if rest is None:
                break  # a quoted text going on over the next line
            i, value_starts = rest.end(), False
            continue
        if char == "#" and i > 0 and line[i - 1] == " ":
            break
        if char in "[{":
            opened.append(i)
            value_starts = True
        elif char in "]}":
            if opened:
                opened.pop()
            else:
                stray.append(i)
            value_starts = False
        elif char == "," or (char == ":" and line[i + 1 : i + 2] in ("", " ")):
            value_starts = True
        elif char == "-" and value_starts and line[i + 1 : i + 2] in ("", " "):
            pass  # a list item's '- ': its value starts after it
        elif char != " ":
            value_starts = False
        i += 1
    return opened, stray


def _not_closed_on_its_line(
    lines: list[str], first: int, start: int, line: int
) -> tuple[int, str] | None:
    """For a syntax error at `line` (1-based) in the [...] or {...} opened at 0-based line
    `first`, column `start`: when that line leaves it open although it does not go on over
    the next lines (it ends with a text, not with '[', '{' or ','), and YAML failed at the start
    of `line`: the index of the outermost bracket left open and what closes them, else None."""
    if not 0 < line <= len(lines) or first >= len(lines):
        return None
    failed_at = lines[line - 1]
    if not failed_at.strip(" "):
        return None
    opened, _ = _brackets(lines[first], start)
    if not opened:
        return None
    code = lines[first].split(" #", 1)[0].rstrip(" ")
    if code.endswith(_GOES_ON):
        return None
    return opened[0], "".join(_CLOSERS[lines[first][i]] for i in reversed(opened))


def _bracket_problem(line: str, column: int, problem: str) -> str | None:
    """The hint for a syntax error at `column` of `line` caused by a bracket: a ')' or the
    wrong bracket where a [...] or {...} should close, a ']' or '}' that closes nothing, or a
    '}' at the end of an item whose '{' is missing. None for anything else."""
    at = line[column - 1 : column]
    opened, stray = _brackets(line, 0)
    expected = re.search(r"expected ',' or '(.)'", problem)
    if expected is not None and at in (")", "]", "}") and at != expected.group(1):
        closes = f", which closes the {quote(line[opened[-1]])} in column {opened[-1] + 1}"
        return (
            f"this {quote(at)} should be {quote(expected.group(1))}"
            f"{closes if opened else ''}"
        )
    if expected is None and at in ("]", "}") and column - 1 in stray:
        return f"this {quote(at)} closes nothing (what it closes is closed already): remove it"
    if "mapping values are not allowed" in problem and stray and not opened:
        if line[stray[-1]] == "}":
            return (
                'this line has a "}" that no "{" opens: put the "{" before the first key, as '
                'in - {id: ..., label: "...", next: ...}'
            )
        return (
            'this line has a "]" that no "[" opens: put the "[" before the first item, as in '
            'menu: ["...", "..."]'
        )
    return None


def _collection_then_text(line: str) -> int | None:
    """The index of the first '[' or '{' that starts a value on `line` if its closing bracket
    is followed by more text (`title: [NOVO] confira`: a text that starts with '['), else
    None. One pass over the line: a line of 100,000 '[' is read in linear time."""
    start = next((i for i in _value_starts(line) if line[i] in "[{"), None)
    if start is None:
        return None
    depth = 0
    for i in range(start, len(line)):
        if line[i] in "[{":
            depth += 1
        elif line[i] in "]}":
            depth -= 1
            if depth == 0:
                rest = line[i + 1 :].lstrip()
                return start if rest and rest[0] not in ",]}#:" else None
    return None


# Inside [...] or {...}: what matters to find a ' #' that cuts it short (brackets, quotes, the
# ',' and ': ' after which a value starts, '#').
_FLOW_TOKEN = re.compile(r"[\[\]{}\"',#]|:(?= |$)")
# The rest of a quoted text, its closing quote included: in "double quotes" up to a '"' that
# no backslash escapes, in 'single quotes' up to a "'" that is not doubled. Possessive (*+): a
# '' is never taken back to close the text.
_QUOTED_REST: Final = {
    '"': re.compile(r'(?:[^"\\]|\\.)*+"'),
    "'": re.compile(r"(?:[^']|'')*+'"),
}


def _comment_in_flow(
    lines: list[str], first: int, start: int, last: int
) -> tuple[int, int] | None:
    """The line and column of a ' #' after an unquoted text inside the [...] or {...} opened at
    0-based line `first`, column `start`, up to line `last`: the comment takes the rest of its
    line, the closing bracket included. None if there is none before the brackets close (a
    comment after them cuts nothing). One pass over the lines, brackets counted and quoted texts
    skipped as YAML reads them: linear in their length."""
    if first >= len(lines):
        return None
    depth = 0 if lines[first][start : start + 1] in ("[", "{") else 1
    quote = ""  # the quote of a quoted text going on from the line above
    value_starts = True  # whether a quote here would open a quoted text
    for number in range(first, min(last, len(lines))):
        line = lines[number]
        i = start if number == first else 0
        while True:
            if quote:
                rest = _QUOTED_REST[quote].match(line, i)
                if rest is None:
                    break  # the quoted text goes on on the next line
                i, quote, value_starts = rest.end(), "", False
            token = _FLOW_TOKEN.search(line, i)
            end = len(line) if token is None else token.start()
            if line[i:end].strip(" "):
                value_starts = False  # some unquoted text
            if token is None:
                break
            char = line[end]
            if char == "#":
                before = end - 1
                while before >= 0 and line[before] == " ":
                    before -= 1
                if before < end - 1:  # a comment: the rest of the line
                    if depth > 0 and before >= 0 and line[before] not in ",[{:":
                        return number + 1, end + 1
                    break
                value_starts = False  # a '#' inside a text (`Menu#2`)
            elif char in "\"'":
                if value_starts:
                    quote = char
                value_starts = False
            elif char in "[{":
                depth += 1
                value_starts = True
            elif char in "]}":
                depth -= 1
                if depth <= 0:
                    return None  # closed: a comment after it cuts nothing
                value_starts = False
            else:  # ',' or ': '
                value_starts = True
            i = end + 1
    return None


# A non-breaking space in the indentation, or right after a ':' or '- ' indicator: YAML reads
# it as text, never as the space it looks like.
_PASTED_SPACE = re.compile("^ *(\u00a0)|(?:^ *-|:)(\u00a0)")
# Where a value starts: at the line start (after the indentation and any '- '), after ': ', or
# after '[', '{' or ',' (in a flow collection).
_VALUE_START = re.compile(r"(?:^ *(?:- +)*|: +|[\[{,] *)")


def _pasted_space(text: str, first: int, last: int) -> tuple[int, int] | None:
    """The line and column of a non-breaking space that stands for a YAML space, in lines
    `first`..`last` (the last one first), or None."""
    if "\u00a0" not in text:
        return None
    lines = _BREAK.split(text)
    for number in range(min(last, len(lines)), first - 1, -1):
        match = _PASTED_SPACE.search(lines[number - 1])
        if match is not None:
            group = 1 if match.group(1) is not None else 2
            return number, match.start(group) + 1
    return None


def _value_starts(line: str) -> Iterator[int]:
    """The index of each value start on `line` (see `_VALUE_START`) that is not inside a quoted
    text started on this line: in `label: "Sim, “confirmo”"`, `“` starts no value."""
    position = 0
    while (match := _VALUE_START.search(line, position)) is not None:
        start = match.end()
        if start >= len(line):
            return
        yield start
        if line[start] in "\"'":
            position = _closing_quote(line, start) + 1
        else:
            position = max(start, match.start() + 1)


def _closing_quote(line: str, opening: int) -> int:
    """The index of the quote that closes the quoted text opened at `opening` on `line`
    (`len(line)` if it is not closed there): see `_QUOTED_REST`."""
    rest = _QUOTED_REST[line[opening]].match(line, opening + 1)
    return len(line) if rest is None else rest.end() - 1


def _typographic_quote(line: str) -> str | None:
    """The typographic quote that starts a value on `line` (a text put in Word's quotes
    instead of YAML's), or None."""
    if not any(mark in line for mark in _TYPOGRAPHIC):
        return None
    for start in _value_starts(line):
        if line[start] in _TYPOGRAPHIC:
            return line[start]
    return None


def _quote_closed_before(line: str, column: int) -> int | None:
    """When a quoted text on `line` is closed early by a quote meant to be inside it (a '"' in
    "double quotes", an apostrophe in 'single quotes'), so that YAML fails at `column`, right
    after it: the column of that quote, else None. Not
    when a key follows the quote (`"Sim" next: x`): that text ends where it should, and a ','
    is missing after it (see `_missing_comma`)."""
    index = column - 2  # the character before the error, 0-based
    while index >= 0 and line[index] == " ":
        index -= 1
    if index <= 0 or line[index] not in "\"'" or column - 1 >= len(line):
        return None
    if _NEXT_KEY.match(line, column - 1):
        return None
    mark = line[index]
    for opening in _value_starts(line):
        if opening < index and line[opening] == mark and _closing_quote(line, opening) == index:
            return index + 1
    return None


# A key and its ':' (what follows a missing ',' inside {...}).
_NEXT_KEY = re.compile(r"[A-Za-z_][\w-]*:(?: |$)")


def _missing_comma(line: str, column: int, problem: str) -> str | None:
    """For an "expected ',' or '}'" error at a `key:` inside {...}: that key, else None."""
    if "expected ',' or" not in problem:
        return None
    key = _NEXT_KEY.match(line, column - 1)
    return key.group().rstrip(" :") if key is not None else None


def _unclosed_quote_line(text: str, before: int) -> tuple[int, int, str] | None:
    """Where a quoted text still open at line `before` (a syntax error's) was opened: its line,
    column and quote character, or None. A hint for syntax errors only.

    Only a quote that starts a value opens a quoted text (`key: "...`, `- '...`, or after `[`,
    `{` or `,`): in `label: Menu "2"` the quotes are part of the text. A double-quoted text
    ends at an unescaped `"`, a single-quoted one at a `'` that is not doubled, and either may
    go on over several lines; outside them, ` #` starts a comment. The lines of a block text
    (after `key: |` or `key: >-`) are text, not YAML: a quote in them opens nothing."""
    quote, opened, opened_at, depth = "", 0, 0, 0  # depth: inside how many [ or {
    block = -1  # in a block text: the column of its key (its lines are indented deeper)
    for number, line in enumerate(_BREAK.split(text)[: before - 1], start=1):
        if block >= 0:
            if not line.strip(" ") or len(line) - len(line.lstrip(" ")) > block:
                continue  # a line of the block text
            block = -1
        if not quote and not depth:
            block = _block_text_header(line)
        value_starts = True  # at the start of a line (after its indentation)
        i = 0
        while i < len(line):
            char = line[i]
            after = line[i + 1] if i + 1 < len(line) else " "
            if quote == '"':
                if char == "\\":
                    i += 1  # the escaped character
                elif char == '"':
                    quote = ""
            elif quote == "'":
                if char == "'" and after == "'":
                    i += 1  # '' is a quote inside the text
                elif char == "'":
                    quote = ""
            elif char == "#" and (i == 0 or line[i - 1] in " \t"):
                break  # a comment, to the end of the line
            elif char in "\"'" and value_starts:
                quote, opened, opened_at = char, number, i + 1
            elif char in "[{" and value_starts:
                depth += 1
            elif char in "]}" and depth:
                depth -= 1
                value_starts = False
            elif (char == "," and depth) or (char == ":" and after in " \t"):
                value_starts = True
            elif char == "-" and value_starts and after in " \t":
                pass  # a list item's "- ": its value starts after it
            elif char not in " \t":
                value_starts = False
            i += 1
    return (opened, opened_at, quote) if quote else None


# A line that starts a block text: `key: |`, `- key: >-`, `- |` (with its indicators, and
# perhaps a comment); the text is on the lines below, indented deeper than the key (or '-').
_BLOCK_HEADER = re.compile(r"( *)((?:- +)*)(?:[^\s#][^#]*?: +)?[|>][-+0-9]* *(?:#.*)?\Z")


def _block_text_header(line: str) -> int:
    """The column (0-based) that the lines of a block text started on `line` are indented
    deeper than: that of its key, or of the '-' of `- |`; -1 if `line` starts none."""
    header = _BLOCK_HEADER.match(line)
    if header is None:
        return -1
    indent, dashes = header.group(1, 2)
    if header.end(2) < header.end() and line[header.end(2)] not in "|>":
        return len(indent) + len(dashes)  # the key's column
    if dashes:
        return len(indent) + len(dashes.rstrip(" ")) - 1  # the last '-'
    return -1


_KEY_LINE = re.compile(r"^( *)(?:- +)?([A-Za-z_][\w-]*):(?: |$)")

# The syntax errors of a line that starts in no column of the lines above it.
_INDENTATION_TRAPS: Final = ("expected key", "expected <block end>", "expected '-' indicator")
# What starts a line, for its indentation: its '- ' (one or more), then a key and its ':'.
_LINE_START = re.compile(r"( *)((?:-(?: +|$))*)(?:(\w[\w -]*?):(?: |$))?")
# How far (in columns) a line may be from the one it goes with to be called one misaligned.
_MISALIGNED_BY = 3


def _misaligned(lines: list[str], line: int) -> str | None:
    """For an indentation error at `line` whose '- ' or key starts in a column no line above
    it uses for one (one space too few or too many): the hint naming the nearest '- ' or key
    above it, within _MISALIGNED_BY columns, with its line and column, else None.

    The lines above are read for what starts each one (a '- ', a key), keeping the ones still
    open at `line` (a line closes those further right, and those of its kind in its column);
    the lines of a block text (`key: >-`) and those with neither are passed over. One pass
    over the lines above."""
    if not 0 < line <= len(lines):
        return None
    here = _starts(lines[line - 1])
    if not here:
        return None
    kind, column, _ = here[0]
    open_starts: list[tuple[str, int, str, int]] = []  # kind, column, key, line number
    block = -1  # in a block text: the column its lines are deeper than
    for number, text in enumerate(lines[: line - 1], start=1):
        indent = len(text) - len(text.lstrip(" "))
        if block >= 0:
            if not text.strip(" ") or indent > block:
                continue
            block = -1
        starts = _starts(text)
        if not starts:
            continue
        first_kind, first_column, _ = starts[0]
        open_starts = [
            start
            for start in open_starts
            if start[1] < first_column
            or (start[1] == first_column and start[0] == "key" and first_kind == "-")
        ]
        open_starts += [(k, c, name, number) for k, c, name in starts]
        block = _block_text_header(text)
    same = [start for start in open_starts if start[0] == kind]
    if not same or any(start[1] == column for start in same):
        return None
    _, near, name, number = min(same, key=lambda start: (abs(start[1] - column), -start[3]))
    if abs(near - column) > _MISALIGNED_BY:
        return None
    if kind == "-":
        return (
            f"check the indentation: this '- ' is in column {column}, the '- ' on line "
            f"{number} above it in column {near}; the items of one list start with '- ' in "
            f"the same column"
        )
    return (
        f"check the indentation: this line starts in column {column}, the key {quote(name)} "
        f"on line {number} above it in column {near}; the keys that go together (those of "
        f"one screen, one option, one contact) start in the same column"
    )


def _starts(text: str) -> list[tuple[str, int, str]]:
    """What starts the line `text`: each '- ' and then its key, as (kind, 1-based column, key
    name); kind is "-" or "key". [] for a blank line, a comment, or a line with neither."""
    match = _LINE_START.match(text)
    if match is None:  # pragma: no cover - every part of the pattern may be empty
        return []
    column = len(match.group(1)) + 1
    found: list[tuple[str, int, str]] = []
    for dash in re.finditer("-", match.group(2)):
        found.append(("-", column + dash.start(), ""))
    if match.group(3) is not None:
        found.append(("key", column + len(match.group(2)), match.group(3)))
    return found


def _key_above_a_deeper_line(text: str, line: int, problem: str) -> int | None:
    """For a "mapping values are not allowed" error on a `key: value` line: the line of the key
    above it when this line is indented further than that key (one space too many), else None.
    """
    if "mapping values are not allowed" not in problem:
        return None
    lines = _BREAK.split(text)
    here = _KEY_LINE.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if here is None:
        return None
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        key = _KEY_LINE.match(above)
        if key is None:
            return None
        return number if key.start(2) < here.start(2) else None
    return None
