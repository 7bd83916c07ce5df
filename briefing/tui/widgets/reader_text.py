"""The reader's text: wrapped into rows once per width (off the UI thread for a long article) and drawn a visible row at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len
from textual import work
from textual.content import Content, Span
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual

from briefing.tui.textual_compat import PlacedStatic

#: Text up to this long is wrapped on the UI thread when the width changes (a few
#: milliseconds); longer text is wrapped by a worker while the old rows stay shown.
SYNC_CHARS = 200_000
#: Spans are filed by the blocks of this many characters they touch, so a row finds
#: its few spans without looking at the thousands of a long article's hits.
BLOCK = 512

Rows = list[tuple[int, int]]


def wrap_rows(text: str, width: int) -> Rows:
    """(start, end) of every row ``text`` takes at ``width`` cells: each line broken
    after the last space that fits, a word longer than the width folded. One regular
    expression per line of narrow characters, so 4 MB wrap in well under a second."""
    width = max(1, width)
    fits = re.compile(rf"[^\n]{{1,{width}}}(?=\s|$)\s*|[^\n]{{1,{width}}}")
    rows: Rows = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if not line:
            rows.append((pos, pos))
        elif len(line) <= width and (line.isascii() or cell_len(line) <= width):
            rows.append((pos, end))
        elif line.isascii() or cell_len(line) == len(line):
            rows.extend((pos + m.start(), pos + m.end()) for m in fits.finditer(line))
        else:
            rows.extend((pos + a, pos + b) for a, b in _wide_rows(line, width))
        pos = end + 1
    return rows


def line_rows(text: str) -> Rows:
    """One row a line, unwrapped: what a long text shows until its rows are ready."""
    rows: Rows = []
    pos = 0
    for line in text.split("\n"):
        rows.append((pos, pos + len(line)))
        pos += len(line) + 1
    return rows


def _wide_rows(line: str, width: int) -> Rows:
    """Rows of a line with double-width characters (CJK): cell by cell, breaking after
    the last space that fits when there is one."""
    rows: Rows = []
    start = cells = 0
    space = -1
    for i, ch in enumerate(line):
        w = cell_len(ch)
        if cells + w > width and i > start:
            cut = space + 1 if space >= start else i
            rows.append((start, cut))
            start, cells, space = cut, cell_len(line[cut:i]), -1
        cells += w
        if ch == " ":
            space = i
    rows.append((start, len(line)))
    return rows


@dataclass
class Layout:
    """Rows for one text at one width."""

    text: str
    width: int
    rows: Rows


class ReaderText(PlacedStatic):
    """The article's text (a Static, so ``update`` and ``render`` work as they do there),
    drawn one visible row at a time: a 4 MB article costs its screenful, not its length."""

    class RowsReady(Message):
        def __init__(self, layout: Layout) -> None:
            super().__init__()
            self.layout = layout

    def __init__(self, content: Content, **kwargs) -> None:
        super().__init__(content, **kwargs)
        self._shown = content
        self._layout: Layout | None = None
        #: Rows a worker wrapped before the text arrived (see prime).
        self._primed: Layout | None = None
        self._blocks: dict[int, list[int]] | None = None
        self._strips: dict[int, Strip] = {}

    # ------------------------------------------------------------------ content

    def update(self, content="", *, layout: bool = True) -> None:  # noqa: ARG002 - Static's signature
        old = self._shown
        self._shown = content if isinstance(content, Content) else Content(str(content))
        self._blocks = None
        self._strips.clear()
        super().update(content, layout=False)
        same_text = old.plain == self._shown.plain
        self.refresh(layout=not same_text)

    def prime(self, text: str, width: int) -> None:
        """Wrap ``text`` for ``width`` now, on the calling (worker) thread, so the UI
        thread finds the rows ready when the text is shown."""
        self._primed = Layout(text, width, wrap_rows(text, width))

    # ------------------------------------------------------------------ rows

    def rows(self, width: int | None = None) -> Rows:
        """The rows of the text shown, at ``width`` (the current one by default)."""
        width = width or self.size.width or self.content_region.width or 80
        text = self._shown.plain
        for layout in (self._layout, self._primed):
            if layout is not None and layout.width == width and layout.text == text:
                if layout.text is not text:  # the worker's copy: compare by identity from now on
                    layout = Layout(text, width, layout.rows)
                self._use(layout)
                return layout.rows
        if len(text) <= SYNC_CHARS:
            self._use(Layout(text, width, wrap_rows(text, width)))
            return self._layout.rows
        self._wrap(text, width)
        # Until the worker answers, the old rows (a long article at its old width) or one
        # row a line: either way the screen answers keys meanwhile.
        if self._layout is not None and self._layout.text == text:
            return self._layout.rows
        return line_rows(text)

    def _use(self, layout: Layout) -> None:
        if layout is not self._layout:
            self._layout = layout
            self._strips.clear()  # drawn from other rows, or at another width

    @work(thread=True, exclusive=True, exit_on_error=False, group="reader-rows")
    def _wrap(self, text: str, width: int) -> None:
        self.post_message(self.RowsReady(Layout(text, width, wrap_rows(text, width))))

    def on_reader_text_rows_ready(self, msg: RowsReady) -> None:
        msg.stop()
        if msg.layout.text == self._shown.plain:
            self._use(msg.layout)
            self.refresh(layout=True)

    def row_of(self, offset: int) -> int:
        """The row holding character ``offset`` of the text shown."""
        rows = self.rows()
        lo, hi = 0, len(rows)
        while lo < hi:  # the last row starting at or before offset, without copying the starts
            mid = (lo + hi) // 2
            if rows[mid][0] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return max(0, lo - 1)

    # ------------------------------------------------------------------ drawing

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.rows(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        rows = self.rows(width)
        if y >= len(rows):
            return Strip.blank(width, self.visual_style.rich_style)
        strip = self._strips.get(y)
        if strip is None:
            start, end = rows[y]
            # A row fits the width; a line not yet wrapped (a long article whose rows
            # a worker is still making) is cut, not wrapped here.
            piece = self._piece(start, min(end, start + 2 * width + 8))
            strips = Visual.to_strips(self, piece, width, 1, self.visual_style)
            strip = strips[0] if strips else Strip.blank(width, self.visual_style.rich_style)
            if len(self._strips) > 4096:
                self._strips.clear()
            self._strips[y] = strip
        return strip

    def _piece(self, start: int, end: int) -> Content:
        """Row ``start:end`` of the text with the spans that touch it."""
        content = self._shown
        text = content.plain[start:end].rstrip()
        end = start + len(text)
        spans = content.spans
        if self._blocks is None:
            blocks: dict[int, list[int]] = {}
            for i, (a, b, _) in enumerate(spans):
                for block in range(a // BLOCK, max(a, b - 1) // BLOCK + 1):
                    blocks.setdefault(block, []).append(i)
            self._blocks = blocks
        found: set[int] = set()
        for block in range(start // BLOCK, max(start, end - 1) // BLOCK + 1):
            found.update(self._blocks.get(block, ()))
        local = []
        for i in sorted(found):  # the order they were applied in: later ones on top
            a, b, style = spans[i]
            if a < end and b > start:
                local.append(Span(max(a, start) - start, min(b, end) - start, style))
        return Content(text, spans=local, strip_control_codes=False)
