"""The Article every part of briefing sees, and what a file that is not one becomes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One article, as every part of briefing sees it.

    ``text`` is what the reader shows and what every character offset (hits, entity
    mentions, note citations) refers to: the title, a blank line, then the body, with
    paragraphs separated by blank lines.
    """

    id: str
    path: str
    title: str
    body: str
    source: str = ""
    author: str = ""
    published: dt.date | None = None
    url: str = ""
    format: str = "txt"
    hash: str = ""
    warnings: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}" if self.body else self.title

    @property
    def body_offset(self) -> int:
        """Where the body starts inside ``text``."""
        return len(self.title) + 2 if self.body else len(self.title)

    def paragraphs(self) -> list[tuple[int, str]]:
        """(offset in ``text``, paragraph) for the title and every body paragraph."""
        out: list[tuple[int, str]] = []
        for m in re.finditer(r"[^\n]+", self.text):
            out.append((m.start(), m.group()))
        return out


class SkipFile(Exception):
    """A file that is not an article; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Skipped:
    """A file passed over, and the reason shown to the user."""

    path: str
    reason: str


def describe_error(exc: BaseException) -> str:
    """One line for an unexpected exception: its type and the start of its message."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message[:160]}" if message else type(exc).__name__
