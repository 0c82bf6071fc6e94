"""What goes into the frozen bundle: shared by build.spec and packaging/baseline.spec.

The two specs freeze different scripts (the assistant and a bare PySide6 window) with exactly the
same options, so the start-up benchmark compares like with like. Everything that decides what the
bundle holds is here:

- `project()`: the name and version, taken from the package (pyproject.toml and `assistant`).
- `EXCLUDED_MODULES`: Python and Qt modules the app never imports.
- `filter_toc()`: drops the Qt plugins, translations and libraries the app does not use (it keeps
  `KEPT_TRANSLATIONS`: Qt's own words, in its context menus, in pt-BR), including
  the GTK platform theme and the ~45 GTK/cairo/pango libraries it drags in when the build machine
  has GTK 3 installed (shared/FACTS.md: filtering the plugin alone is not enough).
- `STRIP`: strip symbols from binaries (not on Windows, where PyInstaller has no `strip`).
- `RUNTIME_HOOKS`: run before the app: keep reading modules from the executable the app started
  from (an update may replace it while the window is open).

Only the standard library is imported at module level: PyInstaller execs the spec files, and the
tests import `KEPT_PLUGINS` from here without PyInstaller installed.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent

# Strip on Linux (107 MB instead of 129 MB, shared/FACTS.md) and macOS (PyInstaller uses `strip -S`
# there and signs afterwards); Windows builds have no strip tool and their DLLs carry no symbols.
STRIP = sys.platform != "win32"

# Windows only: a windowed executable has no console, so `check`, `paths`, `kiosk-pin`, --help
# and --version print nowhere there. build.spec adds a console twin, <dist name>-cli.exe, to the
# same folder (sharing every library); on Linux and macOS the one executable prints to the
# terminal it is run from.
CLI_SUFFIX = "-cli"

# Runtime hooks, run before the app's own code: rth_started_executable.py keeps a running app
# reading its Python modules from the executable it started from after an update replaced it.
RUNTIME_HOOKS = [str(ROOT / "packaging" / "rth_started_executable.py")]

# Imported by name at run time, which the analysis cannot see: CPython's own SHA-256 (the content
# stamp uses it instead of hashlib, which loads OpenSSL; assistant/content/stamp.py).
HIDDEN_IMPORTS = [name for name in ("_sha2", "_sha256") if importlib.util.find_spec(name)]

# Python modules the app never imports (the analysis finds some through optional imports).
EXCLUDED_MODULES = [
    # Tests and test tooling: assistant.testing drives the window for pytest-qt and needs QtTest.
    "assistant.testing",
    "pytest",
    "pytestqt",
    "_pytest",
    "hypothesis",
    "unittest",
    "doctest",
    "pdb",
    "pydoc",
    "tkinter",
    "_tkinter",
    "lib2to3",
    "xmlrpc",
    "sqlite3",
    "curses",
    # No network: urllib and http.client (imported by segno's writers) work without ssl, which
    # would add libssl. hashlib (and OpenSSL's libcrypto) stays: the kiosk PIN is hashed.
    "ssl",
    "_ssl",
    # East Asian codecs (0.9 MB): the app reads and writes UTF-8 only.
    "_codecs_cn",
    "_codecs_hk",
    "_codecs_iso2022",
    "_codecs_jp",
    "_codecs_kr",
    "_codecs_tw",
    # Qt modules that PySide6-Essentials ships but the app never imports: only QtCore, QtGui,
    # QtWidgets (and QtDBus as a library, see QT_LIBRARIES) are used.
    "PySide6.QtConcurrent",
    "PySide6.QtDBus",  # the Python module; libQt6DBus itself is kept (QtGui needs it)
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickTest",
    "PySide6.QtQuickWidgets",
    "PySide6.QtSql",
    "PySide6.QtSvg",  # the app icon is bundled as PNGs rendered at build time (build.spec)
    "PySide6.QtSvgWidgets",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    # ctypes: only Windows code calls it (single_instance's AllowSetForegroundWindow, segno's
    # console colours). Present in a bundle, PyInstaller's bootstrap imports it at every start
    # (for its ctypes hooks): _ctypes and libffi, read from disk before the first screen.
    *(["ctypes", "_ctypes"] if sys.platform != "win32" else []),
]

# Qt plugins kept, as "<type>/<file stem>" (the same names on every platform; the file is
# lib<stem>.so, <stem>.dll or lib<stem>.dylib). Every other plugin is dropped.
# Qt's pt-BR catalog for the words Qt writes itself (context menus: "Copiar", "Selecionar tudo");
# assistant/ui/qt_translations.py loads it. Qt's dialogs and other modules are not used.
KEPT_TRANSLATIONS = frozenset({"qtbase_pt_BR.qm"})

KEPT_PLUGINS = frozenset(
    {
        # Windowing: X11 (also under XWayland), Windows, macOS, and offscreen for the smoke test
        # in CI. Wayland-native is left out: it needs libQt6WaylandClient and five more plugin
        # types; every Wayland desktop runs the app through XWayland.
        "platforms/qxcb",
        "platforms/qwindows",
        "platforms/qcocoa",
        "platforms/qoffscreen",
        # Native widget style on Windows and macOS (the app's stylesheet covers the rest).
        "styles/qmodernwindowsstyle",
        "styles/qwindowsvistastyle",
        "styles/qmacstyle",
        # Typing with dead keys and input methods on X11 (the kiosk PIN, any future text field).
        "platforminputcontexts/composeplatforminputcontextplugin",
        "platforminputcontexts/ibusplatforminputcontextplugin",
    }
)

# Qt shared libraries kept (prefix of the file name without lib/Qt6/.so: "Core" keeps
# libQt6Core.so.6, Qt6Core.dll and QtCore.framework). Everything else from Qt is dropped.
QT_LIBRARIES = frozenset({"Core", "Gui", "Widgets", "DBus", "XcbQpa"})

# Libraries that only the platformthemes/qgtk3 plugin needs: on a build machine with GTK 3 they
# are collected as its dependencies (~45 files, shared/FACTS.md). The plugin is dropped above, and
# these are dropped by name too, whatever pulled them in. Libraries that the kept Qt libraries
# need as well (glib, fontconfig, freetype, png, X11, dbus, ...) are not in this list; the ldd
# test in tests/packaging checks that every bundled library still resolves inside the bundle.
_GTK_LIBRARY = re.compile(
    r"^lib(gtk-3|gdk-3|gdk_pixbuf-2\.0|atk-1\.0|atk-bridge-2\.0|atspi|cairo|cairo-gobject|"
    r"pango-1\.0|pangocairo-1\.0|pangoft2-1\.0|harfbuzz|graphite2|fribidi|thai|datrie|pixman-1|"
    r"epoxy|gio-2\.0|gmodule-2\.0|gobject-2\.0|mount|blkid|selinux|"
    r"Xcomposite|Xdamage|Xinerama|Xrandr|Xcursor|Xi|Xfixes|Xext|Xrender|"
    r"wayland-.*|cloudproviders|tracker-sparql-3\.0|colord|lcms2|json-glib-1\.0|"
    r"jpeg|tiff|webp|deflate|jbig|Lerc|sharpyuv|xml2|"
    r"dconf|rest-0\.7|soup.*|avahi.*|cups|gnutls|nettle|hogweed|gmp|p11-kit|tasn1|idn2|unistring|"
    r"gssapi_krb5|krb5.*|k5crypto|com_err|keyutils|sqlite3|stemmer|uuid)\.so"
)


@dataclass(frozen=True, slots=True)
class Project:
    """The name and version the bundle, its executable and the installers carry."""

    dist_name: str  # "assistente-de-faturas": the executable, the .deb, the folder in /opt
    app_name: str  # "Assistente de Faturas": menus, window titles, the Windows installer
    version: str  # "0.1.0"
    description: str
    bundle_id: str  # macOS CFBundleIdentifier


def project() -> Project:
    """Read the name and version from pyproject.toml, checked against `assistant.__version__`."""
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    init = (ROOT / "assistant" / "__init__.py").read_text(encoding="utf-8")
    version = re.search(r'^__version__ = "([^"]+)"', init, re.M)
    app_name = re.search(r'^APP_NAME = "([^"]+)"', init, re.M)
    if version is None or app_name is None:
        raise SystemExit("assistant/__init__.py: __version__ or APP_NAME not found")
    if version.group(1) != meta["version"]:
        raise SystemExit(
            f"version mismatch: pyproject.toml {meta['version']}, "
            f"assistant/__init__.py {version.group(1)}"
        )
    return Project(
        dist_name=meta["name"],
        app_name=app_name.group(1),
        version=meta["version"],
        description=meta["description"],
        bundle_id="br.com.assistente-de-faturas",
    )


# A public PEP 440 version (the spec's pattern, normalised forms and their usual spellings):
# epoch, release (group 1), pre-, post- and dev-release, local label.
_PEP440 = re.compile(
    r"(?:\d+!)?(\d+(?:\.\d+)*)"
    r"(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?"
    r"(?:-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)?"
    r"(?:[-_.]?dev[-_.]?\d*)?"
    r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?",
    re.IGNORECASE,
)


def windows_file_version(version: str) -> str:
    """The four numbers Windows wants as a file version (NSIS VIProductVersion), from a PEP 440
    version: "0.1.0" -> "0.1.0.0", "1.2" -> "1.2.0.0", "1.0.0rc1" -> "1.0.0.0"."""
    release = _PEP440.fullmatch(version)
    if release is None:
        raise ValueError(f"not a PEP 440 version: {version!r}")
    numbers = [int(n) for n in release.group(1).split(".")]
    if len(numbers) > 4:
        raise ValueError(f"{version!r} has more than the 4 numbers Windows keeps")
    if any(n > 65535 for n in numbers):  # each is a 16-bit field of VS_FIXEDFILEINFO
        raise ValueError(f"a part of {version!r} is over 65535")
    return ".".join(str(n) for n in numbers + [0] * (4 - len(numbers)))


def _plugin_key(dest: str) -> str | None:
    """ "platforms/qxcb" for a bundled file under .../Qt/plugins/ (or PySide6/plugins on
    Windows), else None."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "plugins" not in parts:
        return None
    index = parts.index("plugins")
    if index == 0 or parts[index - 1] not in ("Qt", "PySide6") or len(parts) < index + 3:
        return None
    kind, filename = parts[index + 1], parts[-1]
    stem = filename.split(".")[0]
    if stem.startswith("lib") and not filename.endswith(".dll"):
        stem = stem[3:]
    return f"{kind}/{stem}"


_QT_LIB = re.compile(r"^(?:lib)?Qt6([A-Za-z0-9]+?)(?:\.abi3)?\.(?:so|dll|dylib)")
_QT_FRAMEWORK = re.compile(r"/Qt([A-Za-z0-9]+)\.framework/")


def drop_reason(dest: str) -> str | None:
    """Why the bundled file at `dest` (its path inside the bundle) is left out, or None to keep."""
    path = dest.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if "/translations/" in f"/{path}" and name.endswith((".qm", ".pak")):
        if name in KEPT_TRANSLATIONS:
            return None
        return "Qt translation (the app's text is its own and pt-BR only)"
    if "/qml/" in f"/{path}":
        return "QML (not used)"
    if name.lower() == "opengl32sw.dll":
        return "software OpenGL for Windows (the app draws no OpenGL)"
    plugin = _plugin_key(path)
    if plugin is not None:
        return None if plugin in KEPT_PLUGINS else f"Qt plugin {plugin} (not used)"
    match = _QT_LIB.match(name) or _QT_FRAMEWORK.search(path)
    if match and match.group(1) not in QT_LIBRARIES:
        return f"Qt library Qt6{match.group(1)} (not used)"
    if sys.platform.startswith("linux") and _GTK_LIBRARY.match(name):
        return "GTK library (only the dropped qgtk3 platform theme needs it)"
    return None


def filter_toc(toc: list[tuple[str, str, str]], dropped: dict[str, str]) -> list:
    """`toc` without the entries `drop_reason` rejects; each dropped entry goes into `dropped`."""
    kept = []
    for entry in toc:
        reason = drop_reason(entry[0])
        if reason is None:
            kept.append(entry)
        else:
            dropped[entry[0]] = reason
    return kept


def report_dropped(dropped: dict[str, str], log_path: Path) -> None:
    """Write every dropped file and why to `log_path`, and a one-line summary on stdout."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{dest}\t{reason}" for dest, reason in sorted(dropped.items())]
    log_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kinds: dict[str, int] = {}
    for reason in dropped.values():
        key = reason.split(" (")[0].split(" Qt6")[0].split(" platforms/")[0]
        key = re.sub(r" \S+/\S+$", "", key)
        kinds[key] = kinds.get(key, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    print(f"bundle: left out {len(dropped)} files ({summary}); list in {log_path}")


def windows_version_info(proj: Project):  # -> PyInstaller VSVersionInfo (Windows builds only)
    """The version resource of the Windows executable (Explorer's Properties > Details)."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    numbers = [int(n) for n in re.findall(r"\d+", proj.version)[:3]]
    numbers += [0] * (4 - len(numbers))
    version = tuple(numbers)
    strings = [
        StringStruct("ProductName", proj.app_name),
        StringStruct("FileDescription", proj.app_name),
        StringStruct("ProductVersion", proj.version),
        StringStruct("FileVersion", proj.version),
        StringStruct("InternalName", proj.dist_name),
        StringStruct("OriginalFilename", f"{proj.dist_name}.exe"),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=version, prodvers=version),
        kids=[
            StringFileInfo([StringTable("041604B0", strings)]),  # pt-BR, Unicode
            VarFileInfo([VarStruct("Translation", [0x0416, 1200])]),
        ],
    )
