"""The `assistant` command: run the window, or check, list and draw a flows file.

    assistant [--flows FILE] [--high-contrast]     open the assistant window
    assistant --theme light|dark                    ... in that theme, not the system's
    assistant --watch [--flows FILE]                the same, reloading the file when saved
    assistant --kiosk [--kiosk-config FILE]         a store's kiosk (see packaging/kiosk/)
    assistant check [FILE]                          list every problem as file:line:col
    assistant paths [FILE]                          every path from the start to a result
    assistant graph [FILE] --format mermaid|dot     a diagram, results and problems marked
    assistant kiosk-pin                             the hash of an admin PIN, for the kiosk config

Argument parsing and logging set-up only; the work is done by `assistant.flows` and
`assistant.ui` (imported lazily, so the content tools start without loading Qt).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import APP_DESCRIPTION, APP_NAME, __version__, command_name

if TYPE_CHECKING:
    from assistant.flows.model import Flow, Screen
    from assistant.flows.problems import FlowError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2


def _flows_file(value: str | None) -> Path:
    if value:
        return Path(value)
    from assistant.resources import bundled_flows

    return bundled_flows()


def _cmd_check(args: argparse.Namespace) -> int:
    from assistant.flows.loader import FlowFileError, load_flow_text, read_flow_bytes
    from assistant.flows.problems import FlowError, counted

    path = _flows_file(args.file)
    source = os.fspath(path)
    try:
        data = read_flow_bytes(path)
    except FlowFileError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except FlowError as exc:  # too large to read
        return _print_problems(path, exc)
    try:
        flow = load_flow_text(data, source=source)
    except FlowError as exc:
        return _print_problems(path, exc)
    screens, results = counted(len(flow.screens), "screen"), counted(len(flow.results), "result")
    print(f"{path}: OK, {screens}, {results}")
    return EXIT_OK


def _print_problems(path: Path, error: FlowError) -> int:
    for problem in error.problems:
        print(problem)
    print(f"{path}: {_problems_summary(error)}")
    return EXIT_PROBLEMS


def _problems_summary(error: FlowError) -> str:
    """ "3 problems found", counting what an "and N more" line stands for, with a note if the
    list stopped or the graph rules have not run yet."""
    from assistant.flows.problems import counted

    count = error.count
    notes = ["the check stopped there, there may be more"] if error.stopped else []
    if not error.links_checked:
        these = "it is" if count == 1 else "these are"
        notes.append(f"the screen links are checked once {these} fixed")
    return f"{counted(count, 'problem')} found" + (f" ({'; '.join(notes)})" if notes else "")


def _open_flow(path: Path, *, checked: bool) -> tuple[Flow | None, int]:
    """The flow in `path` (graph-checked too when `checked`), or None and the exit code after
    printing on stderr why it could not be opened."""
    from assistant.flows.loader import FlowFileError, load_flow, read_flow
    from assistant.flows.problems import FlowError

    try:
        return (load_flow(path) if checked else read_flow(path)), EXIT_OK
    except FlowFileError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return None, EXIT_UNREADABLE
    except FlowError as exc:
        print(exc.report(), file=sys.stderr)
        if checked:
            print(f"{path}: fix these problems first ({command_name()} check)", file=sys.stderr)
        return None, EXIT_PROBLEMS


def _cmd_paths(args: argparse.Namespace) -> int:
    from assistant.flows.paths import all_paths

    flow, code = _open_flow(_flows_file(args.file), checked=True)
    if flow is None:
        return code
    paths = all_paths(flow)
    width = len(str(len(paths)))
    for number, path in enumerate(paths, start=1):
        screens = [flow.screen(s) for s in path.screens]
        if args.labels:
            steps = [
                f"{screen.title} [{_label_of(screen, answer)}]"
                for screen, answer in zip(screens, path.answers, strict=False)
            ]
            answers = " › ".join(steps)
        else:
            answers = " ".join(path.answers)
        result = flow.screen(path.result)
        print(f"{number:>{width}}. {answers}  ->  {result.id}: {result.title}")
    print(f"{len(paths)} paths to {len({p.result for p in paths})} results")
    return EXIT_OK


def _label_of(screen: Screen, option_id: str) -> str:
    option = screen.option(option_id)
    return option.label if option is not None else option_id


def _cmd_graph(args: argparse.Namespace) -> int:
    from assistant.flows.check import check_flow
    from assistant.flows.export import to_dot, to_mermaid

    flow, code = _open_flow(_flows_file(args.file), checked=False)
    if flow is None:
        return code
    problems = check_flow(flow)
    render = to_dot if args.format == "dot" else to_mermaid
    print(render(flow, problems), end="")
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    if args.verbose or args.smoke_test:
        from assistant.logging_setup import configure_logging

        configure_logging(verbose=args.verbose)
    # Otherwise the window sets up the log file once its first screen is painted.
    if args.smoke_test:
        from assistant.smoke import run_smoke_test

        flows = Path(args.flows) if args.flows else None
        return run_smoke_test(flows, high_contrast=args.high_contrast)

    if args.kiosk or args.kiosk_config:
        from assistant.ui.kiosk.run import run_kiosk

        return run_kiosk(
            Path(args.kiosk_config) if args.kiosk_config else None,
            flows_path=Path(args.flows) if args.flows else None,
            high_contrast=args.high_contrast,
            exit_after_first_paint=args.exit_after_first_paint,
        )

    from assistant.ui.app import run_gui

    return run_gui(
        Path(args.flows) if args.flows else None,
        high_contrast=args.high_contrast,
        dark=THEME_DARK[args.theme],
        exit_after_first_paint=args.exit_after_first_paint,
        watch=args.watch,
    )


def _read_pin() -> str:
    """The PIN to hash: typed twice, unseen, on a terminal; else the first line of stdin.
    ValueError (the message for the user) if there is none or the two differ."""
    import getpass

    stdin = sys.stdin
    if stdin is None:
        raise ValueError("no PIN: there is no standard input to read it from")
    if stdin.isatty():
        pin = getpass.getpass("Admin PIN (4 to 12 digits): ")
        if getpass.getpass("The same PIN again: ") != pin:
            raise ValueError("the two PINs differ; nothing was made, try again")
        return pin
    line = stdin.readline()
    if not line:
        raise ValueError("no PIN: standard input is empty (give the PIN as one line)")
    return line.rstrip("\r\n")


def _cmd_kiosk_pin(args: argparse.Namespace) -> int:
    from assistant.kiosk.pin import PIN_COMMAND, hash_pin

    try:
        stored = hash_pin(_read_pin())
    except ValueError as exc:
        print(f"{PIN_COMMAND}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except (KeyboardInterrupt, EOFError):
        print(f"\n{PIN_COMMAND}: cancelled", file=sys.stderr)
        return EXIT_PROBLEMS
    print(stored)
    print(
        f'put it in the kiosk config file as: pin_hash: "{stored}"',
        file=sys.stderr,
    )
    return EXIT_OK


# `--theme`: what it asks of the window's `dark` (None: follow the system's colour scheme).
THEME_DARK: dict[str, bool | None] = {"auto": None, "light": False, "dark": True}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=command_name(),
        description=f"{APP_NAME}: {APP_DESCRIPTION[0].lower()}{APP_DESCRIPTION[1:]}",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--flows", metavar="FILE", help="flows file to open (default: bundled)")
    parser.add_argument("--high-contrast", action="store_true", help="high-contrast theme")
    parser.add_argument(
        "--theme",
        choices=tuple(THEME_DARK),
        default="auto",
        help="light or dark whatever the system's colour scheme (default: auto, the system's)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log engine transitions")
    parser.add_argument(
        "--watch",
        action="store_true",
        help="content authors: reload the flows file when it is saved; Ctrl+K opens any screen",
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="a store's touch screen: full screen, idle reset, admin exit by gesture and PIN",
    )
    parser.add_argument(
        "--kiosk-config",
        metavar="FILE",
        help="kiosk settings (default: kiosk.yaml in the per-user config folder); implies --kiosk",
    )
    parser.add_argument("--exit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, walk every path of the flows and exit (0: all passed)",
    )
    parser.set_defaults(handler=_cmd_run)
    sub = parser.add_subparsers(title="content tools", metavar="COMMAND")

    check = sub.add_parser("check", help="list every problem of a flows file (exit 1 if any)")
    check.add_argument("file", nargs="?", help="flows file (default: bundled flows.yaml)")
    check.set_defaults(handler=_cmd_check)

    paths = sub.add_parser("paths", help="list every path from the start to a result")
    paths.add_argument("file", nargs="?", help="flows file (default: bundled flows.yaml)")
    paths.add_argument("--labels", action="store_true", help="show titles and answer labels")
    paths.set_defaults(handler=_cmd_paths)

    graph = sub.add_parser("graph", help="print the flow as a Mermaid or Graphviz diagram")
    graph.add_argument("file", nargs="?", help="flows file (default: bundled flows.yaml)")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.set_defaults(handler=_cmd_graph)

    kiosk_pin = sub.add_parser(
        "kiosk-pin",
        help="print the salted hash of a kiosk admin PIN, for pin_hash: in the kiosk config",
        description=(
            "Print the salted hash of a kiosk admin PIN (4 to 12 digits), for pin_hash: in the "
            "kiosk config file. The PIN is asked twice, unseen, on a terminal, or read as one "
            "line of standard input; there is no option for it, so that it stays out of the "
            "shell history."
        ),
    )
    kiosk_pin.set_defaults(handler=_cmd_kiosk_pin)
    return parser


# The flags a plain start may carry. A command line of these alone (or none: the desktop
# launcher's) is answered without building the parser, whose sub-commands cost argparse's
# translation look-ups, a few ms of every cold start. tests/test_cli.py holds the two equal.
START_FLAGS = {
    "--high-contrast": "high_contrast",
    "-v": "verbose",
    "--verbose": "verbose",
    "--watch": "watch",
    "--kiosk": "kiosk",
    "--exit-after-first-paint": "exit_after_first_paint",
    "--smoke-test": "smoke_test",
}


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """What `build_parser().parse_args(argv)` returns (and, for a bad line, what it does)."""
    if all(token in START_FLAGS for token in argv):
        flags = dict.fromkeys(START_FLAGS.values(), False)
        flags.update((START_FLAGS[token], True) for token in argv)
        return argparse.Namespace(
            flows=None, kiosk_config=None, theme="auto", handler=_cmd_run, **flags
        )
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # None in a windowed app, a StringIO in tests
            # A file name that is not valid UTF-8 is printed escaped, not a UnicodeEncodeError.
            stream.reconfigure(errors="backslashreplace")
    try:
        code: int = args.handler(args)
    except BrokenPipeError:
        # The reader went away (`assistant check big.yaml | head`): not our error, and no
        # traceback. Python's own advice: point stdout at devnull so the flush at exit is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PROBLEMS
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
