"""One fetch run: each feed read (conditionally), each new item's page fetched and extracted,
saved into the feed's folder. One line per failing feed or item; the rest carries on."""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from briefing.errors import FeedError
from briefing.feeds import subscriptions as subs_mod
from briefing.feeds.extract import Article, better, extract, is_html, plain, summary_text
from briefing.feeds.fetch import Fetcher, Response
from briefing.feeds.save import Folder, save
from briefing.feeds.subscriptions import FeedState, Subscription

#: Feeds read at once; per-host limits still apply inside.
WORKERS = 4


@dataclass
class FeedResult:
    name: str
    saved: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    unchanged: bool = False


@dataclass
class RunReport:
    feeds: list[FeedResult] = field(default_factory=list)

    @property
    def saved(self) -> list[Path]:
        return [p for f in self.feeds for p in f.saved]

    def lines(self) -> list[str]:
        out = []
        for f in self.feeds:
            if f.error:
                out.append(f"{f.name}: {f.error}")
                continue
            what = "unchanged" if f.unchanged else f"{len(f.saved)} new"
            out.append(f"{f.name}: {what}")
            out += [f"  {p}" for p in f.problems]
        return out


class Settings:
    def __init__(self, config):
        f = config.feeds
        self.fetcher = Fetcher(timeout=f.timeout, per_host=f.per_host)
        self.feed_limit = f.max_feed_mb * 1_000_000
        self.page_limit = f.max_page_mb * 1_000_000
        self.config = config


def fetch_all(config, subs: list[Subscription], progress: Callable[[int, int, int], None] | None = None,
              on_saved: Callable[[Path], None] | None = None) -> RunReport:
    """Fetch ``subs``; ``progress(done, total, new)`` after each feed."""
    settings = Settings(config)
    state = subs_mod.load_state()
    report = RunReport()
    total, new = len(subs), 0
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(fetch_feed, settings, s, state.setdefault(s.name, FeedState()), on_saved)
                   for s in subs]
        # In the order feeds finish, so one slow feed does not hold back the others' progress
        # (the app lists each feed's articles as they land).
        for n, fut in enumerate(as_completed(futures), 1):
            result = fut.result()
            report.feeds.append(result)
            new += len(result.saved)
            if progress:
                progress(n, total, new)
    order = {s.name: i for i, s in enumerate(subs)}
    report.feeds.sort(key=lambda f: order.get(f.name, 0))
    subs_mod.save_state(state)
    return report


def fetch_feed(settings: Settings, sub: Subscription, state: FeedState,
               on_saved: Callable[[Path], None] | None = None) -> FeedResult:
    result = FeedResult(sub.name)
    try:
        resp = settings.fetcher.get(sub.url, settings.feed_limit, state.etag, state.modified)
        state.last_fetched = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        if resp.not_modified:
            result.unchanged, state.last_error = True, None
            return result
        entries, source, damage = parse_feed(sub.url, resp)
    except FeedError as exc:
        result.error = state.last_error = exc.message
        return result
    state.etag, state.modified, state.last_error = resp.etag, resp.modified, None
    if damage:
        result.problems.append(damage)
    folder = Folder.scan(subs_mod.folder_for(sub, settings.config))
    seen = set(state.seen)
    for entry in entries:
        try:
            path = save_entry(settings, folder, entry, source, seen)
        except FeedError as exc:
            result.problems.append(exc.message)
            continue
        if path:
            result.saved.append(path)
            if on_saved:
                on_saved(path)
    state.seen = list(seen)[-5000:]
    return result


def parse_feed(url: str, resp: Response):
    import feedparser  # a fetch's cost only

    parsed = feedparser.parse(resp.body, response_headers={"content-location": resp.url})
    exc = parsed.get("bozo_exception")
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    why = " ".join(str(exc).split())[:100] if parsed.bozo and not isinstance(exc, harmless) else ""
    if not parsed.entries:
        if parsed.bozo or not parsed.version:
            raise FeedError(f"{url}: not a feed (not RSS or Atom XML{': ' + why if why else ''})")
    damage = f"{url}: the feed is damaged ({why}); read the {len(parsed.entries)} items before it" if why else ""
    return parsed.entries, plain(parsed.feed.get("title")) or "", damage


def save_entry(settings: Settings, folder: Folder, entry, source: str, seen: set[str]) -> Path | None:
    link = (entry.get("link") or "").strip()
    guid = (entry.get("id") or "").strip()
    title = plain(entry.get("title")) or "Untitled"
    key = guid or link
    if key and key in seen or folder.has(link, guid):
        return None
    if not link:
        raise FeedError(f"item {title[:60]!r}: has no link; skipped")
    summary = _entry_summary(entry)
    article = page_article(settings, link, summary)
    article.title = title if title != "Untitled" else (article.title or title)
    # The feed names its writer on purpose; a page's byline guess comes second.
    article.author = plain((entry.get("author_detail") or {}).get("name")) or article.author or plain(entry.get("author"))
    article.published = _entry_date(entry) or article.published
    article.source = source or article.source
    article.url = link
    if not article.text:
        raise FeedError(f"{link}: no article text on the page or in the feed; skipped")
    path = save(folder, article, guid)
    seen.add(key)
    return path


def page_article(settings: Settings, url: str, summary: str = "") -> Article:
    resp = settings.fetcher.get(url, settings.page_limit)
    if not is_html(resp.content_type, resp.body):
        raise FeedError(f"{url}: not an HTML page ({resp.content_type.split(';')[0] or 'unknown type'}); skipped")
    return better(extract(resp.body, resp.url), summary)


def _entry_summary(entry) -> str:
    content = entry.get("content") or []
    best = max((c.get("value", "") for c in content), key=len, default="")
    return summary_text(best if len(best) > len(entry.get("summary") or "") else entry.get("summary"))


def _entry_date(entry) -> str:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return ""
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp)
    except (TypeError, ValueError):
        return ""


def add_items(settings: Settings, items: list[str], folder_path: Path) -> tuple[list[Path], list[str]]:
    """`briefing add`: each URL or saved .html file as an article; one line per failure."""
    folder = Folder.scan(folder_path)
    saved, problems = [], []
    for item in items:
        try:
            article = _file_article(item) if "://" not in item else page_article(settings, item)
            if not article.text:
                raise FeedError(f"{item}: no article text found; not saved")
            path = save(folder, article)
        except FeedError as exc:
            problems.append(exc.message)
            continue
        if path is None:
            problems.append(f"{item}: already saved")
        else:
            saved.append(path)
    return saved, problems


def _file_article(item: str) -> Article:
    path = Path(item).expanduser()
    try:
        if path.stat().st_size > 50_000_000:
            raise FeedError(f"{item}: too large for a web page; not read")
        body = path.read_bytes()
    except OSError as exc:
        raise FeedError(f"{item}: cannot read: {exc.strerror or exc}") from None
    if not is_html("text/html", body):
        raise FeedError(f"{item}: not an HTML page; not read")
    return extract(body, "")
