"""Article text and metadata from a page (trafilatura, imported only here, only when a page
is read), measured against the feed's own summary: the longer real text wins."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from briefing.errors import FeedError

#: An extraction shorter than this many words is not trusted over a longer feed summary.
MIN_WORDS = 40
_TAG = re.compile(r"<[^>]*>?")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass
class Article:
    title: str
    text: str
    author: str = ""
    published: str = ""
    source: str = ""
    url: str = ""
    from_summary: bool = False


def plain(text: str | None) -> str:
    """One line of text from a title or name that may hold markup and entities."""
    text = html.unescape(_TAG.sub(" ", html.unescape(text or "")))
    return " ".join(text.split())


def summary_text(summary: str | None) -> str:
    """A feed summary's paragraphs, markup removed."""
    if not summary:
        return ""
    text = re.sub(r"(?i)</p\s*>|<br\s*/?>|</div\s*>", "\n\n", summary)
    paras = [plain(p) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def is_html(content_type: str, body: bytes) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    if kind not in _HTML_TYPES:
        return False
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<!--")) \
        or b"<html" in head or b"<p" in head


def extract(page: bytes | str, url: str = "") -> Article:
    """trafilatura's article: body paragraphs, title, author, date; FeedError when it finds none."""
    import trafilatura  # costly to import: paid only by a fetch that reads a page

    try:
        doc = trafilatura.bare_extraction(page, url=url or None, with_metadata=True, include_comments=False,
                                          include_tables=False, include_images=False, favor_precision=True)
    except Exception as exc:  # the extractor's own failures on hostile markup  # noqa: BLE001
        raise FeedError(f"{url or 'page'}: cannot read the page ({type(exc).__name__})") from None
    if doc is None or not (doc.text or "").strip():
        return Article(title=plain(getattr(doc, "title", "")), text="", url=url)
    return Article(title=plain(doc.title), text=_paragraphs(doc.text), author=plain(doc.author),
                   published=doc.date or "", source=plain(doc.sitename), url=url or (doc.url or ""))


def _paragraphs(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def better(extracted: Article, summary: str) -> Article:
    """The page's text unless the feed's summary says more: an extraction that found only
    a teaser, or nothing, loses to a full summary."""
    words = len(extracted.text.split())
    summary_words = len(summary.split())
    if extracted.text and (words >= MIN_WORDS or words >= summary_words):
        return extracted
    if summary:
        extracted.text, extracted.from_summary = summary, True
    return extracted
