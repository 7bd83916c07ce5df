"""The HTML reader: the page's words without its navigation, and its meta tags for the fields."""

from __future__ import annotations

import html.parser
import re

from briefing.corpus.article import SkipFile
from briefing.corpus.published import read_published
from briefing.corpus.text import clean_text, decode_entities
from briefing.corpus.titles import split_title

_DROP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript", "template",
              "svg", "form", "button", "iframe", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
               "section", "article", "tr", "pre", "figcaption", "dd", "dt", "td", "th", "hr",
               "ul", "ol", "table", "main", "figure"}


class _HTMLText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.in_h1 = False
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs_d = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (attrs_d.get("name") or attrs_d.get("property") or "").lower()
            if name and attrs_d.get("content"):
                self.meta[name] = attrs_d["content"]
            return
        if tag == "title":
            self.in_title = True
        if tag in _DROP_TAGS and tag != "head":
            self.skip += 1
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _DROP_TAGS and tag != "head":
            self.skip -= 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in _DROP_TAGS and tag != "head" and self.skip:
            self.skip -= 1
        if tag == "h1":
            self.in_h1 = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if self.skip:
            return
        if self.in_h1:
            self.h1 += data
        self.parts.append(data)


def read_html(text: str, date_order: str | None = None) -> dict:
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is belt and braces
        raise SkipFile(f"HTML could not be parsed: {exc}") from None
    # The parser decoded the references it knows; what is left is literal or junk.
    raw = decode_entities("".join(parser.parts), known=False)
    # Inside a paragraph, HTML whitespace (including single newlines) is one space.
    raw = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", raw))
    body = clean_text(raw)
    title = " ".join(decode_entities(parser.h1 or parser.title, known=False).split())
    if title:
        first, _, rest = body.partition("\n\n")
        if first.strip() == title:
            body = rest
    else:
        title, body = split_title(body)
    meta = parser.meta
    warnings: list[str] = []
    key = "article:published_time" if meta.get("article:published_time") else "date"
    return {
        "title": title,
        "body": body.strip(),
        "author": meta.get("author", ""),
        "source": meta.get("og:site_name", ""),
        "url": meta.get("og:url", ""),
        "published": read_published(meta.get(key), key, date_order, warnings),
        "warnings": warnings,
    }
