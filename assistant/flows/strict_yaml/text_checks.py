"""The text as a whole, before YAML reads it: what `compose_strict` reports first.

Refused, each at its `line:col`: bytes that are not UTF-8 (a UTF-16 file), a file over
`MAX_BYTES` (`too_large`), an empty file, characters YAML does not allow; reported, and refused
too: tabs, the line breaks YAML sees and an editor does not (U+2028, ...), anchors and aliases
(`&a`, `*a`). Of each kind, the first `MAX_LISTED` are listed one by one, then one "and N more".

Also here because the other modules need them: `_Lines` and `_BREAK` (a position in the text as
an editor shows it), `_report_matches` (the walker reports invisible characters in a text with
it) and `_TYPOGRAPHIC` (quotes as Word writes them, which YAML does not read as quotes).
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Final

import yaml
from yaml.tokens import AliasToken, AnchorToken

from assistant.flows.model import Mark
from assistant.flows.problems import Problem
from assistant.flows.strict_yaml import tags

MAX_BYTES: Final = 8 * 1024 * 1024
"""The largest file read (8 MiB); the real flows file is about 12 KB."""

MAX_LISTED: Final = 20
"""Tabs, control characters, anchors/aliases reported one by one before one "and N more"."""

# Characters YAML does not allow at all (the C0/C1 controls but tab, CR, LF, NEL; surrogates;
# U+FFFE/U+FFFF).
_BAD_CHAR = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# An '&' or '*' followed by a name character; it is an anchor or alias only if it also follows
# a line start, a blank or a flow indicator (`_AFTER`). Only then is the file scanned token by
# token (slow) to be sure: "Perguntas & respostas" does not trigger it.
_ANCHOR_OR_ALIAS = re.compile(r"[&*][^\s\[\]{},]")
_AFTER = frozenset(" \t\r\n\x85\u2028\u2029[]{},:?-")
# Line breaks as a text editor counts lines. YAML also breaks lines at U+0085, U+2028 and
# U+2029, which editors show on the line they are on: those are reported and replaced before the
# text is parsed (see `_unusual_breaks`), so that every position is an editor's.
_BREAK = re.compile("\r\n?|\n")
_UNUSUAL_BREAK = re.compile("[\x85\u2028\u2029]")
_TAB = re.compile("\t")
_UNUSUAL_BREAK_NAMES: Final = {
    "\x85": "next-line character U+0085",
    "\u2028": "line separator U+2028",
    "\u2029": "paragraph separator U+2029",
}


class _Lines:
    """Converts a character index of the text to a 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def position(self, index: int) -> tuple[int, int]:
        row = bisect_right(self.starts, index) - 1
        return row + 1, index - self.starts[row] + 1


# Typographic quotes, as Word writes them: YAML does not read them as quotes.
_TYPOGRAPHIC = "“”„‘’‚«»"


def too_large(source: str, size: int | None, *, noun: str) -> Problem:
    """The problem of a file over MAX_BYTES (`size` in bytes, None if not known)."""
    written = f"{size:,} bytes" if size is not None else f"more than {MAX_BYTES:,} bytes"
    return Problem(
        Mark(source, 1, 1),
        f"the file is too large ({written}; the limit is 8 MiB): a {noun} is a few dozen "
        f"KB, check that this is the right file",
    )


def _decode(
    data: str | bytes, source: str, problems: list[Problem], noun: str, starts_with: str
) -> str | None:
    """The text of `data` without its BOM, or None after reporting why it cannot be read."""
    if isinstance(data, str):
        size = len(data)
        if size > MAX_BYTES // 4:  # only then can its UTF-8 form be over the cap
            size = len(data.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:
            problems.append(too_large(source, size, noun=noun))
            return None
        text = data[1:] if data.startswith("\ufeff") else data
    else:
        raw = bytes(data)
        if len(raw) > MAX_BYTES:
            problems.append(too_large(source, len(raw), noun=noun))
            return None
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            problems.append(
                Problem(Mark(source, 1, 1), "the file is saved as UTF-16; save it as UTF-8")
            )
            return None
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            good = raw[: exc.start].decode("utf-8")
            line, column = _Lines(good).position(len(good))
            problems.append(
                Problem(
                    Mark(source, line, column),
                    f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02X} here); save it "
                    f"as UTF-8 (it was probably saved as Latin-1 / Windows-1252)",
                )
            )
            return None
    if not text or text.isspace():
        message = "the file is empty"
        if starts_with:
            message += f"; a {noun} starts with {starts_with}"
        problems.append(Problem(Mark(source, 1, 1), message))
        return None
    return text


def _report_capped(
    found: list[tuple[Mark, str]], total: int, problems: list[Problem], plural: str
) -> None:
    """The first MAX_LISTED of `found` (which holds at least MAX_LISTED + 1 when `total` is
    larger) as problems, then one "and N more" at the next one."""
    problems.extend(Problem(mark, message) for mark, message in found[:MAX_LISTED])
    if total > MAX_LISTED:
        more = total - MAX_LISTED
        problems.append(Problem.more(found[MAX_LISTED][0], more, plural))


def _scan_characters(text: str, source: str, problems: list[Problem]) -> bool:
    """Reports tabs, and characters YAML refuses; False if there are any of the latter (the text
    cannot be parsed then). Only the first few are located; the others are counted."""
    lines: _Lines | None = None
    if "\t" in text:
        lines = _Lines(text)
        message = (
            "tab character; use spaces (YAML does not allow tabs for indentation, and a tab in "
            "a text is invisible)"
        )
        _report_matches(_TAB, text, lines, source, problems, lambda _: message, "tab characters")
    if _BAD_CHAR.search(text) is None:
        return True
    _report_matches(
        _BAD_CHAR,
        text,
        lines or _Lines(text),
        source,
        problems,
        lambda char: f"invisible character U+{ord(char):04X} is not allowed in YAML; delete it",
        "characters that are not allowed",
    )
    return False


def _unusual_breaks(text: str, source: str, problems: list[Problem]) -> str:
    """Reports the line breaks YAML sees and an editor does not (U+2028 and the like, pasted
    invisibly from Word or a web page: YAML would count a line more after each, and keep it in
    a text), and returns `text` with each replaced by a space, so that YAML counts lines as an
    editor does; the file is refused anyway."""
    if _UNUSUAL_BREAK.search(text) is None:
        return text
    _report_matches(
        _UNUSUAL_BREAK,
        text,
        _Lines(text),
        source,
        problems,
        lambda char: f"invisible {_UNUSUAL_BREAK_NAMES[char]}, a line break for YAML; delete it",
        "invisible line breaks",
    )
    return _UNUSUAL_BREAK.sub(" ", text)


def _report_matches(
    pattern: re.Pattern[str],
    text: str,
    lines: _Lines,
    source: str,
    problems: list[Problem],
    message: Callable[[str], str],
    plural: str,
    start: int = 0,
    end: int | None = None,
) -> None:
    """Each match of `pattern` in `text` (from index `start` to `end`) as a problem,
    `message(the matched text)`, at its position: the first MAX_LISTED, then one "and N more
    {plural}" (only those are located)."""
    end = len(text) if end is None else end
    found: list[tuple[Mark, str]] = []
    for match in pattern.finditer(text, start, end):
        line, column = lines.position(match.start())
        found.append((Mark(source, line, column), message(match.group())))
        if len(found) > MAX_LISTED:
            break
    total = len(pattern.findall(text, start, end)) if len(found) > MAX_LISTED else len(found)
    _report_capped(found, total, problems, plural)


def _may_have_anchors(text: str) -> bool:
    if "&" not in text and "*" not in text:
        return False
    for match in _ANCHOR_OR_ALIAS.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1] in _AFTER:
            return True
    return False


def _scan_anchors(text: str, source: str, problems: list[Problem]) -> bool:
    """Reports every anchor (&name) and alias (*name); True if there is an alias. Token by token,
    so run only when `_may_have_anchors`."""
    found: list[tuple[Mark, str]] = []
    total = 0
    aliased = False
    loader = tags._Loader(text)  # looked up at each call: the tests switch composers
    try:
        token = loader.get_token()
        while token is not None:
            kind = type(token)
            if kind is AnchorToken or kind is AliasToken:
                total += 1
                aliased = aliased or kind is AliasToken
                if len(found) <= MAX_LISTED:
                    found.append((_mark_of(token, source), _anchor_message(token)))
            token = loader.get_token()
    except yaml.YAMLError:
        pass  # a syntax error: composing reports it
    finally:
        loader.dispose()
    _report_capped(found, total, problems, "anchors and aliases")
    return aliased


def _mark_of(token: yaml.Token, source: str) -> Mark:
    return Mark(source, token.start_mark.line + 1, token.start_mark.column + 1)


def _anchor_message(token: yaml.Token) -> str:
    name = getattr(token, "value", "")
    if type(token) is AliasToken:
        return (
            f"alias *{name} is not allowed (it repeats content by reference); write the content "
            f"out in full here"
        )
    return (
        f"anchor &{name} is not allowed; remove it and write the content out in full wherever "
        f"it is used"
    )
