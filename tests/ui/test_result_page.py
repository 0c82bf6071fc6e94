"""The result page: menu path, numbered steps, notes, WhatsApp numbers, copying and the QR code."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QWidget

from assistant.flows.model import Channel, Flow
from assistant.flows.paths import all_paths
from assistant.resources import bundled_flows
from assistant.testing import Pilot
from assistant.testing.plugin import OpenPilot
from assistant.ui.qr import QrCodeWidget, qr_matrix
from assistant.ui.window import DEFAULT_SIZE


def test_menu_path_steps_and_notes(pilot: Pilot) -> None:
    page = pilot.walk("informar", "sim", "sim", "app")
    assert page is not None
    assert page.screen_id == "informar_app"
    assert page.channel == "app"
    assert page.menu_path == ("App Minha Claro", "Faturas", "Informar pagamento")
    assert page.steps == (
        "Acesse o App Minha Claro.",
        "Vá nos menus: Faturas › Informar pagamento",
        "Por lá, siga as instruções para informar o pagamento.",
    )
    assert page.notes == ("Lembre-se: a compensação do pagamento leva até 3 (três) dias úteis.",)
    assert page.whatsapp == ()


def test_the_last_menu_item_is_the_destination(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim", "app")
    assert pilot.result.menu_path == ("App Minha Claro", "Faturas", "Parcelar dívida")
    chips = [pilot.window.findChild(QLabel, f"menu-item-{i}") for i in range(3)]
    assert [chip.property("last") for chip in chips] == [False, False, True]
    base = QGuiApplication.font().pointSizeF()
    assert all(chip.font().bold() and chip.font().pointSizeF() >= 1.5 * base for chip in chips)


def test_copy_whatsapp_number(pilot: Pilot) -> None:
    page = pilot.walk("negociar", "sim", "whatsapp", "sudeste")
    assert page is not None
    assert page.channel == "whatsapp"
    assert page.whatsapp == (("Região Sudeste", "+55 11 99991-0621"),)
    assert pilot.copy_whatsapp("sudeste") == "+55 11 99991-0621"
    assert QGuiApplication.clipboard().text() == "+55 11 99991-0621"
    confirmation = pilot.window.findChild(QLabel, "copied-sudeste")
    assert confirmation.isVisible()
    assert "Número copiado" in confirmation.text()


def test_copy_whatsapp_by_region_label(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim", "whatsapp", "demais")
    assert pilot.copy_whatsapp("Demais regiões") == "+55 32 99991-0621"
    assert QGuiApplication.clipboard().text() == "+55 32 99991-0621"


def test_copy_steps(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim", "app")
    assert pilot.copy_steps() == (
        "Negocie pelo App Minha Claro\n"
        "\n"
        "1. Acesse o App Minha Claro.\n"
        "2. Vá nos menus: Faturas › Parcelar dívida\n"
        "3. Por lá, verifique as informações necessárias para negociar os valores em aberto.\n"
    )
    assert QGuiApplication.clipboard().text() == pilot.clipboard
    assert "Passos copiados" in pilot.window.findChild(QLabel, "steps-copied").text()


def test_copy_steps_with_notes_and_numbers(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")
    text = pilot.copy_steps()
    assert text.splitlines()[0] == "Negocie pelo WhatsApp Minha Claro"
    assert "1. Adicione o número de WhatsApp da Região Sudeste." in text
    assert text.endswith("WhatsApp Minha Claro:\n- Região Sudeste: +55 11 99991-0621\n")
    pilot.restart()
    pilot.walk("informar", "sim", "nao")
    text = pilot.copy_steps()
    assert "Importante:\n- Se você já fez o pagamento da fatura" in text


def test_each_copy_replaces_the_previous_confirmation(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")
    pilot.copy_whatsapp("sudeste")
    pilot.copy_steps()
    page = pilot.window.current_view  # not findChild: it also finds the pages built ahead
    assert not page.findChild(QLabel, "copied-sudeste").isVisible()
    assert page.findChild(QLabel, "steps-copied").isVisible()
    assert pilot.copy_whatsapp("sudeste") == "+55 11 99991-0621"


def test_both_confirmations_look_the_same(pilot: Pilot) -> None:
    """ "✓ Passos copiados" was stretched to the height of its button, a big green block
    beside the small "✓ Número copiado"."""
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")
    pilot.copy_steps()
    steps = pilot.widget(QLabel, "steps-copied")
    pilot.copy_whatsapp("sudeste")
    number = pilot.widget(QLabel, "copied-sudeste")
    assert steps.height() == number.height() == number.sizeHint().height()


def _zbarimg(png: Path) -> str:
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        if os.environ.get("CI"):
            pytest.fail("zbarimg is missing (apt-get install zbar-tools)")
        pytest.skip("zbarimg is not installed")
    done = subprocess.run(
        [zbarimg, "--quiet", "--raw", str(png)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_qr_code_reads_back_as_the_whatsapp_link(pilot: Pilot, tmp_path: Path) -> None:
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")
    qr = pilot.window.findChild(QrCodeWidget, "qr-sudeste")
    assert qr.data == "https://wa.me/5511999910621"
    png = tmp_path / "qr.png"
    assert qr.grab().save(str(png))
    assert _zbarimg(png) == "https://wa.me/5511999910621"
    # ...and from a screenshot of the whole window, as a phone camera would see it.
    assert _zbarimg(pilot.screenshot(tmp_path / "window.png")) == "https://wa.me/5511999910621"


def test_the_qr_code_is_painted_crisp(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim", "whatsapp", "demais")
    qr = pilot.window.findChild(QrCodeWidget, "qr-demais")
    image = qr.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    colours = {
        image.pixelColor(x, y).name()
        for y in range(0, image.height(), 1)
        for x in range(0, image.width(), 3)
    }
    assert colours == {QColor("#000000").name(), QColor("#ffffff").name()}
    modules = len(qr_matrix(qr.data))
    assert qr.width() >= 3 * (modules + 8)  # at least 3 pixels a module: easy for a camera


def _bottom_in_view(scroll: QScrollArea, widget: QWidget) -> int:
    """How far below the top of the page's viewport `widget` ends (no scrolling done)."""
    return widget.mapTo(scroll.viewport(), QPoint(0, widget.height())).y()


@pytest.mark.parametrize(
    ("size", "last"),
    [((1280, 800), "copy-steps"), ((1024, 720), "steps")],
    ids=["1280x800-all", "1024x720-path-and-steps"],
)
def test_app_and_site_pages_need_no_scrolling_on_a_laptop_screen(
    open_pilot: OpenPilot, bundled_flow: Flow, size: tuple[int, int], last: str
) -> None:
    """A whole app or site page in view on a 1280x800 laptop, and at least the menu path and
    every step at 1024x720. The trail's chips, as tall as the big buttons, pushed "Copiar
    passos" below the fold at 1280x800."""
    pilot = open_pilot(bundled_flow, size=size)
    scroll = pilot.widget(QScrollArea, "content-scroll")
    pages = 0
    for path in all_paths(bundled_flow):
        if bundled_flow.screen(path.result).channel not in (Channel.APP, Channel.SITE):
            continue
        pilot.restart()
        pilot.walk(*path.answers)
        widget = pilot.widget(QPushButton if last == "copy-steps" else QWidget, last)
        bottom = _bottom_in_view(scroll, widget)
        assert bottom <= scroll.viewport().height(), (path.result, bottom)
        pages += 1
    assert pages >= 5


def test_at_the_default_size_no_question_and_no_app_page_scrolls(
    open_pilot: OpenPilot, bundled_flow: Flow
) -> None:
    """The window opens at 1024x720 (on a 1366x768 laptop): every question and every App Minha
    Claro page fits without a scroll bar. Two of them were 9 px too tall, the page's bottom
    margin: a scroll bar for nothing."""
    pilot = open_pilot(bundled_flow, size=DEFAULT_SIZE)
    bar = pilot.widget(QScrollArea, "content-scroll").verticalScrollBar()
    seen: dict[str, int] = {}
    for path in all_paths(bundled_flow):
        pilot.restart()
        for answer in (None, *path.answers):
            if answer is not None:
                pilot.choose(answer)
            screen = bundled_flow.screen(pilot.screen_id)
            if not screen.is_result or screen.channel is Channel.APP:
                seen[screen.id] = bar.maximum()
    assert len(seen) >= 15
    assert {screen: extra for screen, extra in seen.items() if extra} == {}


def test_whatsapp_pages_show_the_number_without_scrolling_on_a_small_screen(
    open_pilot: OpenPilot, bundled_flow: Flow
) -> None:
    """The number and its "Copiar número" come right under the title, before the steps: on a
    1024x600 netbook, or a 1366x768 laptop at 125 % (the window opens at 1024x583 there), the
    steps used to push the whole card below the fold."""
    pilot = open_pilot(bundled_flow, size=(1024, 583))
    scroll = pilot.widget(QScrollArea, "content-scroll")
    pages = 0
    for path in all_paths(bundled_flow):
        if bundled_flow.screen(path.result).channel is not Channel.WHATSAPP:
            continue
        pilot.restart()
        pilot.walk(*path.answers)
        for contact in bundled_flow.contacts_of(bundled_flow.screen(path.result)):
            button = pilot.widget(QPushButton, f"copy-number-{contact.id}")
            bottom = _bottom_in_view(scroll, button)
            assert bottom <= scroll.viewport().height(), (path.result, bottom)
            steps = pilot.widget(QWidget, "steps")
            assert button.mapTo(steps.parentWidget(), QPoint(0, 0)).y() < steps.y()
        pages += 1
    assert pages >= 2


def test_an_info_page_heads_its_steps_with_what_to_know(pilot: Pilot) -> None:
    """An info result mostly says what happens ("o valor será creditado"), which a numbered
    "Passo a passo" heading turned into an instruction."""
    pilot.walk("duplicado", "nao")
    assert pilot.result.channel == "info"
    headings = {label.text() for label in pilot.window.findChildren(QLabel) if label.isVisible()}
    assert "O que você precisa saber" in headings and "Passo a passo" not in headings
    pilot.restart()
    pilot.walk("duplicado", "sim", "app")
    headings = {label.text() for label in pilot.window.findChildren(QLabel) if label.isVisible()}
    assert "Passo a passo" in headings and "O que você precisa saber" not in headings


def test_an_info_page_copies_what_to_know_not_steps(pilot: Pilot) -> None:
    """Under "O que você precisa saber" there are no steps: its button and confirmation do not
    speak of "passos" either."""
    pilot.walk("duplicado", "nao")
    assert pilot.result.channel == "info"
    button = pilot.widget(QPushButton, "copy-steps")
    assert button.text() == "Copiar informações"
    assert "passos" not in button.accessibleName()
    assert pilot.copy_steps().startswith("O valor pago em duplicidade volta na próxima fatura\n")
    assert pilot.widget(QLabel, "steps-copied").text() == "✓ Informações copiadas"
    pilot.restart()
    pilot.walk("duplicado", "sim", "app")
    assert pilot.widget(QPushButton, "copy-steps").text() == "Copiar passos"
    pilot.copy_steps()
    assert pilot.widget(QLabel, "steps-copied").text() == "✓ Passos copiados"


def test_a_single_statement_is_not_numbered(pilot: Pilot) -> None:
    """A "1" beside the one thing an info page says (and "1." in what it copies) suggested
    a list with more to come (desktop review)."""
    pilot.walk("duplicado", "nao")
    step = pilot.result.steps
    assert len(step) == 1
    shown = [w for w in pilot.window.current_view.findChildren(QLabel) if w.isVisible()]
    assert not [w for w in shown if w.property("kind") == "step-number"]
    label = pilot.widget(QLabel, "step-1")
    assert label.accessibleName() == step[0]
    copied = pilot.copy_steps().splitlines()
    assert step[0] in copied and f"1. {step[0]}" not in copied
    pilot.restart()
    pilot.walk("duplicado", "sim", "app")  # three steps: numbered, on screen and copied
    shown = [w for w in pilot.window.current_view.findChildren(QLabel) if w.isVisible()]
    assert [w.text() for w in shown if w.property("kind") == "step-number"] == ["1", "2", "3"]
    assert pilot.widget(QLabel, "step-1").accessibleName().startswith("Passo 1: ")
    assert any(line.startswith("1. ") for line in pilot.copy_steps().splitlines())


def test_numbers_are_copied_in_one_form_whatever_way_the_file_writes_them(
    open_pilot: OpenPilot, tmp_path: Path
) -> None:
    # The bundled file already writes "+55 11 99991-0621": on it, a copy of the number as
    # written looks right too. Here the file writes it without spaces.
    text = bundled_flows().read_text(encoding="utf-8")
    unformatted = text.replace('number: "+55 11 99991-0621"', 'number: "+5511999910621"')
    assert unformatted != text
    path = tmp_path / "flows.yaml"
    path.write_text(unformatted, encoding="utf-8")
    pilot = open_pilot(path)
    page = pilot.walk("negociar", "sim", "whatsapp", "sudeste")
    assert page is not None
    assert page.whatsapp == (("Região Sudeste", "+55 11 99991-0621"),)
    assert pilot.copy_whatsapp("sudeste") == "+55 11 99991-0621"
    steps = pilot.copy_steps()
    assert steps.endswith("WhatsApp Minha Claro:\n- Região Sudeste: +55 11 99991-0621\n")


def _lines(container: QWidget) -> list[list[QWidget]]:
    """The shown widgets a flow container lays out, line by line, each line left to right."""
    widgets = sorted(
        (w for w in container.findChildren(QWidget) if w.parent() is container and w.isVisible()),
        key=lambda w: (w.geometry().top(), w.x()),
    )
    lines: list[list[QWidget]] = []
    for widget in widgets:
        if lines and widget.geometry().top() <= max(w.geometry().bottom() for w in lines[-1]):
            lines[-1].append(widget)
        else:
            lines.append([widget])
    return [sorted(line, key=QWidget.x) for line in lines]


def test_in_a_narrow_window_no_line_of_the_menu_path_or_trail_starts_with_a_separator(
    open_pilot: OpenPilot, bundled_flow: Flow
) -> None:
    """A "›" at the start of a line reads as a bullet: it ends the line of the item before it."""
    pilot = open_pilot(bundled_flow, size=(480, 900))
    wrapped = set()
    for path in all_paths(bundled_flow):
        if bundled_flow.screen(path.result).channel not in (Channel.APP, Channel.SITE):
            continue
        pilot.restart()
        pilot.walk(*path.answers)
        for name in ("menu-path", "trail"):
            lines = _lines(pilot.widget(QWidget, name))
            starts = [line[0] for line in lines]
            assert all(w.property("kind") != "separator" for w in starts), (path.result, name)
            if len(lines) > 1:
                wrapped.add(name)
    assert wrapped == {"menu-path", "trail"}  # both did wrap on some page
