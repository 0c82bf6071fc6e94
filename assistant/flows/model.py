"""Frozen data model of a flows file: screens, options, result steps and contacts.

Plain data with a few queries; no routing (that is `session`) and no validation (that is
`loader` and `check`). Every object remembers where it was written (`Mark`) so that problems
and coverage reports can point at `file:line:col`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based position in a source file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NO_MARK = Mark("<memory>", 0, 0)


class ScreenKind(StrEnum):
    """What a screen asks for, and so how it is shown."""

    QUESTION = "question"  # exactly two options, ids "sim" and "nao"
    CHOICE = "choice"  # one or more options
    RESULT = "result"  # an ending: steps to follow, no options


class Channel(StrEnum):
    """Where a result sends the customer."""

    APP = "app"
    SITE = "site"
    WHATSAPP = "whatsapp"
    INFO = "info"


CHANNEL_NAMES: Mapping[Channel, str] = {
    Channel.APP: "App Minha Claro",
    Channel.SITE: "Site Minha Claro móvel",
    Channel.WHATSAPP: "WhatsApp Minha Claro",
    Channel.INFO: "Informação",
}

QUESTION_OPTION_IDS = ("sim", "nao")

MENU_SEPARATOR = " › "


@dataclass(frozen=True, slots=True)
class Option:
    """One answer on a question or choice screen."""

    id: str
    label: str
    next: str
    mark: Mark = field(default=NO_MARK, compare=False)
    next_mark: Mark = field(default=NO_MARK, compare=False)  # where `next` is written


@dataclass(frozen=True, slots=True)
class Step:
    """One numbered step of a result: plain text, or a menu path (a list of menu items)."""

    text: str = ""
    menu: tuple[str, ...] = ()
    mark: Mark = field(default=NO_MARK, compare=False)

    @property
    def is_menu(self) -> bool:
        return bool(self.menu)

    def as_text(self) -> str:
        """The step as one line of plain text, e.g. for "Copiar passos"."""
        if self.is_menu:
            return "Vá nos menus: " + MENU_SEPARATOR.join(self.menu)
        return self.text


_DIGITS = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Contact:
    """A WhatsApp number with the label of the region it serves."""

    id: str
    label: str
    number: str  # as written in flows.yaml, e.g. "+55 11 99991-0621"
    mark: Mark = field(default=NO_MARK, compare=False)
    number_mark: Mark = field(default=NO_MARK, compare=False)  # where the number is written

    @property
    def digits(self) -> str:
        """Only the digits, country code included: "5511999910621"."""
        return "".join(_DIGITS.findall(self.number))

    @property
    def international(self) -> str:
        """The form that pastes straight into a phone: "+55 11 99991-0621"."""
        d = self.digits
        return f"+{d[:2]} {d[2:4]} {d[4:-4]}-{d[-4:]}"

    @property
    def national(self) -> str:
        """The form Brazilians read: "(11) 99991-0621"."""
        d = self.digits
        return f"({d[2:4]}) {d[4:-4]}-{d[-4:]}"

    @property
    def whatsapp_url(self) -> str:
        """The click-to-chat link a QR code carries."""
        return f"https://wa.me/{self.digits}"


@dataclass(frozen=True, slots=True)
class Screen:
    """One screen of the assistant."""

    id: str
    kind: ScreenKind
    title: str
    text: str = ""
    options: tuple[Option, ...] = ()
    channel: Channel | None = None
    steps: tuple[Step, ...] = ()
    notes: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()  # contact ids, resolved through Flow.contact()
    mark: Mark = field(default=NO_MARK, compare=False)
    contact_marks: tuple[Mark, ...] = field(default=(), compare=False)  # one per contact id

    @property
    def is_result(self) -> bool:
        return self.kind is ScreenKind.RESULT

    def option(self, option_id: str) -> Option | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    @property
    def menu_path(self) -> tuple[str, ...]:
        """The channel's name followed by the items of the first menu step, or () if none."""
        for step in self.steps:
            if step.is_menu:
                root = CHANNEL_NAMES[self.channel] if self.channel else ""
                return ((root,) if root else ()) + step.menu
        return ()


@dataclass(frozen=True, slots=True)
class Flow:
    """A whole flows file: the start screen, every screen by id, and the contacts."""

    start: str
    screens: tuple[Screen, ...]
    contacts: tuple[Contact, ...] = ()
    schema: int = 1
    content_version: str = ""
    source: str = "<memory>"
    start_mark: Mark = field(default=NO_MARK, compare=False)
    _by_id: Mapping[str, Screen] = field(default_factory=dict, compare=False, repr=False)
    _contacts_by_id: Mapping[str, Contact] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        # First definition wins for duplicated ids; `check` reports the duplicate.
        by_id: dict[str, Screen] = {}
        for screen in self.screens:
            by_id.setdefault(screen.id, screen)
        contacts: dict[str, Contact] = {}
        for contact in self.contacts:
            contacts.setdefault(contact.id, contact)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_contacts_by_id", contacts)

    def screen(self, screen_id: str) -> Screen:
        """The screen with this id; KeyError if there is none."""
        return self._by_id[screen_id]

    def has_screen(self, screen_id: str) -> bool:
        return screen_id in self._by_id

    @property
    def screen_ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    @property
    def start_screen(self) -> Screen:
        return self._by_id[self.start]

    def contact(self, contact_id: str) -> Contact:
        return self._contacts_by_id[contact_id]

    def has_contact(self, contact_id: str) -> bool:
        return contact_id in self._contacts_by_id

    def is_region_question(self, screen: Screen) -> bool:
        """True for a screen that asks for the customer's region: it has options, and each of
        their ids is the id of a contact ("sudeste", "demais"). A kiosk configured for a region
        answers it by itself (see `Session`)."""
        return (
            not screen.is_result
            and bool(screen.options)
            and all(option.id in self._contacts_by_id for option in screen.options)
        )

    def contacts_of(self, screen: Screen) -> tuple[Contact, ...]:
        """The contacts a result screen shows, in the order it names them (unknown ids skipped)."""
        return tuple(self._contacts_by_id[c] for c in screen.contacts if c in self._contacts_by_id)

    @property
    def results(self) -> tuple[Screen, ...]:
        return tuple(s for s in self._by_id.values() if s.is_result)
