"""A per-user cache of checked flows, so the window does not parse YAML at every start.

Loading flows.yaml means importing PyYAML, walking every node and running every graph rule: about
40 ms of a cold start that is otherwise mostly Qt. A flow that loaded clean is pickled into the
cache folder under a key made of the file's bytes, its resolved path (problem messages carry it)
and the code that read it (the app version, the Python version, and the size and mtime of the
engine's modules, or of the executable that holds them when frozen). Anything that does not
match exactly is a miss and goes through `load_flow`, which also means a broken file is always
parsed afresh and reported in full.

The folder is `$ASSISTANT_CACHE_DIR` when set, else the platform's per-user cache folder. It is
only ever ours: a file there that fails to unpickle is ignored and replaced.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import zlib
from pathlib import Path

from assistant import __version__, user_dirs
from assistant.files import open_for_reading
from assistant.flows.model import Flow

logger = logging.getLogger(__name__)

CACHE_DIR_ENV = "ASSISTANT_CACHE_DIR"
_MAX_BYTES = 8 * 1024 * 1024  # as the loader: anything bigger goes the slow way and is refused
_ENGINE_MODULES = (
    "model.py",
    "loader.py",
    *(
        f"strict_yaml/{name}.py"
        for name in (
            "__init__",
            "tags",
            "text_checks",
            "wording",
            "shapes",
            "walker",
            "syntax_errors",
            "compose",
        )
    ),
    "check.py",
    "problems.py",
)
KEEP_ENTRIES = 8  # an author saving flows.yaml all day leaves one entry per version


def user_cache_dir() -> Path:
    """Where cached flows go: $ASSISTANT_CACHE_DIR, else the per-user cache folder."""
    override = os.environ.get(CACHE_DIR_ENV)
    return Path(override) if override else user_dirs.user_cache_dir()


def _code_stamp() -> bytes:
    """What identifies the code that turns a file into a Flow."""
    parts = [__version__, sys.version, str(pickle.HIGHEST_PROTOCOL)]
    engine = Path(__file__).parent
    files = [(name, engine / name) for name in _ENGINE_MODULES]
    if getattr(sys, "frozen", False):
        # The modules live in an archive inside the executable: its size and mtime tell one
        # build from another, where the version alone would let a rebuilt bundle of the same
        # version read a flow pickled by the code before it.
        files.append(("executable", Path(sys.executable)))
    for name, file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts).encode()


def cache_key(path: Path, data: bytes) -> tuple[str, bytes]:
    """The entry's file name, and what the entry must hold besides the flow to be a hit.

    A CRC names the entry; the entry keeps the exact code stamp, path and bytes it was made
    from, compared in full on reading, so a CRC collision is only a miss. (No hashlib: it loads
    OpenSSL, several MiB of memory for a start-up that should stay light.)
    """
    identity = _code_stamp() + b"\0" + os.fsencode(path.resolve()) + b"\0" + data
    return f"flow-{zlib.crc32(identity):08x}-{len(data)}.pickle", identity


def load_flow_cached(path: str | os.PathLike[str], cache_dir: Path | None = None) -> Flow:
    """`load_flow(path)`, answered from the cache when this exact file was loaded clean before.

    Raises what `load_flow` raises. The cache is best effort: an unreadable or unwritable cache
    folder only costs the parse.
    """
    return load_flow_and_bytes(path, cache_dir)[0]


def load_flow_and_bytes(
    path: str | os.PathLike[str], cache_dir: Path | None = None
) -> tuple[Flow, bytes]:
    """`load_flow_cached`, with the bytes the flow was read from (for the content stamp)."""
    from_path = Path(os.fspath(path))
    folder = cache_dir if cache_dir is not None else user_cache_dir()
    try:
        with open_for_reading(from_path) as stream:
            data = stream.read(_MAX_BYTES + 1)
    except OSError:
        data = None  # load_flow reports it properly
    if data is None or len(data) > _MAX_BYTES:
        flow = _load(path)
        return flow, from_path.read_bytes()
    name, identity = cache_key(from_path, data)
    entry = folder / name
    cached = _read_entry(entry, identity)
    if cached is not None:
        return cached, data
    # The bytes of the key, not the file again: a save in between would otherwise be cached
    # (and shown) under the bytes of the version before it.
    flow = _load(path, data)
    _write_entry(entry, identity, flow)
    return flow, data


def _load(path: str | os.PathLike[str], data: bytes | None = None) -> Flow:
    """`load_flow(path)`; of `data` (the file's bytes, already read) when given."""
    from assistant.flows.loader import load_flow, load_flow_text

    return load_flow(path) if data is None else load_flow_text(data, source=os.fspath(path))


def _read_entry(entry: Path, identity: bytes) -> Flow | None:
    try:
        with open_for_reading(entry) as stream:
            stored_identity, flow = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception as error:  # a truncated or stale entry: parse again and replace it
        logger.info("ignoring cached flow %s (%s)", entry.name, error)
        return None
    if stored_identity != identity or not isinstance(flow, Flow):
        return None
    return flow


def _write_entry(entry: Path, identity: bytes, flow: Flow) -> None:
    import tempfile  # only on a miss (it costs memory at start-up)

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".flow-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                pickle.dump((identity, flow), stream, protocol=pickle.HIGHEST_PROTOCOL)
            Path(temporary).replace(entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(entry.parent)
    except OSError as error:
        logger.info("not caching the checked flow (%s)", error)


def _prune(folder: Path) -> None:
    """Keep the KEEP_ENTRIES most recently written entries."""
    entries = sorted(folder.glob("flow-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-KEEP_ENTRIES]:
        old.unlink(missing_ok=True)
