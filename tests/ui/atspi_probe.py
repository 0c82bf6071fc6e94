"""Run by test_atspi.py with the system Python (Debian's python3-gi and gir1.2-atspi-2.0), on a
session D-Bus of its own (dbus-run-session) and a real X server: what a screen reader (Orca) gets.

Not collected by the normal run (no test_ prefix), and it never imports Qt or the app: it starts
the app's command in a child process with the AT-SPI bridge on, looks at it from outside through
AT-SPI, as a screen reader does, and writes one JSON object to REPORT for the test to check (not
to stdout: the AT-SPI daemons that the bus starts on demand print there too).

    python3 -I atspi_probe.py REPORT STEPS_JSON -- APP_COMMAND...

STEPS_JSON is a list of {"option": name, "via": "focus"|"action"|"key", "key": "1",
"title": expected new title, "expect": "focus"|"announcement"}:
- via "focus": the option gets the focus first (as after Tab), then is pressed (Press action);
- via "action": the option is pressed where the focus is (the screen title);
- via "key": the key is typed on the X server (XTest, through the AT-SPI registry).
Each step waits (polling, with a deadline) until the title is on show and, with "focus", has
the focus, or, with "announcement", has been announced; then the tree is read. A wait that runs
out is recorded ("timed_out") and the tree is read all the same: the test says what is wrong.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

APP_TIMEOUT = 30.0  # the app on the AT-SPI bus (a cold start under Xvfb takes ~0.3 s)
STEP_TIMEOUT = 15.0


class Probe:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self._listener = Atspi.EventListener.new(self._on_event)
        for kind in ("object:state-changed:focused", "object:announcement"):
            self._listener.register(kind)
        self._context = GLib.MainContext.default()
        self.app: Any = None

    def _on_event(self, event: Any) -> None:
        if event.type == "object:state-changed:focused" and not event.detail1:
            return  # focus lost: a screen reader says nothing about it
        try:
            role, name = event.source.get_role_name(), event.source.get_name()
        except GLib.Error:  # gone already (a page deleted after the switch)
            role, name = None, None
        self.events.append({"type": event.type, "role": role, "name": name})

    def pump(self) -> None:
        """Deliver the AT-SPI events that have arrived (listeners run on GLib's main loop)."""
        while self._context.pending():
            self._context.iteration(False)

    def wait(self, condition: Callable[[], Any], timeout: float) -> Any:
        """`condition()` once it is true, or its last value after `timeout` seconds. Between two
        looks it waits on GLib's main loop: for an AT-SPI event, or 20 ms at most (some changes,
        such as a new page's children, come with no event that we listen to)."""
        deadline = time.monotonic() + timeout
        while True:
            self.pump()
            value = condition()
            if value or time.monotonic() > deadline:
                return value
            tick = GLib.timeout_source_new(20)
            tick.set_callback(lambda *_: False)
            tick.attach(self._context)
            self._context.iteration(True)
            tick.destroy()

    # --- the tree -----------------------------------------------------------------------------

    def descendants(self) -> Iterator[Any]:
        stack = [self.app]
        while stack:
            node = stack.pop()
            yield node
            for index in range(node.get_child_count() - 1, -1, -1):
                child = node.get_child_at_index(index)
                if child is not None:
                    stack.append(child)

    def showing(self) -> list[Any]:
        return [
            node for node in self.descendants()
            if node.get_state_set().contains(Atspi.StateType.SHOWING)
        ]

    def title(self) -> str | None:
        """The name of the first heading on show: the screen's title."""
        for node in self.showing():
            if node.get_role() == Atspi.Role.HEADING:
                return str(node.get_name())
        return None

    def focused(self) -> list[dict[str, str]]:
        return [
            {"role": node.get_role_name(), "name": node.get_name()}
            for node in self.descendants()
            if node.get_state_set().contains(Atspi.StateType.FOCUSED)
        ]

    def snapshot(self) -> dict[str, Any]:
        self.pump()
        window = self.app.get_child_at_index(0)
        showing = self.showing()
        return {
            "window": {
                "role": window.get_role_name(),
                "name": window.get_name(),
                "states": sorted(s.value_nick for s in window.get_state_set().get_states()),
            },
            "headings": [
                {
                    "name": node.get_name(),
                    "focusable": node.get_state_set().contains(Atspi.StateType.FOCUSABLE),
                    "attributes": dict(node.get_attributes() or {}),
                }
                for node in showing
                if node.get_role() == Atspi.Role.HEADING
            ],
            "buttons": [
                node.get_name() for node in showing if node.get_role() == Atspi.Role.PUSH_BUTTON
            ],
            # What a screen reader reads as text, in the order it meets it.
            "texts": [
                node.get_name() for node in showing if node.get_role() == Atspi.Role.LABEL
            ],
            # What Tab reaches and a screen reader would have to call "unlabelled".
            "unnamed_focusable": [
                node.get_role_name()
                for node in showing
                if node.get_state_set().contains(Atspi.StateType.FOCUSABLE)
                and not node.get_name()
            ],
            "focused": self.focused(),
            "events": self.take_events(),
        }

    def take_events(self) -> list[dict[str, Any]]:
        events, self.events = self.events, []
        return events

    # --- doing --------------------------------------------------------------------------------

    def button(self, name: str) -> Any:
        return next(
            (
                node for node in self.showing()
                if node.get_role() == Atspi.Role.PUSH_BUTTON and node.get_name() == name
            ),
            None,
        )

    @staticmethod
    def do_action(node: Any, action: str) -> None:
        # get_action_name is deprecated, but these bindings have no Atspi.Action.get_name
        names = [node.get_action_name(index) for index in range(node.get_n_actions())]
        if action not in names:
            raise ProbeError(f"{node.get_name()!r} has no action {action!r}, only {names}")
        node.do_action(names.index(action))

    def step(self, step: dict[str, str]) -> dict[str, Any]:
        title = step["title"]
        timed_out = []
        if step["via"] == "key":
            Atspi.generate_keyboard_event(0, step["key"], Atspi.KeySynthType.STRING)
        else:
            button = self.wait(lambda: self.button(step["option"]), STEP_TIMEOUT)
            if button is None:
                raise ProbeError(f"no button named {step['option']!r} on show")
            if step["via"] == "focus":
                self.do_action(button, "SetFocus")
                if not self.wait(
                    lambda: self.focused() == [{"role": "push button", "name": step["option"]}],
                    STEP_TIMEOUT,
                ):
                    timed_out.append("focus on the option")
                self.take_events()
            self.do_action(button, "Press")
        if not self.wait(lambda: self.title() == title, STEP_TIMEOUT):
            timed_out.append("the new title")
        if step["expect"] == "focus":
            settled = self.wait(
                lambda: self.focused() == [{"role": "heading", "name": title}], STEP_TIMEOUT
            )
        else:
            settled = self.wait(
                lambda: any(
                    e["type"] == "object:announcement" and e["name"] == title
                    for e in self.events
                ),
                STEP_TIMEOUT,
            )
        if not settled:
            timed_out.append(step["expect"])
        return {"step": step, "timed_out": timed_out, **self.snapshot()}


class ProbeError(Exception):
    pass


class _WindowAttributes(ctypes.Structure):
    """Xlib's XWindowAttributes."""

    _fields_ = [
        *[(name, ctypes.c_int) for name in ("x", "y", "width", "height", "border", "depth")],
        ("visual", ctypes.c_void_p), ("root", ctypes.c_ulong), ("class_", ctypes.c_int),
        ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p),
    ]


def focus_x_window_of(pid: int) -> bool:
    """Give the X input focus to the mapped top-level window of `pid` (by _NET_WM_PID), as a
    window manager does when a window is shown. Bare Xvfb has none: without this, no window is
    active and no widget ever has the focus (FOCUSED). ctypes over libX11, which Qt's xcb
    plugin needs anyway."""
    xlib = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    ulong, ptr = ctypes.c_ulong, ctypes.c_void_p
    xlib.XOpenDisplay.restype = ptr
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ulong
    xlib.XDefaultRootWindow.argtypes = [ptr]
    xlib.XInternAtom.restype = ulong
    xlib.XInternAtom.argtypes = [ptr, ctypes.c_char_p, ctypes.c_int]
    xlib.XQueryTree.argtypes = [
        ptr, ulong, ctypes.POINTER(ulong), ctypes.POINTER(ulong),
        ctypes.POINTER(ctypes.POINTER(ulong)), ctypes.POINTER(ctypes.c_uint),
    ]
    xlib.XGetWindowProperty.argtypes = [
        ptr, ulong, ulong, ctypes.c_long, ctypes.c_long, ctypes.c_int, ulong,
        ctypes.POINTER(ulong), ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ulong),
        ctypes.POINTER(ulong), ctypes.POINTER(ptr),
    ]
    xlib.XSetInputFocus.argtypes = [ptr, ulong, ctypes.c_int, ulong]
    xlib.XFree.argtypes = [ptr]
    xlib.XSync.argtypes = [ptr, ctypes.c_int]
    xlib.XCloseDisplay.argtypes = [ptr]
    xlib.XGetWindowAttributes.argtypes = [ptr, ulong, ctypes.POINTER(_WindowAttributes)]

    display = xlib.XOpenDisplay(None)
    if not display:
        raise ProbeError(f"cannot open the X display {os.environ.get('DISPLAY')!r}")
    try:
        root = xlib.XDefaultRootWindow(display)
        pid_atom = xlib.XInternAtom(display, b"_NET_WM_PID", 0)
        root_out, parent_out = ulong(), ulong()
        children, count = ctypes.POINTER(ulong)(), ctypes.c_uint()
        xlib.XQueryTree(
            display, root, ctypes.byref(root_out), ctypes.byref(parent_out),
            ctypes.byref(children), ctypes.byref(count),
        )
        windows = [children[index] for index in range(count.value)]
        if children:
            xlib.XFree(children)
        for window in windows:
            attributes = _WindowAttributes()
            if not xlib.XGetWindowAttributes(display, window, ctypes.byref(attributes)):
                continue
            if attributes.map_state != 2:  # IsViewable
                continue
            kind, fmt, items, after, data = ulong(), ctypes.c_int(), ulong(), ulong(), ptr()
            xlib.XGetWindowProperty(
                display, window, pid_atom, 0, 1, 0, 6,  # XA_CARDINAL
                ctypes.byref(kind), ctypes.byref(fmt), ctypes.byref(items),
                ctypes.byref(after), ctypes.byref(data),
            )
            owner = ctypes.cast(data, ctypes.POINTER(ulong))[0] if items.value else None
            if data:
                xlib.XFree(data)
            if owner == pid:
                xlib.XSetInputFocus(display, window, 1, 0)  # RevertToPointerRoot, CurrentTime
                xlib.XSync(display, 0)
                return True
        return False
    finally:
        xlib.XCloseDisplay(display)


def find_app(pid: int) -> Any:
    desktop = Atspi.get_desktop(0)
    for index in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(index)
        if app is not None and app.get_process_id() == pid and app.get_child_count() > 0:
            return app
    return None


def main(argv: list[str]) -> dict[str, Any]:
    steps = json.loads(argv[2])
    command = argv[argv.index("--") + 1 :]
    report: dict[str, Any] = {"error": None, "start": None, "steps": []}
    started = time.monotonic()
    probe = Probe()
    with tempfile.TemporaryFile("w+") as log:
        app = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            probe.app = probe.wait(lambda: find_app(app.pid) or app.poll() is not None,
                                   APP_TIMEOUT)
            if probe.app is True or probe.app is None:
                raise ProbeError(
                    f"the app did not appear on the AT-SPI bus in {APP_TIMEOUT:.0f} s"
                    f" (exit code {app.poll()})"
                )
            report["application"] = probe.app.get_name()
            report["seconds_to_bus"] = round(time.monotonic() - started, 2)
            if not probe.wait(lambda: focus_x_window_of(app.pid), STEP_TIMEOUT):
                raise ProbeError("no mapped X window with the app's _NET_WM_PID")
            probe.wait(probe.focused, STEP_TIMEOUT)
            report["start"] = probe.snapshot()
            for step in steps:
                report["steps"].append(probe.step(step))
        except (ProbeError, GLib.Error) as exc:
            report["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()
            log.seek(0)
            report["app_output"] = log.read()[-4000:]
            report["seconds"] = round(time.monotonic() - started, 2)
    return report


if __name__ == "__main__":
    report = json.dumps(main(sys.argv), ensure_ascii=False)
    Path(sys.argv[1]).write_text(report, encoding="utf-8")
