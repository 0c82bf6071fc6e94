"""The kiosk config file: every key, every problem at once as file:line:col, where it is looked
for, what a missing file means, and the config checked against a flow."""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from assistant.flows.loader import load_flow, parse_flow
from assistant.flows.model import Flow
from assistant.flows.problems import FlowError
from assistant.kiosk import config as kiosk_config
from assistant.kiosk.config import (
    CONFIG_ENV,
    KioskConfig,
    KioskConfigError,
    config_problems_for_flow,
    default_config_path,
    load_kiosk_config,
    parse_kiosk_config,
)
from assistant.kiosk.pin import hash_pin
from assistant.resources import bundled_flows

EXAMPLE = Path(__file__).resolve().parents[2] / "packaging" / "kiosk" / "kiosk.example.yaml"

PIN = "2580"


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_pin(PIN)


@pytest.fixture(autouse=True)
def no_env_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONFIG_ENV, raising=False)


def parse(text: str, path: Path = Path("/store/kiosk.yaml")) -> KioskConfig:
    return parse_kiosk_config(textwrap.dedent(text), path)


def problems_of(text: str, path: Path = Path("/store/kiosk.yaml")) -> list[str]:
    with pytest.raises(KioskConfigError) as raised:
        parse(text, path)
    return raised.value.report().splitlines()


# --- the example file and the keys ------------------------------------------------------------


def test_the_example_file_loads_and_fits_the_bundled_flows() -> None:
    config = load_kiosk_config(EXAMPLE)
    assert config == KioskConfig(
        idle_seconds=60,
        result_idle_seconds=180,
        countdown_seconds=30,
        region="sudeste",
        pin_hash=config.pin_hash,
        hide_cursor=True,
        flows=None,
    )
    assert config.pin_hash is not None and config.pin_hash.startswith("scrypt$n=16384,r=8,p=1$")
    assert config.source == EXAMPLE
    assert config.admin_exit_enabled
    assert config_problems_for_flow(config, load_flow(bundled_flows())) == []


def test_every_setting_of_the_dataclass_is_a_key_of_the_file() -> None:
    settings = {f.name for f in dataclasses.fields(KioskConfig)} - {"source", "region_mark"}
    assert settings == set(kiosk_config._SHAPE.keys)


def test_without_a_file_the_defaults_are_the_documented_ones() -> None:
    assert KioskConfig() == KioskConfig(
        idle_seconds=60,
        result_idle_seconds=180,
        countdown_seconds=30,
        region=None,
        pin_hash=None,
        hide_cursor=True,
        flows=None,
    )
    assert not KioskConfig().admin_exit_enabled


def test_a_file_with_only_the_pin_hash_has_the_defaults(pin_hash: str) -> None:
    config = parse(f'pin_hash: "{pin_hash}"\n')
    assert config == dataclasses.replace(KioskConfig(), pin_hash=pin_hash)


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("idle_seconds: 45", "idle_seconds", 45.0),
        ("idle_seconds: 90.5", "idle_seconds", 90.5),
        ("result_idle_seconds: 240", "result_idle_seconds", 240.0),
        ("countdown_seconds: 20", "countdown_seconds", 20.0),
        ("countdown_seconds: 600", "countdown_seconds", 600.0),
        ("region: demais", "region", "demais"),
        ("hide_cursor: false", "hide_cursor", False),
        ("hide_cursor: true", "hide_cursor", True),
        ("flows: outro.yaml", "flows", "OUTRO"),  # resolved below
    ],
)
def test_every_key_round_trips(
    tmp_path: Path, pin_hash: str, line: str, field: str, value: object
) -> None:
    (tmp_path / "outro.yaml").write_text("schema: 1\n", encoding="utf-8")
    path = tmp_path / "kiosk.yaml"
    path.write_text(f'pin_hash: "{pin_hash}"\n{line}\n', encoding="utf-8")
    config = load_kiosk_config(path)
    expected = (tmp_path / "outro.yaml").resolve() if value == "OUTRO" else value
    assert getattr(config, field) == expected
    others = {f.name for f in dataclasses.fields(KioskConfig)} - {field, "pin_hash", "source"}
    defaults = KioskConfig()
    for name in others - {"region_mark"}:
        assert getattr(config, name) == getattr(defaults, name), name
    assert config.pin_hash == pin_hash


def test_a_longer_idle_time_raises_the_default_result_idle_time(pin_hash: str) -> None:
    assert parse(f'pin_hash: "{pin_hash}"\nidle_seconds: 300\n').result_idle_seconds == 300
    assert parse(f'pin_hash: "{pin_hash}"\nidle_seconds: 100\n').result_idle_seconds == 180


def test_a_relative_flows_path_is_relative_to_the_config_file_folder(
    tmp_path: Path, pin_hash: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "loja"
    (store / "conteudo").mkdir(parents=True)
    (store / "conteudo" / "flows.yaml").write_text("schema: 1\n", encoding="utf-8")
    (store / "kiosk.yaml").write_text(
        f'pin_hash: "{pin_hash}"\nflows: conteudo/flows.yaml\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)  # not the folder the path is relative to
    config = load_kiosk_config(store / "kiosk.yaml")
    assert config.flows == (store / "conteudo" / "flows.yaml").resolve()


def test_an_absolute_flows_path_is_kept(tmp_path: Path, pin_hash: str) -> None:
    flows = tmp_path / "f.yaml"
    flows.write_text("schema: 1\n", encoding="utf-8")
    config = parse(f'pin_hash: "{pin_hash}"\nflows: "{flows}"\n', Path("/elsewhere/k.yaml"))
    assert config.flows == flows.resolve()


def test_reading_the_config_never_touches_the_flows_file_or_its_folders(
    tmp_path: Path, pin_hash: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The flows file may sit on a share that does not answer at a start (a reboot while the
    # store's server is down): resolve() stat'ed each of its folders, and the kiosk hung there
    # with nothing on screen, before the start's wait for the file (START_WAIT_S) began.
    share = tmp_path / "share"
    (tmp_path / "kiosk.yaml").write_text(
        f'pin_hash: "{pin_hash}"\nflows: "{share}/loja/../flows.yaml"\n', encoding="utf-8"
    )
    touched: list[str] = []
    for name in ("stat", "lstat"):
        real = getattr(os, name)

        def spy(path: object, *args: object, real: Any = real, **kwargs: object) -> object:
            if str(share) in os.fsdecode(path):  # type: ignore[arg-type]
                touched.append(os.fsdecode(path))  # type: ignore[arg-type]
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, spy)
    config = load_kiosk_config(tmp_path / "kiosk.yaml")
    assert config.flows == share / "flows.yaml"
    assert touched == []


# --- problems, all at once, at file:line:col -----------------------------------------------


def test_every_problem_is_reported_at_once_with_its_line_and_column() -> None:
    lines = problems_of(
        """\
        pin_hash: "scrypt$n=16384,r=8,p=1$AAAA$BBBB"
        idle_second: 60
        result_idle_seconds: "200"
        countdown_seconds: 10
        idle_seconds: 1:30
        region: Sudeste
        hide_cursor: yes
        flows: nao-existe.yaml
        extra: 1
        """,
        Path("/store/kiosk.yaml"),
    )
    assert lines == [
        "/store/kiosk.yaml:1:11: pin_hash: the salt must have at least 16 bytes; make a new hash",
        '/store/kiosk.yaml:2:1: unknown key "idle_second" in the kiosk config; '
        'did you mean "idle_seconds"?',
        "/store/kiosk.yaml:3:22: result_idle_seconds must be a number of seconds, like 60, "
        'not text ("200"); remove the quotes',
        "/store/kiosk.yaml:4:20: countdown_seconds must be 20 to 600 seconds, not 10",
        "/store/kiosk.yaml:5:15: idle_seconds must be a number of seconds written in digits, "
        'like 60 or 90.5, not "1:30"',
        '/store/kiosk.yaml:6:9: region "Sudeste" is not a valid id; an id uses only lowercase '
        'letters a-z, digits and _, and starts with a letter: write "sudeste"',
        '/store/kiosk.yaml:7:14: hide_cursor must be true or false, not "yes"; write true',
        '/store/kiosk.yaml:9:1: unknown key "extra" in the kiosk config; the keys of the kiosk '
        "config are: pin_hash, idle_seconds, result_idle_seconds, countdown_seconds, region, "
        "hide_cursor, flows",
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            'hide_cursor: "true"\n',
            '2:14: hide_cursor must be true or false, not the text "true"; write it without quotes',
        ),
        ("hide_cursor: off\n", '2:14: hide_cursor must be true or false, not "off"; write false'),
        ("hide_cursor: 1\n", '2:14: hide_cursor must be true or false, not "1"'),
        (
            "countdown_seconds: 19.9\n",
            "2:20: countdown_seconds must be 20 to 600 seconds, not 19.9",
        ),
        ("countdown_seconds: 601\n", "2:20: countdown_seconds must be 20 to 600 seconds, not 601"),
        ("countdown_seconds: -5\n", "2:20: countdown_seconds must be 20 to 600 seconds, not -5"),
        ("idle_seconds: 14\n", "2:15: idle_seconds must be 15 to 3600 seconds, not 14"),
        ("idle_seconds: 3601\n", "2:15: idle_seconds must be 15 to 3600 seconds, not 3601"),
        (
            "idle_seconds: .inf\n",
            "2:15: idle_seconds must be a number of seconds written in digits, like 60 or 90.5, "
            'not ".inf"',
        ),
        (
            "idle_seconds: 0x3C\n",
            "2:15: idle_seconds must be a number of seconds written in digits, like 60 or 90.5, "
            'not "0x3C"',
        ),
        (
            "idle_seconds: [60]\n",
            "2:15: idle_seconds must be a number of seconds, like 60, not a list",
        ),
        (
            "idle_seconds:\n",
            "2:14: idle_seconds must be a number of seconds, like 60, not empty; write the number, "
            "or remove the line for the default",
        ),
        (
            "idle_seconds: !!int 60\n",
            "2:15: YAML tags (!!int) are not allowed; remove the tag (and put the text in quotes "
            "if it is text)",
        ),
        (
            "idle_seconds: 120\nresult_idle_seconds: 60\n",
            "3:22: result_idle_seconds (60) is shorter than idle_seconds (120); people read on "
            "result pages: make it at least 120",
        ),
        (
            "result_idle_seconds: 20\n",
            "2:22: result_idle_seconds (20) is shorter than idle_seconds (not set: the default) "
            "(60); people read on result pages: make it at least 60",
        ),
        (
            'flows: "~no-such-user-here/flows.yaml"\n',
            '2:8: flows: "~no-such-user-here/flows.yaml" is not a usable path (Could not '
            "determine home directory.)",
        ),
        (
            'flows: "a\\0b.yaml"\n',
            '2:8: flows: "a\\u0000b.yaml" is not a usable path (embedded null byte)',
        ),
        (
            "region:\n",
            "2:8: region is empty; write the id of a contact of the flows file (like sudeste), "
            "or remove the line so that customers are asked",
        ),
        (
            "region: [sudeste]\n",
            "2:9: region must be an id, not a list",
        ),
    ],
)
def test_one_wrong_value_one_exact_message(pin_hash: str, body: str, expected: str) -> None:
    assert problems_of(f'pin_hash: "{pin_hash}"\n{body}') == [f"/store/kiosk.yaml:{expected}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "idle_seconds: 60\n",
            '1:1: the kiosk config has no "pin_hash"; add pin_hash: '
            '"<what assistant kiosk-pin prints>"',
        ),
        (
            "pin_hash:\n",
            '1:10: pin_hash is empty; write the hash that "assistant kiosk-pin" prints, in quotes',
        ),
        (
            'pin_hash: "1234"\n',
            "1:11: pin_hash: this is not a PIN hash made by assistant kiosk-pin; make one with "
            '"assistant kiosk-pin" (it looks like scrypt$n=16384,r=8,p=1$...)',
        ),
        (
            'pin_hash: "md5$x$y$z"\n',
            "1:11: pin_hash: unknown PIN hash scheme 'md5' (known: scrypt, pbkdf2-sha256); make "
            'one with "assistant kiosk-pin" (it looks like scrypt$n=16384,r=8,p=1$...)',
        ),
        (
            "",
            '1:1: the file is empty; a kiosk config file starts with pin_hash: "..." '
            "(see packaging/kiosk/kiosk.example.yaml)",
        ),
        (
            "- pin_hash\n",
            "1:1: a kiosk config file is key: value lines (pin_hash:, idle_seconds:, ...), "
            "not a list",
        ),
        (
            "pin_hash: x\npin_hash: y\n",
            '2:1: duplicate key "pin_hash" (first at line 1); remove one of them',
        ),
    ],
)
def test_a_missing_or_malformed_pin_hash_and_whole_file_problems(text: str, expected: str) -> None:
    lines = problems_of(text)
    assert f"/store/kiosk.yaml:{expected}" in lines


def test_the_error_is_a_flow_error_listing_every_problem() -> None:
    with pytest.raises(KioskConfigError) as raised:
        parse("idle_seconds: 1\nhide_cursor: no\n")
    error = raised.value
    assert isinstance(error, FlowError)
    assert [(p.mark.line, p.mark.column) for p in error.problems] == [(1, 1), (1, 15), (2, 14)]
    assert str(error) == error.report()


def test_the_pin_hash_may_be_written_without_quotes(pin_hash: str) -> None:
    assert parse(f"pin_hash: {pin_hash}\n").pin_hash == pin_hash


# --- the PIN --------------------------------------------------------------------------------


def test_the_config_accepts_the_admin_pin_and_nothing_else(pin_hash: str) -> None:
    config = parse(f'pin_hash: "{pin_hash}"\n')
    assert config.accepts_pin(PIN)
    assert not config.accepts_pin("0000")
    assert not config.accepts_pin("")


def test_without_a_pin_hash_every_pin_is_refused_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="assistant.kiosk.config"):
        assert not KioskConfig().accepts_pin(PIN)
    assert "admin exit refused: no pin_hash in the kiosk config" in caplog.text


# --- idle times -------------------------------------------------------------------------------


def test_result_pages_get_the_longer_idle_time() -> None:
    flow = load_flow(bundled_flows())
    config = KioskConfig(idle_seconds=60, result_idle_seconds=180)
    assert config.idle_seconds_for(flow.start_screen) == 60
    assert config.idle_seconds_for(flow.results[0]) == 180


# --- where the file is, and when it is missing -------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {"XDG_CONFIG_HOME": "/xdg"}, "/xdg/Assistente de Faturas/kiosk.yaml"),
        ("linux", {}, "~/.config/Assistente de Faturas/kiosk.yaml"),
        ("linux", {"XDG_CONFIG_HOME": "relative"}, "~/.config/Assistente de Faturas/kiosk.yaml"),
        ("win32", {"APPDATA": "/roaming"}, "/roaming/Assistente de Faturas/kiosk.yaml"),
        ("win32", {}, "~/AppData/Roaming/Assistente de Faturas/kiosk.yaml"),
        ("darwin", {}, "~/Library/Preferences/Assistente de Faturas/kiosk.yaml"),
        ("linux", {CONFIG_ENV: "/etc/loja/kiosk.yaml"}, "/etc/loja/kiosk.yaml"),
    ],
)
def test_the_default_path_is_the_per_user_config_folder(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    platform: str,
    env: dict[str, str],
    expected: str,
) -> None:
    for name in ("XDG_CONFIG_HOME", "APPDATA", CONFIG_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    assert default_config_path() == Path(expected.replace("~", str(tmp_path)))


def test_an_absent_default_file_means_the_defaults_with_the_admin_exit_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="assistant.kiosk.config"):
        config = load_kiosk_config()
    assert config == KioskConfig()
    assert not config.admin_exit_enabled
    expected = tmp_path / "Assistente de Faturas" / "kiosk.yaml"
    assert f"no kiosk config file at {expected}: using the defaults" in caplog.text


def test_the_default_file_is_read_when_present(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pin_hash: str
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    folder = tmp_path / "Assistente de Faturas"
    folder.mkdir()
    (folder / "kiosk.yaml").write_text(f'pin_hash: "{pin_hash}"\nregion: demais\n', "utf-8")
    config = load_kiosk_config()
    assert config.region == "demais"
    assert config.source == folder / "kiosk.yaml"


def test_a_named_file_that_is_absent_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "kiosk.yaml"
    with pytest.raises(KioskConfigError) as raised:
        load_kiosk_config(missing)
    assert raised.value.report() == (
        f"{missing}:1:1: cannot read the kiosk config file: there is no such file"
    )


def test_a_file_named_by_the_environment_that_is_absent_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "loja.yaml"
    monkeypatch.setenv(CONFIG_ENV, str(missing))
    with pytest.raises(KioskConfigError, match="there is no such file"):
        load_kiosk_config()


def test_a_folder_is_not_a_config_file(tmp_path: Path) -> None:
    with pytest.raises(KioskConfigError, match="cannot read the kiosk config file: it is a folder"):
        load_kiosk_config(tmp_path)


def test_bytes_that_are_not_utf8_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.yaml"
    path.write_bytes(b"region: s\xe3o_paulo\n")
    with pytest.raises(KioskConfigError, match=r"kiosk\.yaml:1:10: the file is not valid UTF-8"):
        load_kiosk_config(path)


# --- the config against a flow ------------------------------------------------------------


def flow_with_contacts(*ids: str) -> Flow:
    contacts = "".join(
        f'    - {{id: {cid}, label: "{cid}", number: "+55 11 99991-0621"}}\n' for cid in ids
    )
    return parse_flow(
        'schema: 1\ncontent_version: "x"\nstart: fim\n'
        + (f"contacts:\n  whatsapp:\n{contacts}" if ids else "")
        + 'screens:\n  - {id: fim, kind: result, channel: info, title: "Fim", steps: ["Ok."]}\n',
        "flows.yaml",
    )


def test_a_region_that_is_a_contact_of_the_flow_fits(pin_hash: str) -> None:
    config = parse(f'pin_hash: "{pin_hash}"\nregion: demais\n')
    assert config_problems_for_flow(config, flow_with_contacts("sudeste", "demais")) == []
    assert config_problems_for_flow(KioskConfig(), flow_with_contacts()) == []


def test_a_region_that_is_no_contact_is_reported_where_it_is_written(pin_hash: str) -> None:
    config = parse(f'pin_hash: "{pin_hash}"\n# loja do centro\nregion: suldeste\n')
    problems = config_problems_for_flow(config, flow_with_contacts("sudeste", "demais"))
    assert [str(p) for p in problems] == [
        '/store/kiosk.yaml:3:9: region "suldeste" is not a contact of the flows file '
        '(flows.yaml); did you mean "sudeste"? the regions are: sudeste, demais'
    ]


def test_a_region_with_no_close_match_lists_the_regions(pin_hash: str) -> None:
    config = parse(f'pin_hash: "{pin_hash}"\nregion: norte\n')
    (problem,) = config_problems_for_flow(config, flow_with_contacts("sudeste", "demais"))
    assert problem.message == (
        'region "norte" is not a contact of the flows file (flows.yaml); '
        "the regions are: sudeste, demais"
    )


def test_a_region_for_a_flow_without_contacts_is_reported(pin_hash: str) -> None:
    config = parse(f'pin_hash: "{pin_hash}"\nregion: sudeste\n')
    (problem,) = config_problems_for_flow(config, flow_with_contacts())
    assert str(problem) == (
        '/store/kiosk.yaml:2:9: region "sudeste": the flows file (flows.yaml) has no contacts, '
        "so there is no region to choose; remove the region line"
    )


def test_a_missing_flows_file_is_not_a_mistake_of_the_config(tmp_path: Path, pin_hash: str) -> None:
    # Deleted while the kiosk ran, or not copied yet: the content falls back (last-known-good,
    # then bundled) instead of the kiosk stopping with BAD_CONFIG, which is never restarted.
    config = parse(f'pin_hash: "{pin_hash}"\nflows: gone.yaml\n', tmp_path / "kiosk.yaml")
    assert config.flows == (tmp_path / "gone.yaml").resolve()
