"""Articles written as Markdown with YAML front matter: stable slug names, no duplicates
(same URL, GUID or text), nothing ever overwritten."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.corpus.frontmatter import split_front
from briefing.errors import FeedError
from briefing.feeds.extract import Article

MAX_SLUG = 60


def slug(title: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    if len(words) > MAX_SLUG:
        words = words[:MAX_SLUG].rsplit("-", 1)[0]
    return words or "article"


def text_key(text: str) -> str:
    return hashlib.sha1(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:20]


@dataclass
class Folder:
    """What a corpus folder already holds: URLs, GUIDs and text keys of its Markdown files."""

    path: Path
    urls: set[str] = field(default_factory=set)
    guids: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)

    @classmethod
    def scan(cls, path: Path) -> "Folder":
        folder = cls(path)
        if not path.is_dir():
            return folder
        for file in path.glob("*.md"):
            try:
                raw = file.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            meta, body = _front(raw)
            folder.remember(str(meta.get("url") or ""), str(meta.get("guid") or ""), body)
        return folder

    def remember(self, url: str, guid: str, text: str) -> None:
        if url:
            self.urls.add(url)
        if guid:
            self.guids.add(guid)
        if text.strip():
            self.texts.add(text_key(text))

    def has(self, url: str = "", guid: str = "", text: str = "") -> bool:
        return bool((url and url in self.urls) or (guid and guid in self.guids)
                    or (text and text_key(text) in self.texts))


def _front(raw: str) -> tuple[dict, str]:
    try:
        meta, body = split_front(raw, [])
    except Exception:  # a hand-edited file's broken front matter: treat as no metadata  # noqa: BLE001
        return {}, raw
    return (meta if isinstance(meta, dict) else {}), body


def render(article: Article, guid: str = "") -> str:
    meta = {"title": article.title or "Untitled", "author": article.author or None,
            "published": article.published or None, "source": article.source or None,
            "url": article.url or None, "guid": guid if guid and guid != article.url else None}
    head = yaml.safe_dump({k: v for k, v in meta.items() if v}, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{head}---\n\n{article.text.strip()}\n"


def save(folder: Folder, article: Article, guid: str = "") -> Path | None:
    """Write ``article`` into the folder; None when it is already there. Never overwrites."""
    if folder.has(article.url, guid, article.text):
        return None
    folder.path.mkdir(parents=True, exist_ok=True)
    stem = slug(article.title)
    if article.published[:10] and re.match(r"\d{4}-\d\d-\d\d", article.published[:10]):
        stem = f"{article.published[:10]}-{stem}"
    text = render(article, guid)
    ident = hashlib.sha1((guid or article.url or article.text).encode("utf-8")).hexdigest()[:8]
    for name in (f"{stem}.md", f"{stem}-{ident}.md", *(f"{stem}-{ident}-{n}.md" for n in range(2, 50))):
        path = folder.path / name
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        except OSError as exc:
            raise FeedError(f"{path}: cannot write: {exc.strerror or exc}") from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        folder.remember(article.url, guid, article.text)
        return path
    raise FeedError(f"{folder.path}: too many articles named {stem}")
