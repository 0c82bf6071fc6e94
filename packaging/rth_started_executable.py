"""PyInstaller runtime hook: read Python modules from the files this process started from.

PyInstaller keeps the app's Python modules (ours, PyYAML, segno, most of the standard library) in
an archive inside the executable, and the standard library modules Python starts with in
_internal/base_library.zip; both are reopened *by their path* for every module imported after
start-up. An update (`apt install`/`dpkg -i` of a newer .deb, or a tarball unpacked over the old
one) replaces those files while a customer still has the window open: the running app then reads
the new files at the old offsets, and the first modules it imports late (the QR code of a
WhatsApp result imports segno, which imports urllib, email, calendar and locale) fail with
"zlib.error: incorrect header check" or "bad local file header": "Desculpe, algo deu errado" on
every WhatsApp result until the app is restarted. A `dpkg -r` while it runs ends it with
"appears to have been moved or deleted".

So, on Linux, both are read through /proc/self/fd/N, N a descriptor of the file opened here,
before anything else is imported: the process keeps reading the files it started from, whatever
is installed over them. Anywhere this cannot be done (no /proc, another PyInstaller or zipimport
layout), nothing changes.

Listed in bundle.RUNTIME_HOOKS (build.spec and baseline.spec); tested in
tests/packaging/test_bundle.py by replacing the files of a running smoke test.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _alias(path: str) -> str | None:
    """/proc/self/fd/N for a descriptor of `path` opened now and kept open, or None."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    alias = f"/proc/self/fd/{descriptor}"
    try:
        usable = os.path.samestat(Path(alias).stat(), os.fstat(descriptor))
    except OSError:
        usable = False
    if usable:
        return alias
    os.close(descriptor)
    return None


def _read_the_executable_it_started_from() -> None:
    """PyInstaller's archive of modules (PYZ), inside the executable."""
    importers = sys.modules.get("pyimod02_importers")
    archive = getattr(importers, "pyz_archive", None)
    path = getattr(archive, "_filename", None)
    alias = _alias(path) if isinstance(path, str) else None
    if alias is not None:
        archive._filename = alias  # type: ignore[union-attr]


def _read_the_zip_archives_it_started_from() -> None:
    """The zip files of the bundle on sys.path (base_library.zip), read by zipimport."""
    import zipimport

    get_data = getattr(zipimport, "_get_data", None)
    read_directory = getattr(zipimport, "_read_directory", None)
    bundle = getattr(sys, "_MEIPASS", None)
    if get_data is None or read_directory is None or not isinstance(bundle, str):
        return
    aliases = {}
    for entry in sys.path:
        if entry.startswith(bundle) and entry.endswith(".zip"):
            alias = _alias(entry)
            if alias is not None:
                aliases[entry] = alias
    if not aliases:
        return

    def _get_data(archive: str, toc_entry: tuple[object, ...]) -> bytes:
        return get_data(aliases.get(archive, archive), toc_entry)  # type: ignore[no-any-return]

    def _read_directory(archive: str) -> dict[str, tuple[object, ...]]:
        return read_directory(aliases.get(archive, archive))  # type: ignore[no-any-return]

    zipimport._get_data = _get_data  # type: ignore[attr-defined]
    zipimport._read_directory = _read_directory  # type: ignore[attr-defined]


if sys.platform.startswith("linux"):
    _read_the_executable_it_started_from()
    _read_the_zip_archives_it_started_from()
