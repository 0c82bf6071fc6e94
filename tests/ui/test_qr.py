"""The QR code widget: error correction of at least M, a quiet zone of four modules, and whole
pixels per module. Checked against the QR specification (ISO/IEC 18004), not against segno's
own output: a code made at another level or painted another way must fail here."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from assistant.ui.qr import QrCodeWidget, qr_matrix

LINK = "https://wa.me/5511999910621"  # 27 bytes: at level L it fits a smaller code than at M
LEVELS = {0b01: "L", 0b00: "M", 0b11: "Q", 0b10: "H"}


def _format_codewords() -> dict[int, int]:
    """Each valid 15-bit format string (BCH(15,5), masked with 0x5412) -> its 5 data bits."""
    words = {}
    for data in range(32):
        remainder = data << 10
        for shift in range(4, -1, -1):
            if remainder & (1 << (shift + 10)):
                remainder ^= 0x537 << shift
        words[((data << 10) | remainder) ^ 0x5412] = data
    return words


def error_level(matrix: tuple[tuple[bool, ...], ...]) -> str:
    """The error correction level written in the format information beside the top-left
    finder pattern: row 8 (columns 0-5, 7, 8), then column 8 (rows 7, 5-0)."""
    cells = [(8, c) for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [(r, 8) for r in (7, 5, 4, 3, 2, 1, 0)]
    bits = [matrix[r][c] for r, c in cells]
    words = _format_codewords()
    for order in (bits, bits[::-1]):
        value = int("".join("1" if b else "0" for b in order), 2)
        if value in words:
            return LEVELS[words[value] >> 3]
    raise AssertionError("no valid format information in the matrix")


def dark_box(image: QImage) -> QRect:
    """The smallest rectangle holding every dark pixel."""
    xs, ys = [], []
    for y in range(image.height()):
        for x in range(image.width()):
            if image.pixelColor(x, y).lightness() < 128:
                xs.append(x)
                ys.append(y)
    return QRect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


def painted(qtbot: QtBot, side: int) -> tuple[QImage, int]:
    widget = QrCodeWidget(LINK, accessible_name="QR", minimum_side=side)
    qtbot.addWidget(widget)
    widget.resize(side, side)
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert image.width() == side  # device pixel ratio 1 (offscreen)
    return image, len(qr_matrix(LINK))


def test_the_oracle_reads_every_level() -> None:
    import segno

    for level in "LMQH":
        code = segno.make(LINK, error=level, micro=False, boost_error=False)
        assert error_level(tuple(tuple(bool(v) for v in row) for row in code.matrix)) == level


def test_error_correction_is_at_least_m() -> None:
    assert error_level(qr_matrix(LINK)) in {"M", "Q", "H"}


def test_a_quiet_zone_of_four_modules_all_round(qtbot: QtBot) -> None:
    for side in (150, 200, 237):
        image, modules = painted(qtbot, side)
        box = dark_box(image)
        # The finder patterns put dark modules in the first and last rows and columns.
        module = box.width() / modules
        assert box.width() == box.height()
        margins = (box.left(), box.top(), side - box.right() - 1, side - box.bottom() - 1)
        assert min(margins) >= 4 * module, (side, module, margins)


def test_each_module_is_a_whole_number_of_pixels(qtbot: QtBot) -> None:
    for side in (150, 200, 237):
        image, modules = painted(qtbot, side)
        box = dark_box(image)
        assert box.width() % modules == 0, (side, box.width(), modules)
