"""A QR code widget: segno computes the modules, Qt paints them as rectangles.

Painting the matrix (instead of scaling a bitmap) keeps the code crisp at any size and screen
scale. Each module is a whole number of device pixels when the widget is big enough, centred,
with the standard quiet zone of four modules, always dark on white (phones do not read
inverted codes), whatever the theme. The picture is drawn once per code, size and pixel ratio
into an image at device resolution (`_picture`) and copied from there on every later paint.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks


@lru_cache(maxsize=32)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of a QR code for `data` (error correction at least M)."""
    import segno  # here, not at the top: only result pages need it, start-up does not

    code = segno.make(data, error="m", micro=False)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix)


@lru_cache(maxsize=32)
def _runs(data: str) -> tuple[tuple[int, int, int], ...]:
    """Horizontal runs of dark modules as (row, first column, length): fewer rectangles."""
    runs = []
    for y, row in enumerate(qr_matrix(data)):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return tuple(runs)


class QrCodeWidget(QWidget):
    """A square QR code of `data`, as large as its layout allows (never below `minimum_side`)."""

    def __init__(
        self,
        data: str,
        *,
        accessible_name: str,
        minimum_side: int = 120,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._data = data
        self._modules = len(qr_matrix(data)) + 2 * QUIET_ZONE
        self._minimum_side = max(minimum_side, self._modules * 2)
        self.setProperty("kind", "qr")
        self.setAccessibleName(accessible_name)
        self.setAccessibleDescription(data)
        self.setToolTip(data)
        policy = QSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)

    @property
    def data(self) -> str:
        return self._data

    def sizeHint(self) -> QSize:
        return QSize(self._minimum_side, self._minimum_side)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        ratio = self.devicePixelRatioF() or 1.0
        painter.drawImage(0, 0, _picture(self._data, self.width(), self.height(), ratio))
        painter.end()


@lru_cache(maxsize=16)
def _picture(data: str, width: int, height: int, ratio: float) -> QImage:
    """The code of `data` on a white `width` x `height` (device-independent pixels) image at
    device resolution `ratio`, whole device pixels per module when there is room."""
    image = QImage(round(width * ratio), round(height * ratio), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    modules = len(qr_matrix(data)) + 2 * QUIET_ZONE
    side = min(width, height)
    # Whole device pixels per module when there is room, so edges stay sharp.
    device_module = (side * ratio) / modules
    if device_module >= 1:
        device_module = float(int(device_module))
    module = device_module / ratio
    size = module * modules
    left = (width - size) / 2 + QUIET_ZONE * module
    top = (height - size) / 2 + QUIET_ZONE * module
    # Snap the origin to the device pixel grid as well.
    left = round(left * ratio) / ratio
    top = round(top * ratio) / ratio
    dark = QColor("#000000")
    for y, x, length in _runs(data):
        painter.fillRect(QRectF(left + x * module, top + y * module, length * module, module), dark)
    painter.end()
    return image
