"""Subscriptions (feeds.yaml in the config folder, hand-editable) and per-feed fetch state
(ETag, Last-Modified, last fetched; in the data folder, since it is not the user's to edit)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from briefing import bounded_yaml

from briefing import paths
from briefing.errors import ConfigError, FeedError

FILE = "feeds.yaml"
STATE = "feeds-state.json"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass
class Subscription:
    name: str
    url: str
    folder: str | None = None


@dataclass
class FeedState:
    etag: str | None = None
    modified: str | None = None
    last_fetched: str | None = None
    last_error: str | None = None
    seen: list[str] = field(default_factory=list)


def subscriptions_path() -> Path:
    return paths.config_dir() / FILE


def load() -> list[Subscription]:
    path = subscriptions_path()
    if not path.is_file():
        return []
    try:
        data = bounded_yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, bounded_yaml.YamlLimit) as exc:
        raise ConfigError(f"{path}: cannot read the feed list: {' '.join(str(exc).split())[:120]}") from None
    feeds = (data or {}).get("feeds") if isinstance(data, (dict, type(None))) else None
    if feeds is None:
        return []
    if not isinstance(feeds, list):
        raise ConfigError(f"{path}: key 'feeds': expected a list of feeds")
    out = []
    for i, item in enumerate(feeds):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            raise ConfigError(f"{path}: key 'feeds[{i}]': expected a mapping with a url")
        name = str(item.get("name") or name_from_url(item["url"]))
        if not _NAME.match(name):
            raise ConfigError(f"{path}: key 'feeds[{i}].name': {name!r} must be letters, digits, . _ or -")
        folder = item.get("folder")
        out.append(Subscription(name, item["url"], str(folder) if folder else None))
    return out


def save(subs: list[Subscription]) -> Path:
    from briefing.atomic import replace_file

    path = subscriptions_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{k: v for k, v in asdict(s).items() if v} for s in subs]
    text = ("# briefing's feed subscriptions: name, url, and optionally folder (where its\n"
            "# articles go). `briefing feeds add/remove/import` edit this file; so may you.\n"
            + yaml.safe_dump({"feeds": rows}, sort_keys=False, allow_unicode=True))
    replace_file(path, text.encode("utf-8"))
    return path


def name_from_url(url: str) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or "feed"
    host = host.removeprefix("www.")
    return slug_name(host.split(".")[0] if host.count(".") >= 1 and not host[0].isdigit() else host)


def slug_name(text: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")[:64].lower()
    return name or "feed"


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise FeedError(f"feed name {name!r}: use letters, digits, . _ or - (up to 64)", 2)
    return name


def feeds_root(config) -> Path:
    return config.resolve(config.feeds.folder) if config.feeds.folder else paths.data_dir() / "feeds"


def folder_for(sub: Subscription, config) -> Path:
    return config.resolve(sub.folder) if sub.folder else feeds_root(config) / sub.name


def feed_roots(config) -> list[Path]:
    """The folders fetched articles are in, once they exist: each custom folder, and the
    shared feeds folder (holding every feed without one, and `briefing add`'s pages)."""
    try:
        subs = load()
    except ConfigError:
        subs = []
    roots = [folder_for(s, config) for s in subs if s.folder]
    shared = feeds_root(config)
    if subs:
        # Made at once, so the app open before the first fetch already watches them.
        for folder in (shared, *roots):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass
    return [r for r in [shared, *roots] if r.is_dir()]


def load_state() -> dict[str, FeedState]:
    path = paths.data_dir() / STATE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # nested thousands deep: start afresh
        return {}
    out = {}
    for name, row in raw.items() if isinstance(raw, dict) else ():
        if isinstance(row, dict):
            out[name] = FeedState(**{k: row.get(k) for k in ("etag", "modified", "last_fetched", "last_error")},
                                  seen=[str(x) for x in row.get("seen") or []][-5000:])
    return out


def save_state(state: dict[str, FeedState]) -> None:
    from briefing.atomic import replace_file

    path = paths.data_dir() / STATE
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, json.dumps({k: asdict(v) for k, v in state.items()}, indent=1).encode("utf-8"))
