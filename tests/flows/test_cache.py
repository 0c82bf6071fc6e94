"""The cache of checked flows: a hit only for the very same file, never for a broken one."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

import assistant.flows.cache as cache
from assistant.flows.cache import KEEP_ENTRIES, load_flow_cached
from assistant.flows.loader import load_flow
from assistant.flows.problems import FlowError

FLOW = """\
schema: 1
content_version: "v1"
start: pagou
screens:
  - id: pagou
    kind: question
    title: "Já pagou?"
    options:
      - {id: sim, label: "Sim", next: fim}
      - {id: nao, label: "Não", next: fim}
  - id: fim
    kind: result
    channel: info
    title: "Pronto"
    steps: ["Aguarde."]
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every real parse the cache falls back to."""
    calls: list[str] = []
    real = cache._load

    def counting(path: str | os.PathLike[str], data: bytes | None = None) -> object:
        calls.append(os.fspath(path))
        return real(path, data)

    monkeypatch.setattr(cache, "_load", counting)
    return calls


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_second_load_of_the_same_file_is_answered_from_the_cache(
    tmp_path: Path, parses: list[str]
) -> None:
    flows = write(tmp_path / "flows.yaml", FLOW)
    first = load_flow_cached(flows, tmp_path / "cache")
    second = load_flow_cached(flows, tmp_path / "cache")
    assert parses == [str(flows)]
    assert second == first == load_flow(flows)
    assert second.screen("pagou").mark == first.screen("pagou").mark


def test_changed_bytes_are_parsed_again(tmp_path: Path, parses: list[str]) -> None:
    flows = write(tmp_path / "flows.yaml", FLOW)
    load_flow_cached(flows, tmp_path / "cache")
    write(flows, FLOW.replace('"v1"', '"v2"'))
    assert load_flow_cached(flows, tmp_path / "cache").content_version == "v2"
    assert len(parses) == 2


def test_the_same_bytes_at_another_path_are_parsed_again(
    tmp_path: Path, parses: list[str]
) -> None:
    # Problem messages and marks carry the path: a copy must not reuse the original's marks.
    load_flow_cached(write(tmp_path / "a.yaml", FLOW), tmp_path / "cache")
    other = load_flow_cached(write(tmp_path / "b.yaml", FLOW), tmp_path / "cache")
    assert len(parses) == 2
    assert other.start_mark.file.endswith("b.yaml")


def test_a_rebuilt_frozen_app_of_the_same_version_parses_again(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frozen, the engine's modules are inside the executable and have no files to stat: a
    bundle rebuilt with other engine code but the same version read the old build's pickles."""
    executable = write(tmp_path / "assistente-de-faturas", "build 1")
    monkeypatch.setattr(cache.sys, "frozen", True, raising=False)
    monkeypatch.setattr(cache.sys, "executable", str(executable))
    monkeypatch.setattr(cache, "_ENGINE_MODULES", ())  # as in the archive: nothing to stat
    flows = write(tmp_path / "flows.yaml", FLOW)
    load_flow_cached(flows, tmp_path / "cache")
    load_flow_cached(flows, tmp_path / "cache")
    assert len(parses) == 1  # the same build: a hit
    write(executable, "build 2, a new engine")
    load_flow_cached(flows, tmp_path / "cache")
    assert len(parses) == 2


def test_a_broken_file_is_never_cached_and_always_reported(
    tmp_path: Path, parses: list[str]
) -> None:
    flows = write(tmp_path / "flows.yaml", FLOW.replace("next: fim}", "next: fin}", 1))
    for _ in range(2):
        with pytest.raises(FlowError, match="fin"):
            load_flow_cached(flows, tmp_path / "cache")
    assert len(parses) == 2
    assert not list((tmp_path / "cache").glob("flow-*"))


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("other", None))])
def test_a_damaged_entry_is_ignored_and_replaced(
    tmp_path: Path, parses: list[str], damage: bytes
) -> None:
    flows = write(tmp_path / "flows.yaml", FLOW)
    load_flow_cached(flows, tmp_path / "cache")
    (entry,) = (tmp_path / "cache").glob("flow-*.pickle")
    entry.write_bytes(damage)
    assert load_flow_cached(flows, tmp_path / "cache") == load_flow(flows)
    assert load_flow_cached(flows, tmp_path / "cache") == load_flow(flows)
    assert len(parses) == 2  # the damaged entry cost one parse, then it was good again


def test_an_unwritable_cache_folder_only_costs_the_parse(
    tmp_path: Path, parses: list[str]
) -> None:
    flows = write(tmp_path / "flows.yaml", FLOW)
    blocked = write(tmp_path / "not-a-folder", "")
    assert load_flow_cached(flows, blocked).content_version == "v1"
    assert load_flow_cached(flows, blocked).content_version == "v1"
    assert len(parses) == 2


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    flows = tmp_path / "flows.yaml"
    for version in range(KEEP_ENTRIES + 3):
        write(flows, FLOW.replace('"v1"', f'"v{version}"'))
        load_flow_cached(flows, tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("flow-*.pickle"))) == KEEP_ENTRIES
    assert not list((tmp_path / "cache").glob(".flow-*"))  # no temporary file left


def test_the_cache_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path / "here"))
    assert cache.user_cache_dir() == tmp_path / "here"
    monkeypatch.delenv("ASSISTANT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and not cache.sys.platform.startswith("darwin"):
        assert cache.user_cache_dir() == tmp_path / "xdg" / "Assistente de Faturas"


def test_a_save_while_the_file_is_parsed_is_not_cached_under_the_old_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flows = write(tmp_path / "flows.yaml", FLOW)
    first_bytes = flows.read_bytes()
    real_key = cache.cache_key

    def key_then_save(path: Path, data: bytes) -> tuple[str, bytes]:
        write(flows, FLOW.replace("Já pagou?", "Já pagou a fatura?"))  # the author saves
        return real_key(path, data)

    monkeypatch.setattr(cache, "cache_key", key_then_save)
    flow, data = cache.load_flow_and_bytes(flows, tmp_path / "cache")
    assert data == first_bytes
    assert flow.screen("pagou").title == "Já pagou?"  # the flow of the bytes returned
    monkeypatch.setattr(cache, "cache_key", real_key)
    write(flows, FLOW)  # undo: the same bytes as the first load again
    again, _ = cache.load_flow_and_bytes(flows, tmp_path / "cache")
    assert again.screen("pagou").title == "Já pagou?"


def test_a_change_to_the_engine_code_is_a_miss(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An upgrade (or an edited checkout) may read the same file differently: the pickle made
    # by the old loader must not be served. Stand-ins for the engine modules, so the test
    # changes no real file.
    engine = tmp_path / "engine"
    engine.mkdir()
    module = engine / "loader.py"
    module.write_text("# v1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_ENGINE_MODULES", (str(module),))
    flows = write(tmp_path / "flows.yaml", FLOW)
    load_flow_cached(flows, tmp_path / "cache")
    load_flow_cached(flows, tmp_path / "cache")
    assert len(parses) == 1
    module.write_text("# v2, longer\n", encoding="utf-8")
    load_flow_cached(flows, tmp_path / "cache")
    assert len(parses) == 2
    monkeypatch.setattr(cache, "__version__", "9.9.9")  # a new release: a miss too
    load_flow_cached(flows, tmp_path / "cache")
    assert len(parses) == 3


def test_every_engine_module_that_reads_a_file_is_in_the_code_stamp() -> None:
    # strict_yaml.py became a package of eight modules; with the old list, a change to any of
    # them left cached flows read by the code before it. Run in a child: this process has
    # imported more than the loader and the checker need.
    import subprocess
    import sys

    listing = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, assistant.flows.loader, assistant.flows.check\n"
            "for name, module in sorted(sys.modules.items()):\n"
            "    if name.startswith('assistant.flows.'):\n"
            "        print(module.__file__)",
        ],
        capture_output=True, text=True, check=True,
    )
    engine = Path(cache.__file__).parent
    used = {Path(line).relative_to(engine).as_posix() for line in listing.stdout.split()}
    assert "strict_yaml/walker.py" in used and "loader.py" in used
    assert used - set(cache._ENGINE_MODULES) == set()


def test_an_entry_under_the_right_name_made_from_other_bytes_is_a_miss(
    tmp_path: Path, parses: list[str]
) -> None:
    # The file name is only a CRC: an entry found under it is used only if the identity it
    # keeps (code, path, bytes) is exactly this file's.
    flows = write(tmp_path / "flows.yaml", FLOW)
    name, identity = cache.cache_key(flows, flows.read_bytes())
    other = load_flow(write(tmp_path / "other.yaml", FLOW.replace('"v1"', '"other"')))
    (tmp_path / "cache").mkdir()
    with (tmp_path / "cache" / name).open("wb") as stream:
        pickle.dump((identity + b"x", other), stream)
    assert load_flow_cached(flows, tmp_path / "cache").content_version == "v1"
    assert len(parses) == 1


def test_pruning_keeps_the_newest_entries(tmp_path: Path, parses: list[str]) -> None:
    flows = tmp_path / "flows.yaml"
    for version in range(KEEP_ENTRIES + 3):
        write(flows, FLOW.replace('"v1"', f'"v{version}"'))
        load_flow_cached(flows, tmp_path / "cache")
        # One save a second: file times are coarse, entries written in the same tick tie.
        name, _ = cache.cache_key(flows, flows.read_bytes())
        os.utime(tmp_path / "cache" / name, ns=(version * 10**9, version * 10**9))
    parsed = len(parses)
    # The version just saved is still cached: loading it again costs no parse.
    assert load_flow_cached(flows, tmp_path / "cache").content_version == f"v{KEEP_ENTRIES + 2}"
    assert len(parses) == parsed
    # The oldest was dropped: loading it again parses it.
    write(flows, FLOW.replace('"v1"', '"v0"'))
    load_flow_cached(flows, tmp_path / "cache")
    assert len(parses) == parsed + 1
