"""The kiosk config file: a store's settings for `assistant --kiosk`, read strictly.

A small YAML file (example: packaging/kiosk/kiosk.example.yaml)::

    pin_hash: "scrypt$n=16384,r=8,p=1$...$..."   # required: what `assistant kiosk-pin` prints
    idle_seconds: 60            # no touch for this long: "Ainda está aí?" (15 to 3600)
    result_idle_seconds: 180    # the same on result pages, where people read (15 to 3600)
    countdown_seconds: 30       # the "Ainda está aí?" countdown before a reset (20 to 600)
    region: sudeste             # a contact id of the flows file: customers are not asked
    hide_cursor: true           # a touch screen needs no mouse pointer
    flows: flows.yaml           # another flows file; relative to this file's folder

Where it is: the path given by the caller (`--kiosk-config`), else `$ASSISTANT_KIOSK_CONFIG`,
else `kiosk.yaml` in the per-user config folder (`default_config_path`).

What happens when it is missing or wrong, the safest sensible way:

- the default file is absent: the defaults apply, and the admin exit is off (there is no PIN to
  check); a warning is logged at start and at every refused exit. The kiosk still serves
  customers, and is stopped from the OS (systemctl, Ctrl+Alt+Del).
- a file named by the caller or by `$ASSISTANT_KIOSK_CONFIG` is absent, or any file cannot be
  read: `KioskConfigError` (a mistyped path must not quietly drop the store's settings).
- a file without `pin_hash`, or with anything else wrong: `KioskConfigError`, listing every
  problem at once as `file:line:col: what is wrong`, read with the strict YAML machinery of the
  flows file (unknown keys with "did you mean", wrong types, numbers out of range, a malformed
  PIN hash, YAML 1.1 surprises like `yes` or `1:30`). The app exits with
  `exit_codes.BAD_CONFIG` then.

Plain Python: this module never imports Qt.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from yaml.nodes import MappingNode, Node, ScalarNode

from assistant.files import open_for_reading
from assistant.flows.model import Flow, Mark, Screen
from assistant.flows.problems import FlowError, Problem
from assistant.flows.strict_yaml import (
    ALIAS_TAG,
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    MAX_BYTES,
    NULL_TAG,
    STR_TAG,
    NodeWalker,
    Pair,
    compose_strict,
    describe,
    did_you_mean,
    quote,
    shape,
    too_large,
)
from assistant.kiosk.pin import PIN_COMMAND, pin_hash_problem, verify_pin
from assistant.user_dirs import user_config_dir

__all__ = [
    "CONFIG_ENV",
    "CONFIG_FILE_NAME",
    "LIMITS",
    "KioskConfig",
    "KioskConfigError",
    "config_problems_for_flow",
    "default_config_path",
    "load_kiosk_config",
    "parse_kiosk_config",
]

logger = logging.getLogger(__name__)

CONFIG_ENV: Final = "ASSISTANT_KIOSK_CONFIG"
CONFIG_FILE_NAME: Final = "kiosk.yaml"

LIMITS: Final = {
    "idle_seconds": (15.0, 3600.0),
    "result_idle_seconds": (15.0, 3600.0),
    "countdown_seconds": (20.0, 600.0),
}
"""The smallest and largest value the file may give each time, in seconds."""

DEFAULT_RESULT_IDLE_SECONDS: Final = 180.0


@dataclass(frozen=True, slots=True)
class KioskConfig:
    """A store's kiosk settings. The defaults are what applies without a config file.

    The limits in `LIMITS` are enforced when a file is read, not here, so tests may build a
    config with short times."""

    idle_seconds: float = 60.0
    """No input for this long on a question screen: show "Ainda está aí?"."""
    result_idle_seconds: float = DEFAULT_RESULT_IDLE_SECONDS
    """The same on a result page (people read there). In a file without it: 180, or
    idle_seconds if that is longer."""
    countdown_seconds: float = 30.0
    """How long "Ainda está aí?" counts down before wiping the session (at least 20 in a file)."""
    region: str | None = None
    """A contact id of the flows file ("sudeste"): region questions are answered with it."""
    pin_hash: str | None = None
    """The admin PIN's salted hash (`assistant kiosk-pin`); None: the admin exit is off."""
    hide_cursor: bool = True
    flows: Path | None = None
    """The flows file to use instead of the bundled one (absolute once read from a file)."""
    source: Path | None = field(default=None, compare=False)
    """The file this was read from; None for the defaults."""
    region_mark: Mark | None = field(default=None, compare=False, repr=False)
    """Where `region` was written, for `config_problems_for_flow`."""

    @property
    def admin_exit_enabled(self) -> bool:
        """False without a PIN hash: the hidden gesture then leads nowhere."""
        return self.pin_hash is not None

    def idle_seconds_for(self, screen: Screen) -> float:
        """How long `screen` may sit without input before "Ainda está aí?"."""
        return self.result_idle_seconds if screen.is_result else self.idle_seconds

    def accepts_pin(self, pin: str) -> bool:
        """True if `pin` is the admin PIN. Never raises; always False (logged) without a hash."""
        if self.pin_hash is None:
            self.log_admin_exit_off()
            return False
        return verify_pin(pin, self.pin_hash)

    def log_admin_exit_off(self) -> None:
        """Log why the admin cannot leave: there is no PIN hash (an attempt was made)."""
        where = self.source or default_config_path()
        logger.warning(
            "admin exit refused: no pin_hash in the kiosk config (%s); make one with '%s'",
            where,
            PIN_COMMAND,
        )


_DEFAULTS: Final = KioskConfig()


class KioskConfigError(FlowError):
    """A kiosk config file that cannot be used; `problems` lists every problem at once and
    `report()` gives them as `file:line:col: message` lines. A `FlowError`, so the views that
    list a flows file's problems list these too."""


# --- where the file is --------------------------------------------------------------------------


def default_config_path() -> Path:
    """Where the kiosk config is looked for when no path is given: `$ASSISTANT_KIOSK_CONFIG`,
    else `kiosk.yaml` in the per-user config folder of the app:

    - Linux: `$XDG_CONFIG_HOME/Assistente de Faturas/` (default `~/.config/...`)
    - Windows: `%APPDATA%\\Assistente de Faturas\\`
    - macOS: `~/Library/Preferences/Assistente de Faturas/`
    """
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return user_config_dir() / CONFIG_FILE_NAME


# --- the shape of the file ----------------------------------------------------------------------

_NOUN: Final = "kiosk config file"
_STARTS_WITH: Final = 'pin_hash: "..." (see packaging/kiosk/kiosk.example.yaml)'
_SHAPE = shape(
    "in the kiosk config",
    "the kiosk config",
    (
        "pin_hash",
        "idle_seconds",
        "result_idle_seconds",
        "countdown_seconds",
        "region",
        "hide_cursor",
        "flows",
    ),
    ("pin_hash",),
    {"pin_hash": f'pin_hash: "<what {PIN_COMMAND} prints>"'},
)
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
_NUMERIC_TEXT = re.compile(r"\s*[-+]?[0-9][0-9_]*(?:\.[0-9]*)?\s*\Z")


class _ConfigWalker(NodeWalker[KioskConfig]):
    """Reads a kiosk config file's node tree (the file at `path`) into a `KioskConfig`."""

    __slots__ = ("path",)

    def __init__(self, source: str, text: str, problems: list[Problem], path: Path) -> None:
        super().__init__(source, text, problems)
        self.path = path

    def document(self, root: Node) -> KioskConfig | None:
        if type(root) is not MappingNode:
            self.report(
                root,
                f"a kiosk config file is key: value lines (pin_hash:, idle_seconds:, ...), "
                f"not {describe(root)}",
            )
            return None
        self.mapping(root, "the file")
        found = self.fields(root, _SHAPE, "the kiosk config")

        def value(name: str) -> Node | None:
            pair = found.get(name)
            return pair[1] if pair else None

        idle = self.seconds(value("idle_seconds"), "idle_seconds")
        result_idle = self.seconds(value("result_idle_seconds"), "result_idle_seconds")
        countdown = self.seconds(value("countdown_seconds"), "countdown_seconds")
        idle_seconds = idle if idle is not None else _DEFAULTS.idle_seconds
        if result_idle is None:
            result_idle = max(DEFAULT_RESULT_IDLE_SECONDS, idle_seconds)
        elif result_idle < idle_seconds:
            said = "idle_seconds" if idle is not None else "idle_seconds (not set: the default)"
            self.report(
                found["result_idle_seconds"][1],
                f"result_idle_seconds ({result_idle:g}) is shorter than {said} "
                f"({idle_seconds:g}); people read on result pages: make it at least "
                f"{idle_seconds:g}",
            )
        region, region_mark = self.region(found.get("region"))
        node = value("pin_hash")
        pin_hash = self.pin_hash(node) if node is not None else None
        node = value("hide_cursor")
        hide_cursor = self.boolean(node, "hide_cursor") if node is not None else None
        node = value("flows")
        flows = self.flows_path(node) if node is not None else None
        if self.problems:
            return None
        return KioskConfig(
            idle_seconds=idle_seconds,
            result_idle_seconds=result_idle,
            countdown_seconds=countdown if countdown is not None else _DEFAULTS.countdown_seconds,
            region=region,
            pin_hash=pin_hash,
            hide_cursor=hide_cursor if hide_cursor is not None else _DEFAULTS.hide_cursor,
            flows=flows,
            source=self.path,
            region_mark=region_mark,
        )

    def tagged(self, node: Node) -> bool:
        """True if the node carries a tag written in the file (`!!int 5`)."""
        return self.data.startswith("!", node.start_mark.index)

    def seconds(self, node: Node | None, name: str) -> float | None:
        """A time in seconds, written as digits, within LIMITS[name]; None if absent or wrong."""
        if node is None or node.tag is ALIAS_TAG:
            return None
        low, high = LIMITS[name]
        scalar = type(node) is ScalarNode
        if scalar and self.tagged(node):
            self.tag_problem(node)
            return None
        if scalar and (node.tag is INT_TAG or node.tag is FLOAT_TAG):
            raw: str = node.value
            if not _DECIMAL.match(raw):
                self.report(
                    node,
                    f"{name} must be a number of seconds written in digits, like 60 or 90.5, "
                    f"not {quote(raw)}",
                )
                return None
            seconds = float(raw)
            if not low <= seconds <= high:
                self.report(node, f"{name} must be {low:g} to {high:g} seconds, not {seconds:g}")
                return None
            return seconds
        if scalar and node.tag is STR_TAG:
            fix = "; remove the quotes" if _NUMERIC_TEXT.match(node.value) else ""
            found = f"text ({quote(node.value)}){fix}"
        elif scalar and node.tag is NULL_TAG and not node.value:
            found = "empty; write the number, or remove the line for the default"
        else:
            found = describe(node)
        self.report(node, f"{name} must be a number of seconds, like 60, not {found}")
        return None

    def boolean(self, node: Node, name: str) -> bool | None:
        """`true` or `false`, written so (YAML 1.1's yes/no/on/off are refused)."""
        if node.tag is ALIAS_TAG:
            return None
        scalar = type(node) is ScalarNode
        if scalar and self.tagged(node):
            self.tag_problem(node)
            return None
        if scalar and node.tag is BOOL_TAG and node.value in ("true", "false"):
            return bool(node.value == "true")
        if scalar and node.tag is BOOL_TAG:
            meant = "true" if node.value.lower() in ("yes", "on", "true", "y") else "false"
            found = f"{quote(node.value)}; write {meant}"
        elif scalar and node.tag is STR_TAG and node.value.strip().lower() in ("true", "false"):
            found = f"the text {quote(node.value)}; write it without quotes"
        elif scalar and node.tag is NULL_TAG and not node.value:
            found = "empty"
        elif scalar:
            found = quote(node.value)
        else:
            found = describe(node)
        self.report(node, f"{name} must be true or false, not {found}")
        return None

    def region(self, pair: Pair | None) -> tuple[str | None, Mark | None]:
        if pair is None:
            return None, None
        node = pair[1]
        if node.tag is NULL_TAG and type(node) is ScalarNode and not node.value:
            self.report(
                node,
                "region is empty; write the id of a contact of the flows file (like sudeste), "
                "or remove the line so that customers are asked",
            )
            return None, None
        region = self.ident(node, "region")
        return (region or None), self.mark(node)

    def pin_hash(self, node: Node) -> str | None:
        if node.tag is NULL_TAG and type(node) is ScalarNode and not node.value:
            self.report(
                node,
                f'pin_hash is empty; write the hash that "{PIN_COMMAND}" prints, in quotes',
            )
            return None
        stored = self.text(node, "pin_hash")
        if not stored:
            return None
        problem = pin_hash_problem(stored)
        if problem is not None:
            self.report(node, f"pin_hash: {problem}")
            return None
        return stored

    def flows_path(self, node: Node) -> Path | None:
        raw = self.text(node, "flows")
        if not raw:
            return None
        try:
            if "\0" in raw:
                raise ValueError("embedded null byte")
            # Spelled out without touching the disk (not resolve(), which stats each folder):
            # the file may sit on a share that does not answer at a start, and the kiosk waits
            # for it only so long (ui.kiosk.run.first_content), with nothing on screen yet.
            target = Path(os.path.abspath(self.path.parent / Path(raw).expanduser()))  # noqa: PTH100
        except (OSError, RuntimeError, ValueError) as error:  # no such ~user, NUL, too long
            self.report(node, f"flows: {quote(raw)} is not a usable path ({error})")
            return None
        # A file that is not there (deleted, not yet copied, a share not mounted yet) is not a
        # mistake of this file: like a broken one, it falls back to the last-known-good copy,
        # then the bundled flows, and the log says why (content.source). Refusing it here
        # would stop the kiosk with BAD_CONFIG, which the launchers do not restart.
        return target


# --- reading ------------------------------------------------------------------------------------


def parse_kiosk_config(
    data: str | bytes, path: str | os.PathLike[str], *, source: str | None = None
) -> KioskConfig:
    """The kiosk config in `data` (the text of the file at `path`, which a relative `flows:` is
    relative to). `KioskConfigError` lists every problem at `source:line:col` (`source`
    defaults to `path`)."""
    path = Path(path)
    source = source or str(path)
    problems: list[Problem] = []
    config = None
    document = compose_strict(data, source, problems, noun=_NOUN, starts_with=_STARTS_WITH)
    if document is not None:
        config = _ConfigWalker(source, document.text, problems, path).walk(document.root)
    if problems:
        raise KioskConfigError(problems)
    if config is None:  # pragma: no cover - every path that builds nothing reports why
        raise KioskConfigError(
            [Problem(Mark(source, 1, 1), "internal error: no config and no problem; please report")]
        )
    return config


def load_kiosk_config(path: str | os.PathLike[str] | None = None) -> KioskConfig:
    """The kiosk config in the file at `path`, or at `default_config_path()` when None.

    The default file (without `$ASSISTANT_KIOSK_CONFIG`) may be absent: the defaults then apply,
    with the admin exit off, and a warning is logged. Anything else that is wrong raises
    `KioskConfigError` with every problem."""
    explicit = path is not None or bool(os.environ.get(CONFIG_ENV))
    target = Path(path) if path is not None else default_config_path()
    name = str(target)
    try:
        with open_for_reading(target) as stream:
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        if not explicit:
            logger.warning(
                "no kiosk config file at %s: using the defaults; the admin exit is off until "
                "the file has a pin_hash (make one with '%s')",
                target,
                PIN_COMMAND,
            )
            return KioskConfig()
        raise _unreadable(name, "there is no such file") from None
    except IsADirectoryError:
        raise _unreadable(name, "it is a folder") from None
    except PermissionError:
        reason = "it is a folder" if target.is_dir() else "permission denied"
        raise _unreadable(name, reason) from None
    except OSError as error:
        raise _unreadable(name, error.strerror or str(error)) from None
    if len(data) > MAX_BYTES:
        raise KioskConfigError([too_large(name, None, noun=_NOUN)])
    config = parse_kiosk_config(data, target, source=name)
    logger.info("kiosk config read from %s", target)
    return config


def _unreadable(name: str, reason: str) -> KioskConfigError:
    return KioskConfigError(
        [Problem(Mark(name, 1, 1), f"cannot read the kiosk config file: {reason}")]
    )


# --- the config against a flow ------------------------------------------------------------------


def config_problems_for_flow(config: KioskConfig, flow: Flow) -> list[Problem]:
    """What in `config` does not fit `flow`: a `region` that is none of its contact ids."""
    if config.region is None or flow.has_contact(config.region):
        return []
    mark = config.region_mark or Mark(str(config.source or "<kiosk config>"), 1, 1)
    ids = [contact.id for contact in flow.contacts]
    if not ids:
        return [
            Problem(
                mark,
                f"region {quote(config.region)}: the flows file ({flow.source}) has no contacts, "
                f"so there is no region to choose; remove the region line",
            )
        ]
    close = did_you_mean(config.region, ids)
    hint = f'did you mean "{close}"? ' if close else ""
    return [
        Problem(
            mark,
            f"region {quote(config.region)} is not a contact of the flows file ({flow.source}); "
            f"{hint}the regions are: {', '.join(ids)}",
        )
    ]
