"""`assistant kiosk-pin`: the PIN from a terminal (typed twice, unseen) or from one line of
stdin, never from an option; the hash on stdout; exit 1 with a clear message otherwise."""

from __future__ import annotations

import getpass
import io
import subprocess
import sys

import pytest

from assistant.cli import EXIT_OK, EXIT_PROBLEMS, build_parser, main
from assistant.kiosk.pin import is_valid_pin_hash, verify_pin


class FakeTerminal(io.StringIO):
    """A stdin that says it is a terminal; reading it is a test failure (getpass reads)."""

    def isatty(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:  # pragma: no cover - must not be called
        raise AssertionError("the PIN must be read with getpass on a terminal")


def test_a_pin_on_stdin_prints_its_hash_on_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["kiosk-pin"]) == EXIT_OK
    out, err = capsys.readouterr()
    (stored,) = out.splitlines()
    assert is_valid_pin_hash(stored)
    assert verify_pin("4821", stored)
    assert not verify_pin("4820", stored)
    assert f'pin_hash: "{stored}"' in err
    assert "4821" not in out + err


def test_a_windows_line_end_is_not_part_of_the_pin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("123456\r\n"))
    assert main(["kiosk-pin"]) == EXIT_OK
    assert verify_pin("123456", capsys.readouterr().out.strip())


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("12\n", "assistant kiosk-pin: the PIN must have 4 to 12 digits, not 2"),
        ("12ab\n", "assistant kiosk-pin: the PIN may only contain the digits 0-9"),
        (" 1234\n", "assistant kiosk-pin: the PIN may only contain the digits 0-9"),
        ("", "assistant kiosk-pin: no PIN: standard input is empty (give the PIN as one line)"),
    ],
)
def test_an_invalid_pin_exits_1_with_a_clear_message_and_prints_no_hash(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdin: str,
    message: str,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(["kiosk-pin"]) == EXIT_PROBLEMS
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(message)


def test_on_a_terminal_the_pin_is_typed_twice_unseen(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts: list[str] = []

    def fake_getpass(prompt: str = "Password: ", stream: object = None) -> str:
        prompts.append(prompt)
        return "97531"

    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    assert main(["kiosk-pin"]) == EXIT_OK
    assert prompts == ["Admin PIN (4 to 12 digits): ", "The same PIN again: "]
    assert verify_pin("97531", capsys.readouterr().out.strip())


def test_on_a_terminal_two_different_pins_make_no_hash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["97531", "97532"])
    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    monkeypatch.setattr(getpass, "getpass", lambda prompt="", stream=None: next(answers))
    assert main(["kiosk-pin"]) == EXIT_PROBLEMS
    out, err = capsys.readouterr()
    assert out == ""
    assert "assistant kiosk-pin: the two PINs differ; nothing was made, try again" in err


def test_ctrl_c_at_the_prompt_cancels(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(prompt: str = "", stream: object = None) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    monkeypatch.setattr(getpass, "getpass", interrupted)
    assert main(["kiosk-pin"]) == EXIT_PROBLEMS
    assert "cancelled" in capsys.readouterr().err


def test_there_is_no_option_to_give_the_pin_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as raised:
        build_parser().parse_args(["kiosk-pin", "--pin", "1234"])
    assert raised.value.code == 2
    assert "unrecognized arguments: --pin 1234" in capsys.readouterr().err


def test_the_installed_command_reads_a_piped_pin() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "kiosk-pin"],
        input="135790\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert verify_pin("135790", done.stdout.strip())
    assert "PySide6" not in done.stderr
