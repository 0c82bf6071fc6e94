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


def _seed_menu_paths_by_channel(seed: str) -> set[tuple[Channel, tuple[str, ...]]]:
    """Every FAQ menu path with the channel whose heading ("App Minha Claro", "Site Minha
    Claro móvel") it is written under."""
    headings = {"App Minha Claro": Channel.APP, "Site Minha Claro móvel": Channel.SITE}
    paths = set()
    channel = None
    for line in seed.splitlines():
        if line.strip() in headings or line.strip().endswith("?"):
            channel = headings.get(line.strip())  # a question starts a topic: no channel yet
        elif ">" in line:
            assert channel is not None, f"a menu path under no channel heading: {line}"
            paths.add((channel, tuple(part.strip(" ;.") for part in line.split(">")[1:])))
    return paths


def test_every_menu_path_is_shown_on_its_own_channel(flow: Flow, seed: str) -> None:
    """An App path on a Site result (or the reverse) sends the customer to a menu that is
    not there: each path is shown under the channel the FAQ gives it."""
    known = _seed_menu_paths_by_channel(seed)
    for screen in flow.results:
        for step in screen.steps:
            if step.is_menu:
                assert (screen.channel, step.menu) in known, (
                    f"{screen.id}: the FAQ gives {step.menu} to no {screen.channel} heading"
                )


def test_each_whatsapp_number_has_the_region_the_faq_gives_it(flow: Flow, seed: str) -> None:
    """The FAQ writes 'Região Sudeste: (11) 99991- 0621': the label and the number go together
    (a swap would give every customer the other region's number)."""
    regions = {
        label.strip(): "55" + re.sub(r"\D", "", number)
        for label, number in re.findall(r"^([^:\n]+): (\(\d\d\)[\d\- ]+\d)\s*$", seed, re.M)
    }
    assert {c.label: c.digits for c in flow.contacts} == regions


def _customer_texts(flow: Flow) -> list[tuple[str, str]]:
    """(screen id, text) for every text a customer reads: titles, paragraphs, answers, steps,
    menu items, notes and region labels."""
    texts = [("contacts", c.label) for c in flow.contacts]
    for screen in flow.screens:
        texts += [(screen.id, screen.title), (screen.id, screen.text)]
        texts += [(screen.id, option.label) for option in screen.options]
        texts += [(screen.id, step.as_text()) for step in screen.steps]
        texts += [(screen.id, note) for note in screen.notes]
    return texts


def test_every_number_a_customer_reads_is_one_the_faq_states(flow: Flow, seed: str) -> None:
    """A deadline or a count ("até 3 (três) dias úteis", "45 dias") is a promise: each number
    written in a customer text is one the FAQ states."""
    stated = set(re.findall(r"\d+", seed))
    for screen_id, text in _customer_texts(flow):
        for number in re.findall(r"\d+", text):
            assert number in stated, f"{screen_id}: {number!r} in {text!r} is not in the FAQ"
