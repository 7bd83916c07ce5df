"""The export dialog: a path (default: a slug of the scope), overwrite confirmation."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from briefing.tui.keys import bindings


class ExportScreen(ModalScreen[tuple[Path, bool] | None]):
    """Dismisses with (path, overwrite) or None when cancelled."""

    BINDINGS = bindings("export")

    def __init__(self, default_path: str, scope_label: str, cursor_blink: bool = True) -> None:
        super().__init__()
        self.default_path = default_path
        self.scope_label = scope_label
        self.cursor_blink = cursor_blink
        self.confirming: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export") as box:
            box.border_title = "Export briefing note"
            yield Static(Content.assemble(Content("Scope: ").stylize("$text-muted"), Content(self.scope_label)
                                          .stylize("bold")), id="export-title")
            yield Static(Content("Write the note as Markdown to (relative to the current folder):")
                         .stylize("$text-muted"), id="export-hint")
            yield Input(self.default_path, id="export-path", select_on_focus=False)
            yield Static("", id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        field = self.query_one("#export-path", Input)
        field.cursor_blink = self.cursor_blink
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Changed, "#export-path")
    def path_changed(self) -> None:
        self.confirming = None
        self.query_one("#export-ok", Button).label = "Export"
        self.query_one("#export-message", Static).update("")

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-ok")
    def submit(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip()
        message = self.query_one("#export-message", Static)
        if not raw:
            message.update(Content("Type a file name.").stylize("$error"))
            return
        path = Path(raw).expanduser()
        if path.is_dir():
            message.update(Content(f"{path} is a folder; add a file name.").stylize("$error"))
            return
        if path.exists() and self.confirming != path:
            self.confirming = path
            message.update(Content(f"{path.name} exists. Press Enter again to overwrite it.").stylize("$warning"))
            self.query_one("#export-ok", Button).label = "Overwrite"
            return
        self.dismiss((path, self.confirming == path))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
