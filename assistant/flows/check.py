"""Graph and content rules of a flows file, checked after it has been loaded.

The loader guarantees the structure (every screen has an id, a kind, a title; results have no
options; ...). `check_flow` then looks at the flow as a whole and returns *every* problem at once,
each at the mark of the object to fix, sorted by position:

- `start` names a screen, and every option's `next` names a screen ("did you mean ...?");
- screen ids, option ids within a screen and contact ids are unique;
- a question screen has exactly the options "sim" and "nao";
- a screen that is not a result has options (no dead end), a result has steps;
- every screen can be reached from the start (of the unreachable screens, only those that no
  other one leads to are reported, each with how many are only reachable through it), and a
  result can be reached from every screen;
- a result names only known contacts, a WhatsApp result names at least one, and every WhatsApp
  number is a Brazilian mobile number written as "+55 11 99991-0621".

Names and values in messages are written as `strict_yaml.quote` writes them ("inicio"), as in the
loader's messages.

Everything is linear in the size of the flow: the graph walks visit each screen and option a
few times, and the (quadratic-ish) "did you mean" search only runs for names that are actually
wrong, at most `MAX_SUGGESTIONS` times per check. Like the YAML walker, the list stops after
`MAX_PROBLEMS` problems.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Final

from assistant.flows.model import (
    NO_MARK,
    QUESTION_OPTION_IDS,
    Channel,
    Contact,
    Flow,
    Mark,
    Option,
    Screen,
    ScreenKind,
)
from assistant.flows.problems import Problem, counted
from assistant.flows.strict_yaml import MAX_PROBLEMS, NodeWalker, quote

__all__ = [
    "BRAZILIAN_DDDS",
    "EXAMPLE_NUMBER",
    "MAX_SUGGESTIONS",
    "check_flow",
    "whatsapp_number_problem",
]

# The area codes (DDD) ANATEL assigns, 67 in all. Numbers in between (20, 23, 25, 26, 29, 30, 36,
# 39, 40, 50, 52, 56-60, 70, 72, 76, 78, 80, 90) are not in use.
BRAZILIAN_DDDS: frozenset[str] = frozenset(
    f"{ddd:02d}"
    for ddd in (
        *range(11, 20),  # São Paulo
        21, 22, 24,  # Rio de Janeiro
        27, 28,  # Espírito Santo
        31, 32, 33, 34, 35, 37, 38,  # Minas Gerais
        *range(41, 47),  # Paraná
        47, 48, 49,  # Santa Catarina
        51, 53, 54, 55,  # Rio Grande do Sul
        *range(61, 70),  # DF, GO, TO, MT, MS, AC, RO
        71, 73, 74, 75, 77,  # Bahia
        79,  # Sergipe
        *range(81, 90),  # PE, AL, PB, RN, CE, PI
        *range(91, 100),  # PA, AM, RR, AP, MA
    )
)  # fmt: skip

EXAMPLE_NUMBER = "+55 11 99991-0621"

# "Did you mean" compares a wrong name with every known one; bound how often a single check
# does it, so that a file with thousands of broken links still checks in linear time.
MAX_SUGGESTIONS = 100

_ALLOWED_NUMBER_CHARS = re.compile(r"[0-9 ()+\-]*")


def whatsapp_number_problem(number: str) -> str | None:
    """What is wrong with `number` as a WhatsApp number of a Brazilian mobile, or None if it is
    fine: "+55", a two-digit DDD in use, then nine digits starting with 9. Spaces, dashes,
    parentheses and the leading "+" may be written; nothing else."""
    written = number.strip()
    if not written:
        return "it is empty"
    if not _ALLOWED_NUMBER_CHARS.fullmatch(written):
        bad = next(c for c in written if not _ALLOWED_NUMBER_CHARS.fullmatch(c))
        return (
            f"it contains {_character(bad)}{_look_alike(bad)}; only digits, spaces, dashes, "
            f'parentheses and a leading "+" are allowed'
        )
    if "+" in written[1:]:
        return '"+" may only come first'
    if not _parentheses_balanced(written):
        return "its parentheses do not match"
    digits = "".join(c for c in written if c.isdigit())
    if not written.startswith("+") or not digits.startswith("55"):
        return "it must start with the country code +55"
    national = digits[2:]
    if len(national) != 11:
        return (
            f"after +55 it must have 11 digits (a 2-digit DDD and a 9-digit mobile number), "
            f"not {len(national)}"
        )
    if national[:2] not in BRAZILIAN_DDDS:
        return f"{national[:2]} is not a Brazilian area code (DDD)"
    if national[2] != "9":
        return "a mobile number starts with 9 after the DDD"
    return None


# What may stand between the digits of a number written by hand or pasted: spaces of any kind,
# dots, slashes, dashes of any kind, parentheses.
_NUMBER_SEPARATORS = re.compile(r"[\s./()\-\u2010-\u2015\u2212\uff08\uff09]")


def _how_to_write(number: str) -> str:
    """The fix for the WhatsApp number `number`: its own digits written as the assistant wants
    them (`(32) 99991-0621` -> "+55 32 99991-0621": with the country code, without the dots or
    the 0 before the DDD) when they make a valid mobile number, else the example's form."""
    written = unicodedata.normalize("NFKC", number).strip()
    plus = written.startswith("+")
    digits = _NUMBER_SEPARATORS.sub("", written[1:] if plus else written)
    if not plus and digits.startswith("00"):  # 0055: the international prefix for +
        digits, plus = digits[2:], True
    like = f"write it like {quote(EXAMPLE_NUMBER)}"
    if not digits.isascii() or not digits.isdigit() or (plus and not digits.startswith("55")):
        return like  # not only digits, or another country's
    national = digits[2:] if plus or (digits.startswith("55") and len(digits) >= 13) else digits
    if len(national) == 12 and national.startswith("0"):  # 011: the trunk prefix before the DDD
        national = national[1:]
    meant = f"+55 {national[:2]} {national[2:7]}-{national[7:]}"
    if len(national) != 11 or whatsapp_number_problem(meant) is not None:
        return like
    return f"write {quote(meant)}"


# What to call a character that does not show, or looks like a plain space.
_CHARACTER_NAMES: Final = {
    "\t": "a tab",
    "\u00a0": "a non-breaking space",
    "\u2007": "a figure space",
    "\u202f": "a narrow non-breaking space",
    "\u3000": "an ideographic space",
    "\u200b": "a zero-width space",
    "\u2060": "a word joiner",
    "\ufeff": "a zero-width no-break space (byte order mark)",
}


def _character(char: str) -> str:
    """`char` for a message: a visible one in quotes ('"."'), any other by its name and code
    point ("a non-breaking space (U+00A0)"), never as a Python escape."""
    name = _CHARACTER_NAMES.get(char)
    if name is None:
        if char.isprintable() and not char.isspace():
            return quote(char)
        unicode_name = unicodedata.name(char, "")
        name = f"the character {unicode_name.lower()}" if unicode_name else "a control character"
    return f"{name} (U+{ord(char):04X})"


def _renamed(unnamed: frozenset[str], unknown: Collection[str]) -> frozenset[str]:
    """The ids nothing names (`unnamed`) as the likely new names of the `unknown` ones, or none
    when there are more of them: a rename leaves one id unnamed for each name it left behind."""
    return unnamed if len(unnamed) <= len(unknown) else frozenset()


# Past this many letters compared (the product of the two lengths), a name is not a misspelling.
_MAX_SPELLING_CELLS = 10_000


def _misspelling_of(name: str, wrong: str) -> bool:
    """Whether `wrong` reads as `name` misspelt: set aside the start and end they share, a few
    letters of what is left differ (one letter left out, added, typed wrong, or two swapped;
    two left out or added; more only in a longer part, one in three). Ids share long starts
    (`duplicado_`, `negociar_whatsapp_`): on the whole id, the `duplicado_estorno` of a deleted
    screen is as close to `duplicado_site` as a typo, and `regiao_nordeste` to `regiao_norte`,
    but each is another screen or contact."""
    shorter = min(len(name), len(wrong))
    start = 0
    while start < shorter and name[start] == wrong[start]:
        start += 1
    end = 0
    while end < shorter - start and name[-1 - end] == wrong[-1 - end]:
        end += 1
    meant, typed = name[start : len(name) - end], wrong[start : len(wrong) - end]
    if len(meant) * len(typed) > _MAX_SPELLING_CELLS:
        return False
    edits = _edits(meant, typed)
    if edits <= max(1, max(len(meant), len(typed)) // 3):
        return True
    return edits <= 2 and edits == abs(len(meant) - len(typed))  # only letters left out or added


def _edits(a: str, b: str) -> int:
    """The fewest letters to add, remove, change or swap with the next to turn `a` into `b`
    (optimal string alignment distance)."""
    before: list[int] = []
    above = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(above[j] + 1, row[j - 1] + 1, above[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
        before, above = above, row
    return above[len(b)]


# Letters typed for the digits they look like.
_LETTERS_FOR_DIGITS: Final = {"O": "0", "o": "0", "l": "1", "I": "1"}


def _look_alike(char: str) -> str:
    """", which looks like X but is not it" when `char`, not allowed in a number, looks like the
    X that is (an en dash or a non-breaking hyphen for '-', a full-width digit, the letter O
    for 0), else "": quoted alone, "–" reads as the dash the author believes was typed."""
    if char in _LETTERS_FOR_DIGITS:
        return f", the letter {char}, not the digit {_LETTERS_FOR_DIGITS[char]}"
    if unicodedata.category(char) == "Pd" or char == "\u2212":  # dashes, the minus sign
        plain = "-"
    else:
        plain = unicodedata.normalize("NFKC", char)
        if plain == char or not _ALLOWED_NUMBER_CHARS.fullmatch(plain) or plain == " ":
            return ""
    name = unicodedata.name(char, "").lower()
    return f", the character {name} (U+{ord(char):04X}), not the {quote(plain)} of the keyboard"


def _parentheses_balanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
            if depth > 1:
                return False
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def check_flow(flow: Flow) -> list[Problem]:
    """Every problem of `flow`, sorted by position (file, line, column); past MAX_PROBLEMS, the
    first MAX_PROBLEMS and then the YAML walker's "stopped after ..." at the last of them."""
    checker = _Checker(flow)
    checker.run()
    problems = sorted(
        checker.problems,
        key=lambda p: (p.mark.file, p.mark.line, p.mark.column, p.message),
    )
    if len(problems) > MAX_PROBLEMS:
        del problems[MAX_PROBLEMS:]
        problems.append(Problem.stop(problems[-1].mark, NodeWalker.stop_message))
    return problems


def _start_mark(flow: Flow) -> Mark:
    """Where `start:` is written: `Flow.start_mark` once the model carries it (and the loader
    filled it in), otherwise the top of the file."""
    mark = getattr(flow, "start_mark", None)
    if isinstance(mark, Mark) and mark.line >= 1:
        return mark
    return Mark(flow.source, 1, 1)


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(quote(n) for n in names)


class _Checker:
    """One run of the rules over one flow; collects problems in `problems`."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.problems: list[Problem] = []
        self._suggestions_left = MAX_SUGGESTIONS
        self._suggestion_cache: dict[tuple[str, str], list[str]] = {}
        self.suggested_screens: set[str] = set()  # the screens a "did you mean" names
        # The screens the flow uses: the first definition of each id (as Flow.screen does).
        self.screens: Mapping[str, Screen] = {sid: flow.screen(sid) for sid in flow.screen_ids}
        self.screen_ids = tuple(self.screens)

    def report(self, mark: Mark, message: str) -> None:
        self.problems.append(Problem(mark, message))

    def did_you_mean(
        self,
        kind: str,
        wrong: str,
        known: Sequence[str],
        likely: Collection[str] = (),
        exclude: str = "",
    ) -> str:
        """The hint '; did you mean "x"?' for the closest known name but `exclude` (the screen
        an option is in: it would not name itself), or "" if none is close (or the suggestion
        budget is spent). A close name among `likely` (a screen or contact nothing names any
        more: renamed) wins over a closer one among the rest, which must read as a misspelling
        of `wrong` (`_misspelling_of`): a name only alike is another screen or contact."""
        close = [name for name in self._close_names(kind, wrong, known) if name != exclude]
        close = [name for name in close if name in likely] or [
            name for name in close if _misspelling_of(name, wrong)
        ]
        if not close:
            return ""
        if kind == "screen":
            self.suggested_screens.add(close[0])
        return f"; did you mean {quote(close[0])}?"

    def _close_names(self, kind: str, wrong: str, known: Sequence[str]) -> list[str]:
        """The known names closest to `wrong`, closest first; looked up once per wrong name,
        at most MAX_SUGGESTIONS times per check ([] after that)."""
        key = (kind, wrong)
        close = self._suggestion_cache.get(key)
        if close is None:
            close = []
            if self._suggestions_left > 0:
                self._suggestions_left -= 1
                close = difflib.get_close_matches(wrong, known, n=6)  # 5 once one is excluded
            self._suggestion_cache[key] = close
        return close

    def run(self) -> None:
        self.check_start()
        self.check_duplicate_screens()
        self.check_screens()
        self.check_contacts()
        self.check_reachability()

    # --- rules -------------------------------------------------------------------------------

    def check_start(self) -> None:
        flow = self.flow
        if not flow.has_screen(flow.start):
            hint = self.did_you_mean("screen", flow.start, self.screen_ids)
            self.report(
                _start_mark(flow), f"start screen {quote(flow.start)} is not a screen id{hint}"
            )

    def check_duplicate_screens(self) -> None:
        first: dict[str, Screen] = {}
        for screen in self.flow.screens:
            if screen.id in first:
                line = first[screen.id].mark.line
                self.report(
                    screen.mark,
                    f"duplicate screen id {quote(screen.id)} (first defined at line {line})",
                )
            else:
                first[screen.id] = screen

    def _screens_nothing_leads_to(self) -> frozenset[str]:
        """Screens no option names as `next` (the start aside): where a `next` that names no
        screen most likely meant to go, after a screen was renamed and one reference forgotten.
        None of them when they outnumber the names of no screen: a deleted screen left the
        screens it led to with nothing leading to them, and they are not what its name meant."""
        named = {option.next for screen in self.flow.screens for option in screen.options}
        orphans = frozenset(self.screen_ids) - named - {self.flow.start}
        return _renamed(orphans, {name for name in named if not self.flow.has_screen(name)})

    def _unused_contacts(self) -> frozenset[str]:
        """Contacts no result names: where an unknown contact id most likely meant to go, after
        a contact was renamed and one reference forgotten (see `_renamed`)."""
        named = {cid for screen in self.flow.screens for cid in screen.contacts}
        unused = frozenset(c.id for c in self.flow.contacts) - named
        return _renamed(unused, {name for name in named if not self.flow.has_contact(name)})

    def check_screens(self) -> None:
        flow = self.flow
        orphans: frozenset[str] | None = None  # worked out at the first unknown `next`
        for screen in flow.screens:
            seen: dict[str, Mark] = {}
            labels: dict[str, Option] = {}
            for option in screen.options:
                if option.id in seen:
                    self.report(
                        option.mark,
                        f"duplicate option id {quote(option.id)} in screen {quote(screen.id)} "
                        f"(first at line {seen[option.id].line})",
                    )
                else:
                    seen[option.id] = option.mark
                    self.check_label(screen, option, labels)
                if not flow.has_screen(option.next):
                    if orphans is None:
                        orphans = self._screens_nothing_leads_to()
                    hint = self.did_you_mean(
                        "screen", option.next, self.screen_ids, orphans, exclude=screen.id
                    )
                    # At the misspelled name, where the author fixes it (not at the option's "{").
                    at = option.next_mark if option.next_mark != NO_MARK else option.mark
                    self.report(
                        at,
                        f"option {quote(option.id)} leads to unknown screen "
                        f"{quote(option.next)}{hint}",
                    )
            if screen.is_result:
                self.check_result(screen)
            elif not screen.options:
                self.report(
                    screen.mark,
                    f"screen {quote(screen.id)} has no options: a dead end (give it options, "
                    f"or make it kind: result)",
                )
            elif screen.kind is ScreenKind.QUESTION:
                ids = tuple(o.id for o in screen.options)
                if len(ids) != 2 or set(ids) != set(QUESTION_OPTION_IDS):
                    self.report(
                        screen.mark,
                        f"question screen {quote(screen.id)} must have exactly the options "
                        f"{_quoted(QUESTION_OPTION_IDS)}, not {_quoted(ids)} "
                        f"(use kind: choice for other answers)",
                    )

    def check_label(self, screen: Screen, option: Option, labels: dict[str, Option]) -> None:
        """Reports `option` if an option of `screen` before it (in `labels`, by label written
        the same way) has its label: two buttons alike, the customer cannot tell them apart."""
        same = " ".join(option.label.casefold().split())
        if not same:
            return
        first = labels.setdefault(same, option)
        if first is not option:
            self.report(
                option.mark,
                f"option {quote(option.id)} of screen {quote(screen.id)} has the label of option "
                f"{quote(first.id)} (line {first.mark.line}), {quote(option.label)}: the customer "
                f"could not tell them apart; write its own label",
            )

    def check_result(self, screen: Screen) -> None:
        flow = self.flow
        if not screen.steps:
            self.report(screen.mark, f"result {quote(screen.id)} has no steps")
        named: set[str] = set()
        marks = screen.contact_marks
        for index, contact_id in enumerate(screen.contacts):
            # At the id in the `contacts:` list, when the loader says where it is.
            where = marks[index] if index < len(marks) else screen.mark
            if contact_id in named:
                self.report(
                    where, f"result {quote(screen.id)} names contact {quote(contact_id)} twice"
                )
            named.add(contact_id)
            if not flow.has_contact(contact_id):
                known = tuple(c.id for c in flow.contacts)
                hint = self.did_you_mean("contact", contact_id, known, self._unused_contacts())
                self.report(
                    where,
                    f"result {quote(screen.id)} names unknown contact {quote(contact_id)}{hint}",
                )
        if screen.channel is Channel.WHATSAPP and not screen.contacts:
            self.report(
                screen.mark,
                f"WhatsApp result {quote(screen.id)} names no contacts: the customer would get no "
                f"number",
            )

    def check_contacts(self) -> None:
        first: dict[str, Contact] = {}
        for contact in self.flow.contacts:
            if contact.id in first:
                self.report(
                    contact.mark,
                    f"duplicate contact id {quote(contact.id)} "
                    f"(first defined at line {first[contact.id].mark.line})",
                )
            else:
                first[contact.id] = contact
            problem = whatsapp_number_problem(contact.number)
            if problem is not None:
                self.report(
                    contact.mark if contact.number_mark == NO_MARK else contact.number_mark,
                    f"WhatsApp number {quote(contact.number)} of contact {quote(contact.id)} is "
                    f"not a Brazilian mobile number: {problem}; {_how_to_write(contact.number)}",
                )

    def check_unreachable(self, forward: Mapping[str, Sequence[str]], reachable: set[str]) -> None:
        """Reports the screens the start cannot reach: only the first of each unreachable part
        (a screen no other unreachable screen leads to, or the first of a loop of them), with
        how many screens can only be reached through it. A screen a "did you mean" names is
        left out: fixing that `next` reaches it."""
        edges = {
            sid: [target for target in targets if target not in reachable]
            for sid, targets in forward.items()
            if sid not in reachable
        }
        start = self.flow.start
        for root, followers in _parts(edges):
            if root in self.suggested_screens:
                continue
            message = f"screen {quote(root)} cannot be reached from the start screen {quote(start)}"
            if followers:
                message += f" (and {counted(followers, 'screen')} only reachable through it)"
            self.report(self.screens[root].mark, message)

    def check_reachability(self) -> None:
        """Forward from the start (unreachable screens), backward from the results (screens from
        which no result can be reached). Each walk sees every screen and option a few times."""
        screens = self.screens
        forward: dict[str, list[str]] = {sid: [] for sid in screens}
        backward: dict[str, list[str]] = {sid: [] for sid in screens}
        for sid, screen in screens.items():
            for option in screen.options:
                if option.next in screens:
                    forward[sid].append(option.next)
                    backward[option.next].append(sid)

        if self.flow.start in screens:
            # A screen copied and its id left unchanged is reported as a duplicate: the screens
            # its copy leads to are not also reported as unreachable.
            leads_to = {sid: list(targets) for sid, targets in forward.items()}
            for screen in self.flow.screens:
                if screens[screen.id] is not screen:
                    leads_to[screen.id] += [o.next for o in screen.options if o.next in screens]
            self.check_unreachable(forward, _walk(leads_to, [self.flow.start]))

        can_finish = _walk(backward, [sid for sid, s in screens.items() if s.is_result])
        self.check_doomed(forward, can_finish)

    def check_doomed(self, forward: Mapping[str, Sequence[str]], can_finish: set[str]) -> None:
        """Reports the screens with options from which no result can be reached: only the
        first of each such part (as for unreachable screens), with how many doomed screens it
        leads to. A screen without options is already reported as a dead end."""
        doomed = [sid for sid in forward if sid not in can_finish and self.screens[sid].options]
        ids = set(doomed)
        edges = {sid: [target for target in forward[sid] if target in ids] for sid in doomed}
        for root, followers in _parts(edges):
            message = (
                f"no result can be reached from screen {quote(root)}: every way on from it "
                f"loops or ends without a result"
            )
            if followers:
                message += f" (nor from {counted(followers, 'screen')} it leads to)"
            self.report(self.screens[root].mark, message)


def _parts(edges: Mapping[str, Sequence[str]]) -> list[tuple[str, int]]:
    """The first screen of each part of the graph `edges` (see `_unreachable_parts`), in file
    order, with how many screens can be reached from it alone."""
    roots, owner = _unreachable_parts(edges)
    followers = Counter(root for sid, root in owner.items() if root not in (None, sid))
    return [(root, followers[root]) for root in roots]


def _unreachable_parts(
    edges: Mapping[str, Sequence[str]],
) -> tuple[list[str], dict[str, str | None]]:
    """The roots of the graph `edges` (every node a key, in file order), and for each node the
    one root it can be reached from (None if several roots reach it).

    A root is a node no other node leads to; a loop nothing else leads to has its first node (in
    file order) as its root. Every node can be reached from a root. Linear: a depth-first walk
    orders the nodes so that each part nothing leads to comes before what it leads to (the
    first pass of Kosaraju's algorithm), then each node is labelled at most twice."""
    owner: dict[str, str | None] = {}
    roots: list[str] = []
    for root in reversed(_finishing_order(edges)):
        if root in owner:
            continue
        roots.append(root)
        owner[root] = root
        queue = deque([root])
        while queue:
            node = queue.popleft()
            label = owner[node]
            for target in edges[node]:
                if target not in owner:
                    owner[target] = label
                    queue.append(target)
                elif owner[target] not in (None, label):
                    owner[target] = None  # reached from another root too
                    queue.append(target)
    return roots, owner


def _finishing_order(edges: Mapping[str, Sequence[str]]) -> list[str]:
    """The nodes of `edges` in the order a depth-first walk (started at each node in turn, in
    the order of `edges`) finishes them. Iterative: a chain of 20,000 screens is no recursion."""
    finished: list[str] = []
    seen: set[str] = set()
    for first in edges:
        if first in seen:
            continue
        seen.add(first)
        stack = [(first, iter(edges[first]))]
        while stack:
            node, targets = stack[-1]
            for target in targets:
                if target not in seen:
                    seen.add(target)
                    stack.append((target, iter(edges[target])))
                    break
            else:
                stack.pop()
                finished.append(node)
    return finished


def _walk(edges: Mapping[str, Sequence[str]], roots: Iterable[str]) -> set[str]:
    """Every node reachable from `roots` along `edges` (breadth-first, each edge once)."""
    seen = set(roots)
    queue = deque(seen)
    while queue:
        for target in edges[queue.popleft()]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen
