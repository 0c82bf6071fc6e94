"""The result page, the point of the product: where to go, step by step, and whom to call.

It shows the menu path as a sequence of chips (App Minha Claro › Faturas › Parcelar dívida),
the numbered steps, the notes, and for WhatsApp each regional number with "Copiar número" and a
QR code of its wa.me link (a kiosk's clipboard never reaches the customer's phone; a camera
does). "Copiar passos" copies all of it as plain text (`result_as_text`).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.flows.model import MENU_SEPARATOR, Channel, Contact, Flow, Screen
from assistant.ui import theme
from assistant.ui.accessibility import HeadingLabel, SeparatorLabel, UnreadLabel
from assistant.ui.clipboard import Clipboard
from assistant.ui.flow_layout import flow_container
from assistant.ui.qr import QrCodeWidget
from assistant.ui.screens import ScreenView, announce, body_label
from assistant.ui.widgets import ChipLabel, confirmation_label

COPY_NUMBER = "Copiar número"
NUMBER_COPIED = "✓ Número copiado"
COPY_STEPS = "Copiar passos"
STEPS_COPIED = "✓ Passos copiados"
STEPS_ACCESSIBLE = "Copiar passos desta resposta como texto"
# An info result has no steps to copy (see INFO_HEADING): what it says to know.
COPY_INFO = "Copiar informações"
INFO_COPIED = "✓ Informações copiadas"
PATH_HEADING = "Caminho a seguir"
STEPS_HEADING = "Passo a passo"
# An info result's steps: mostly what happens, not what to do.
INFO_HEADING = "O que você precisa saber"
NOTES_HEADING = "Importante"
WHATSAPP_HEADING = "WhatsApp Minha Claro"
QR_CAPTION = "Ou aponte a câmera do celular para o código e abra a conversa no WhatsApp."
KIOSK_QR_HEADING = "Aponte a câmera do celular"
KIOSK_QR_CAPTION = "O código abre a conversa no WhatsApp. Se preferir, anote o número:"


def result_as_text(flow: Flow, screen: Screen) -> str:
    """What "Copiar passos" copies: title, text, numbered steps (one is not numbered), notes
    and WhatsApp numbers."""
    lines = [screen.title]
    if screen.text:
        lines += ["", screen.text]
    if screen.steps:
        lines.append("")
        if len(screen.steps) == 1:  # one statement: nothing to number
            lines.append(screen.steps[0].as_text())
        else:
            lines += [f"{n}. {step.as_text()}" for n, step in enumerate(screen.steps, start=1)]
    if screen.notes:
        lines += ["", "Importante:"]
        lines += [f"- {note}" for note in screen.notes]
    contacts = flow.contacts_of(screen)
    if contacts:
        lines += ["", "WhatsApp Minha Claro:"]
        lines += [f"- {c.label}: {c.international}" for c in contacts]
    return "\n".join(lines) + "\n"


def _heading(text: str, parent: QWidget) -> QLabel:
    label = HeadingLabel(text, parent)
    theme.set_role(label, "heading")
    label.setProperty("kind", "heading")
    return label


def _offer_copy_on_right_click(number: QLabel, copy: QPushButton) -> None:
    """A right-click on the number offers "Copiar número", which does what the button does
    (the phone-ready number, and its confirmation). Qt's own menu would offer a "Copiar" that
    stays disabled until the customer has selected the text with the mouse."""

    def popup(pos: QPoint) -> None:
        from PySide6.QtWidgets import QMenu  # on the first right-click: not a start-up cost

        menu = QMenu(number)
        menu.setObjectName("number-menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        theme.set_role(menu, "body")  # the size of the page's text, not of a desktop menu
        menu.addAction(COPY_NUMBER, copy.click)
        menu.popup(number.mapToGlobal(pos))

    number.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    number.customContextMenuRequested.connect(popup)


def _copy_button(text: str, name: str, accessible_name: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setProperty("kind", "primary")
    button.setAccessibleName(accessible_name)
    button.setAutoDefault(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    theme.set_role(button, "nav")
    return button


class ResultView(ScreenView):
    """A result screen: menu path, steps, notes, WhatsApp numbers and the copy buttons.

    In a kiosk (`kiosk=True`) nothing is copied, since the kiosk's clipboard never reaches the
    customer's phone: each WhatsApp number is a large QR code to scan, with the number in
    large digits beside it, and there is no copy button.
    """

    def __init__(
        self,
        screen: Screen,
        flow: Flow,
        clipboard: Clipboard,
        parent: QWidget | None = None,
        *,
        kiosk: bool = False,
    ) -> None:
        super().__init__(screen, parent)
        self.setProperty("channel", screen.channel.value if screen.channel else "")
        self._flow = flow
        self._clipboard = clipboard
        self._kiosk = kiosk
        self._focusable: list[QWidget] = []
        self._confirmations: list[QLabel] = []
        # What to act on comes first, under the title: the menu path, or the WhatsApp numbers
        # (on a short screen the steps would push them below the fold); then steps and notes.
        if screen.menu_path:
            self.body.addWidget(self._menu_path_box(screen.menu_path))
        contacts = flow.contacts_of(screen)
        if contacts:
            self.body.addWidget(_heading(WHATSAPP_HEADING, self))
        for contact in contacts:
            card = self._kiosk_contact_card(contact) if kiosk else self._contact_card(contact)
            self.body.addWidget(card)
        if screen.steps:
            self.body.addWidget(self._steps_section())
        if screen.notes:
            self.body.addWidget(self._notes_box())
        if not kiosk:
            self.body.addLayout(self._actions_row())

    def focus_widgets(self) -> list[QWidget]:
        return list(self._focusable)

    # --- sections -----------------------------------------------------------------------------

    def _menu_path_box(self, path: tuple[str, ...]) -> QFrame:
        box = QFrame(self)
        box.setObjectName("menu-path-box")
        # Commas, not "›", in what a screen reader says (the separators are not read, either).
        box.setAccessibleName(PATH_HEADING + ": " + ", ".join(path))
        layout = QVBoxLayout(box)
        pad = theme.em(0.9)
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.setSpacing(theme.em(0.5))
        layout.addWidget(_heading(PATH_HEADING, box))
        chips, flow = flow_container(box, spacing=theme.em(0.4))
        chips.setObjectName("menu-path")
        for index, item in enumerate(path):
            if index:
                separator = SeparatorLabel(chips)
                theme.set_role(separator, "menu")
                flow.add_glued_to_previous(separator)
            chip = ChipLabel(item, chips)
            chip.setObjectName(f"menu-item-{index}")
            chip.setProperty("kind", "menu-item")
            chip.setProperty("last", index == len(path) - 1)
            theme.set_role(chip, "menu")
            flow.addWidget(chip)
        layout.addWidget(chips)
        return box

    def _steps_section(self) -> QWidget:
        section = QWidget(self)
        section.setObjectName("steps")
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.em(0.6))
        info = self.screen_model.channel is Channel.INFO
        layout.addWidget(_heading(INFO_HEADING if info else STEPS_HEADING, section))
        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.em(0.7))
        grid.setVerticalSpacing(theme.em(0.7))
        grid.setColumnStretch(1, 1)
        steps = self.screen_model.steps
        for row, step in enumerate(steps):
            text = step.as_text()
            label = body_label(text, section, name=f"step-{row + 1}")
            spoken = text.replace(MENU_SEPARATOR, ", ")
            label.setProperty("kind", "step")
            label.setProperty("menu", step.is_menu)
            if len(steps) == 1:  # one statement ("o valor será creditado"): nothing to number
                label.setAccessibleName(spoken)
                grid.addWidget(label, row, 0, 1, 2)
                continue
            number = UnreadLabel(str(row + 1), section)  # the step's name carries it
            number.setProperty("kind", "step-number")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            theme.set_role(number, "badge")
            label.setAccessibleName(f"Passo {row + 1}: {spoken}")
            top_centre = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter
            grid.addWidget(number, row, 0, top_centre)
            grid.addWidget(label, row, 1)
        layout.addLayout(grid)
        return section

    def _notes_box(self) -> QFrame:
        box = QFrame(self)
        box.setObjectName("notes-box")
        layout = QVBoxLayout(box)
        pad = theme.em(0.9)
        layout.setContentsMargins(pad + 6, pad, pad, pad)
        layout.setSpacing(theme.em(0.4))
        layout.addWidget(_heading(NOTES_HEADING, box))
        for index, note in enumerate(self.screen_model.notes, start=1):
            layout.addWidget(body_label(note, box, name=f"note-{index}"))
        return box

    def _card_frame(self, contact: Contact) -> tuple[QFrame, QHBoxLayout]:
        """The box of one WhatsApp number, and its row (text column and QR code)."""
        card = QFrame(self)
        card.setObjectName(f"contact-{contact.id}")
        card.setProperty("kind", "contact-card")
        row = QHBoxLayout(card)
        pad = theme.em(1.0)
        row.setContentsMargins(pad, pad, pad, pad)
        row.setSpacing(theme.em(1.2))
        return card, row

    @staticmethod
    def _qr_code(contact: Contact, card: QFrame, side: int) -> QrCodeWidget:
        qr = QrCodeWidget(
            contact.whatsapp_url,
            accessible_name=f"QR code do WhatsApp, {contact.label}",
            minimum_side=side,
            parent=card,
        )
        qr.setObjectName(f"qr-{contact.id}")
        return qr

    def _contact_card(self, contact: Contact) -> QFrame:
        card, row = self._card_frame(contact)
        column = QVBoxLayout()
        column.setSpacing(theme.em(0.5))
        label = _heading(contact.label, card)
        label.setObjectName(f"contact-label-{contact.id}")
        column.addWidget(label)
        number = body_label(contact.international, card, role="number")
        number.setObjectName(f"contact-number-{contact.id}")
        number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        number.setAccessibleName(f"Número do WhatsApp, {contact.label}: {contact.international}")
        column.addWidget(number)
        # The confirmation goes under the button when the card is too narrow for both.
        copy_box, copy_row = flow_container(card, spacing=theme.em(0.6))
        button = _copy_button(
            COPY_NUMBER,
            f"copy-number-{contact.id}",
            f"Copiar número do WhatsApp, {contact.label}",
            copy_box,
        )
        confirmation = confirmation_label(NUMBER_COPIED, f"copied-{contact.id}", copy_box)
        button.clicked.connect(
            lambda _checked=False, c=contact, done=confirmation: self._copy(
                c.international, done
            )
        )
        _offer_copy_on_right_click(number, button)
        copy_row.addWidget(button)
        copy_row.addWidget(confirmation)
        column.addWidget(copy_box)
        column.addWidget(body_label(QR_CAPTION, card, role="small"))
        column.addStretch(1)
        row.addLayout(column, 1)
        row.addWidget(self._qr_code(contact, card, theme.em(14)), 0, Qt.AlignmentFlag.AlignTop)
        self._focusable.append(button)
        return card

    def _kiosk_contact_card(self, contact: Contact) -> QFrame:
        """The QR code first and large, the number beside it in large digits, no copying."""
        card, row = self._card_frame(contact)
        row.addWidget(self._qr_code(contact, card, theme.em(13)), 0, Qt.AlignmentFlag.AlignTop)

        column = QVBoxLayout()
        column.setSpacing(theme.em(0.5))
        heading = _heading(KIOSK_QR_HEADING, card)
        heading.setObjectName(f"scan-{contact.id}")
        column.addWidget(heading)
        label = body_label(contact.label, card)
        label.setObjectName(f"contact-label-{contact.id}")
        column.addWidget(label)
        column.addWidget(body_label(KIOSK_QR_CAPTION, card, role="small"))
        number = body_label(contact.international, card, role="number")
        number.setObjectName(f"contact-number-{contact.id}")
        number.setAccessibleName(f"Número do WhatsApp, {contact.label}: {contact.international}")
        column.addWidget(number)
        column.addStretch(1)
        row.addLayout(column, 1)
        return card

    def _actions_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(theme.em(0.6))
        info = self.screen_model.channel is Channel.INFO
        button = _copy_button(
            COPY_INFO if info else COPY_STEPS,
            "copy-steps",
            "Copiar estas informações como texto" if info else STEPS_ACCESSIBLE,
            self,
        )
        copied = INFO_COPIED if info else STEPS_COPIED
        confirmation = confirmation_label(copied, "steps-copied", self)
        button.clicked.connect(
            lambda _checked=False, done=confirmation: self._copy(
                result_as_text(self._flow, self.screen_model), done
            )
        )
        row.addWidget(button)
        # Centred at its own height, as beside "Copiar número": not stretched to the button's.
        row.addWidget(confirmation, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        self._focusable.append(button)
        return row

    # --- copying ------------------------------------------------------------------------------

    def _copy(self, text: str, confirmation: QLabel) -> None:
        self._clipboard.set_text(text)
        for other in self._confirmations:
            other.hide()
        if confirmation not in self._confirmations:
            self._confirmations.append(confirmation)
        confirmation.show()
        announce(confirmation, confirmation.text().lstrip("✓ "))

