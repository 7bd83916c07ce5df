"""Option lists tuned for lists rebuilt on every search."""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.widgets import OptionList


class Options(OptionList):
    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # ScrollView compares the compositor's idea of the virtual size with the one the
        # option list keeps itself, which never agree, so every layout refreshed the
        # scrollbar, and that refresh, coming after the frame was painted, was a frame
        # of its own after every search. The list updates its scrollbar itself when its
        # rows change (OptionList._update_lines), so only a new size needs it here.
        if self._size == size and self._container_size == size - self.styles.gutter.totals:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)


class Rows(Content):
    """Option text whose height, in a list that neither wraps nor folds its rows, is its
    count of lines. Content.get_height finds that by cutting every line to the width
    with an ellipsis, and doing so for every row a search lists was a third of the
    time the results took to show."""

    def get_height(self, rules: RulesMap, width: int) -> int:
        if rules.get("text_wrap", "wrap") == "nowrap" and rules.get("text_overflow", "fold") != "fold":
            return self.plain.count("\n") + 1
        return super().get_height(rules, width)
