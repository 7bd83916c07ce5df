"""OPML, the subscription lists feed readers exchange: read outlines with a feed URL, write ours."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import quoteattr

from briefing.errors import FeedError
from briefing.feeds.subscriptions import Subscription

MAX_OPML = 5_000_000


def read(path: str | Path) -> list[tuple[str, str]]:
    """(title, feed URL) of every outline that has an xmlUrl, folders (nested outlines) included."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_OPML:
            raise FeedError(f"{path}: larger than {MAX_OPML // 1_000_000} MB; not an OPML subscription list", 2)
        data = path.read_bytes()
    except OSError as exc:
        raise FeedError(f"{path}: cannot read: {exc.strerror or exc}", 2) from None
    if b"<!ENTITY" in data:
        raise FeedError(f"{path}: declares XML entities; refused", 2)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise FeedError(f"{path}: not OPML ({exc})", 2) from None
    if root.tag.lower() != "opml":
        raise FeedError(f"{path}: not OPML (the document is <{root.tag}>)", 2)
    found = []
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if url:
            found.append(((node.get("title") or node.get("text") or "").strip(), url))
    return found


def write(subs: list[Subscription]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             "  <head><title>briefing subscriptions</title></head>", "  <body>"]
    for s in subs:
        lines.append(f'    <outline type="rss" text={quoteattr(s.name)} title={quoteattr(s.name)} '
                     f"xmlUrl={quoteattr(s.url)}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
