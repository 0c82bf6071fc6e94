"""What support asks first: which app version, and which content, is this window showing?

`AboutDialog` shows the app's name and version, the content stamp (content_version and a short
hash of the flows file), where the flows came from and the file's path, all selectable, and
"Copiar dados" copies them all as text for a ticket. `ContentStampLabel` is the same stamp,
small, for the footer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant import APP_DESCRIPTION, APP_NAME, __version__
from assistant.content.stamp import ContentStamp

if TYPE_CHECKING:  # the loader (and PyYAML) is not needed to show a stamp
    from assistant.content.loaded import ContentSource, LoadedContent
from assistant.ui import theme
from assistant.ui.accessibility import HeadingLabel, install_accessible_roles
from assistant.ui.clipboard import Clipboard, SystemClipboard
from assistant.ui.widgets import confirmation_label

SOURCE_NAMES: dict[ContentSource, str] = {
    "configured": "arquivo configurado",
    "last-known-good": "última versão boa guardada (o arquivo configurado não pôde ser usado)",
    "bundled": "incluídas no aplicativo",
}
NO_VALUE = "-"
COPY_DETAILS = "Copiar dados"
DETAILS_COPIED = "✓ Dados copiados"


STAMP_PREFIX = "Versão do conteúdo"


def stamp_text(stamp: ContentStamp | None) -> str:
    """`Versão do conteúdo 2026-11-24 · 3fa1c2d9`, or `Versão do conteúdo -` before any
    content. Named a version: "Conteúdo 2026-11-24" alone, in a customer's footer, read like
    the date of something of theirs (a bill)."""
    return f"{STAMP_PREFIX} {stamp if stamp is not None else NO_VALUE}"


class ContentStampLabel(QLabel):
    """The content stamp, small and muted, for the window's footer."""

    def __init__(self, stamp: ContentStamp | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("content-stamp")
        self.setProperty("kind", "caption")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        theme.set_role(self, "small")
        self.set_stamp(stamp)

    def set_stamp(self, stamp: ContentStamp | None) -> None:
        text = stamp_text(stamp)
        self.setText(text)
        self.setAccessibleName(f"{STAMP_PREFIX}: {text.removeprefix(STAMP_PREFIX).strip()}")


class AboutDialog(QDialog):
    """App name and version, content stamp, source and path of the flows on show."""

    def __init__(
        self,
        content: LoadedContent | None = None,
        parent: QWidget | None = None,
        *,
        clipboard: Clipboard | None = None,
    ) -> None:
        super().__init__(parent)
        self._clipboard: Clipboard = clipboard if clipboard is not None else SystemClipboard()
        install_accessible_roles()  # before its heading (see assistant.ui.accessibility)
        self.setObjectName("about-dialog")
        self.setWindowTitle(f"Sobre o {APP_NAME}")
        # Wide enough for the stamp and a path on one line each (longer paths wrap).
        self.setMinimumWidth(theme.em(30))
        layout = QVBoxLayout(self)
        margin = theme.em(1.0)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.em(0.6))

        name = HeadingLabel(APP_NAME, self)
        name.setObjectName("about-app")
        theme.set_role(name, "title")
        layout.addWidget(name)
        what = QLabel(APP_DESCRIPTION, self)  # what the app is, before what support asks
        what.setObjectName("about-description")  # one line: the dialog is as wide as it
        theme.set_role(what, "body")
        layout.addWidget(what)
        layout.addSpacing(theme.em(0.4))

        form = QFormLayout()
        form.setHorizontalSpacing(theme.em(0.8))
        form.setVerticalSpacing(theme.em(0.4))
        self.version = self._row(form, "about-version", "Versão do aplicativo:", __version__)
        # Named as in the footer (stamp_text), so support and customer read the same words.
        self.content = self._row(form, "about-content", f"{STAMP_PREFIX}:", NO_VALUE)
        self.source = self._row(form, "about-source", "Origem das telas:", NO_VALUE)
        self.path = self._row(form, "about-path", "Arquivo de telas:", NO_VALUE)
        layout.addLayout(form)

        row = QHBoxLayout()
        # What support asks, in one click or key press (the values are selectable by mouse
        # only in practice: Tab does not stop on labels).
        copy = QPushButton(COPY_DETAILS, self)
        copy.setObjectName("about-copy")
        copy.setAccessibleName("Copiar estes dados como texto, para o suporte")
        copy.setAutoDefault(True)
        theme.set_role(copy, "nav")
        copy.clicked.connect(self._copy_details)
        row.addWidget(copy)
        self.copied = confirmation_label(DETAILS_COPIED, "about-copied", self)
        row.addWidget(self.copied)
        row.addStretch(1)
        close = QPushButton("Fechar", self)
        close.setObjectName("about-close")
        close.setAccessibleName("Fechar")
        close.setProperty("kind", "primary")
        close.setAutoDefault(True)
        close.setDefault(True)
        theme.set_role(close, "nav")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        close.setFocus()  # Enter or Esc closes it at once; Shift+Tab reaches "Copiar dados"
        self.set_content(content)

    def set_content(self, content: LoadedContent | None) -> None:
        """Show `content`'s stamp, source and path (`-` for each when None)."""
        if content is None:
            values = (NO_VALUE, NO_VALUE, NO_VALUE)
        else:
            values = (str(content.stamp), SOURCE_NAMES[content.source], str(content.path))
        for label, value in zip((self.content, self.source, self.path), values, strict=True):
            label.setText(value)
            label.setAccessibleDescription(value)

    def details_text(self) -> str:
        """What "Copiar dados" copies: the app's name, then each caption and its value."""
        lines = [APP_NAME]
        for label in (self.version, self.content, self.source, self.path):
            lines.append(f"{label.accessibleName()}: {label.text()}")
        return "\n".join(lines) + "\n"

    def _copy_details(self) -> None:
        self._clipboard.set_text(self.details_text())
        self.copied.show()

    def _row(self, form: QFormLayout, name: str, caption: str, value: str) -> QLabel:
        title = QLabel(caption, self)
        title.setProperty("kind", "caption")
        # On the first line of its value, which may wrap (a long path): not half-way down.
        title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        theme.set_role(title, "body")
        label = QLabel(value, self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        label.setAccessibleName(caption.removesuffix(":"))
        theme.set_role(label, "body")
        title.setBuddy(label)
        form.addRow(title, label)
        return label
