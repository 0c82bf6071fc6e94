"""The shipped flows.yaml states only what the FAQ states, and covers all of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.flows.loader import load_flow
from assistant.flows.model import Channel, Flow
from assistant.resources import bundled_flows

SEED = Path(__file__).resolve().parents[1] / "docs" / "seed" / "claro-fatura-movel-faq.txt"


@pytest.fixture(scope="module")
def flow() -> Flow:
    return load_flow(bundled_flows())


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _seed_menu_paths(seed: str) -> set[tuple[str, ...]]:
    """Every "vá nos menus > A > B" path the FAQ gives, as a tuple of items."""
    paths = set()
    for line in seed.splitlines():
        if ">" in line:
            items = [part.strip(" ;.") for part in line.split(">")[1:]]
            paths.add(tuple(items))
    return paths


def test_every_menu_path_is_one_the_faq_gives(flow: Flow, seed: str) -> None:
    known = _seed_menu_paths(seed)
    for screen in flow.results:
        for step in screen.steps:
            if step.is_menu:
                assert step.menu in known, f"{screen.id}: {step.menu} is not in the FAQ"


def test_every_faq_menu_path_is_shown_somewhere(flow: Flow, seed: str) -> None:
    shown = {step.menu for s in flow.results for step in s.steps if step.is_menu}
    assert _seed_menu_paths(seed) <= shown


def test_every_whatsapp_number_is_one_the_faq_gives(flow: Flow, seed: str) -> None:
    seed_numbers = {
        "55" + re.sub(r"\D", "", m) for m in re.findall(r"\(\d\d\) [\d\- ]+\d", seed)
    }
    assert {c.digits for c in flow.contacts} == seed_numbers


def test_no_url_is_invented(flow: Flow, seed: str) -> None:
    text = bundled_flows().read_text(encoding="utf-8")
    assert re.findall(r"https?://|www\.", text) == re.findall(r"https?://|www\.", seed) == []


def test_each_faq_topic_has_its_channels(flow: Flow) -> None:
    channels = {s.id: s.channel for s in flow.results}
    for topic in ("contestar", "duplicado", "negociar", "informar"):
        assert {channels.get(f"{topic}_app"), channels.get(f"{topic}_site")} == {
            Channel.APP,
            Channel.SITE,
        }
    assert channels["promessa_site"] is Channel.SITE
    assert {channels["negociar_whatsapp_sudeste"], channels["negociar_whatsapp_demais"]} == {
        Channel.WHATSAPP
    }


def test_faq_conditions_are_stated(flow: Flow) -> None:
    text = bundled_flows().read_text(encoding="utf-8")
    for fact in ("45 dias", "3 (três) dias úteis", "creditado (estornado) na próxima fatura",
                 "Claro Negocia Fácil", "fatura detalhada", "serviços adicionais"):
        assert fact in text, fact
