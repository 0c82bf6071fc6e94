"""Where bundled files are found: the data root, and the app icon's files in each layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import resources


def test_the_source_checkout_has_the_svg_icon_alone() -> None:
    files = resources.icon_files("app")
    assert files == [resources.resource("icons", "app.svg")]
    assert files[0].is_file()


@pytest.fixture
def bundle_like(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data root laid out as build.spec lays out a bundle's; its icons folder."""
    icons = tmp_path / "resources" / "icons"
    icons.mkdir(parents=True)
    (icons / "app.svg").write_text("<svg/>")
    monkeypatch.setattr(resources, "data_root", lambda: tmp_path)
    return icons


def test_a_bundle_s_rendered_pngs_come_first_smallest_first(bundle_like: Path) -> None:
    for name in ("app-128.png", "app-16.png", "app-32.png", "app-x.png", "other-24.png"):
        (bundle_like / name).write_bytes(b"")
    assert [p.name for p in resources.icon_files("app")] == [
        "app-16.png", "app-32.png", "app-128.png",
    ]  # fmt: skip


def test_without_pngs_the_svg_is_used(bundle_like: Path) -> None:
    (bundle_like / "other-24.png").write_bytes(b"")
    assert resources.icon_files("app") == [bundle_like / "app.svg"]
