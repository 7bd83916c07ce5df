"""The CLI's `feeds`, `fetch` and `add` subcommands (cli.py only registers them)."""

from __future__ import annotations

import sys
from pathlib import Path

from briefing import safe
from briefing.errors import FeedError, UserError
from briefing.feeds import subscriptions as subs_mod

COMMANDS = ("feeds", "fetch", "add")


def register(sub) -> None:
    fe = sub.add_parser("feeds", help="your feed subscriptions: add, list, remove, import, export")
    fsub = fe.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    fa = fsub.add_parser("add", help="subscribe to an RSS or Atom feed")
    fa.add_argument("url", metavar="URL")
    fa.add_argument("--name", help="a short name (default: from the address)")
    fa.add_argument("--folder", metavar="DIR", help="where its articles go (default: feeds/NAME in your data folder)")
    fsub.add_parser("list", help="subscriptions, with when each was last fetched")
    fr = fsub.add_parser("remove", help="unsubscribe (saved articles stay)")
    fr.add_argument("name", metavar="NAME")
    fi = fsub.add_parser("import", help="subscribe to every feed in an OPML file")
    fi.add_argument("file", metavar="FILE.opml")
    fsub.add_parser("export", help="print your subscriptions as OPML")

    fx = sub.add_parser("fetch", help="fetch new articles from your feeds, then update the index")
    fx.add_argument("names", nargs="*", metavar="NAME", help="only these feeds (default: all)")

    ad = sub.add_parser("add", help="save web pages (URLs, or .html files saved from a browser) as articles")
    ad.add_argument("items", nargs="+", metavar="URL|FILE.html")
    ad.add_argument("--folder", metavar="DIR", help="where to save them (default: feeds/pages in your data folder)")


def run(args) -> int:
    from briefing.config import load_config

    config = load_config(args.config, args.corpus)
    if args.command == "feeds":
        return {"add": feeds_add, "list": feeds_list, "remove": feeds_remove,
                "import": feeds_import, "export": feeds_export}[args.feeds_command](config, args)
    if args.command == "fetch":
        return fetch(config, args)
    return add(config, args)


def _out(text: str) -> None:
    print(safe.clean(text))


def _err(text: str) -> None:
    print(f"briefing: {safe.clean(' '.join(text.split()))}", file=sys.stderr)


def _subscribe(subs, url: str, name: str | None, folder: str | None):
    from briefing.feeds.fetch import check_url

    check_url(url)
    if any(s.url == url for s in subs):
        raise UserError(f"already subscribed to {url}")
    if name:
        subs_mod.check_name(name)
    base = name or subs_mod.name_from_url(url)
    name, n = base, 2
    while any(s.name == name for s in subs):
        name, n = f"{base}-{n}", n + 1
    if folder:
        folder = str(Path(folder).expanduser().resolve())
    sub = subs_mod.Subscription(name, url, folder)
    subs.append(sub)
    return sub


def feeds_add(config, args) -> int:
    subs = subs_mod.load()
    if args.name and any(s.name == args.name for s in subs):
        raise UserError(f"a feed named {args.name} exists; choose another --name")
    sub = _subscribe(subs, args.url, args.name, args.folder)
    path = subs_mod.save(subs)
    _out(f"Subscribed to {sub.url} as {sub.name} (in {path}); `briefing fetch` reads it")
    return 0


def feeds_list(config, args) -> int:
    subs = subs_mod.load()
    if not subs:
        _out("No feeds. Add one with `briefing feeds add URL`.")
        return 0
    state = subs_mod.load_state()
    width = max(len(s.name) for s in subs)
    for s in subs:
        st = state.get(s.name)
        when = st.last_fetched if st and st.last_fetched else "never fetched"
        line = f"{s.name:<{width}}  {when:<25}  {s.url}"
        if st and st.last_error:
            line += f"\n{'':<{width}}  last error: {st.last_error}"
        _out(line)
    return 0


def feeds_remove(config, args) -> int:
    subs = subs_mod.load()
    kept = [s for s in subs if s.name != args.name]
    if len(kept) == len(subs):
        raise UserError(f"no feed named {args.name}; `briefing feeds list` shows them")
    subs_mod.save(kept)
    _out(f"Unsubscribed from {args.name}; its saved articles stay in the corpus")
    return 0


def feeds_import(config, args) -> int:
    from briefing.feeds import opml

    subs = subs_mod.load()
    added = 0
    for title, url in opml.read(args.file):
        if any(s.url == url for s in subs):
            continue
        try:
            _subscribe(subs, url, subs_mod.slug_name(title) if title else None, None)
        except (UserError, FeedError) as exc:
            _err(exc.message)
            continue
        added += 1
    subs_mod.save(subs)
    _out(f"Imported {added} feed{'s' if added != 1 else ''} from {args.file}")
    return 0


def feeds_export(config, args) -> int:
    from briefing.feeds import opml

    sys.stdout.write(opml.write(subs_mod.load()))
    return 0


def fetch(config, args) -> int:
    from briefing.feeds.run import fetch_all

    subs = subs_mod.load()
    if args.names:
        unknown = [n for n in args.names if n not in {s.name for s in subs}]
        if unknown:
            raise UserError(f"no feed named {', '.join(unknown)}; `briefing feeds list` shows them")
        subs = [s for s in subs if s.name in args.names]
    if not subs:
        raise UserError("no feeds to fetch; add one with `briefing feeds add URL`")
    tty = sys.stderr.isatty()

    def progress(done, total, new):
        if tty:
            sys.stderr.write(f"\rfetching {done}/{total} feeds · {new} new".ljust(50))
            sys.stderr.flush()

    report = fetch_all(config, subs, progress)
    if tty:
        sys.stderr.write("\r" + " " * 50 + "\r")
    for line in report.lines():
        _out(line)
    _out(f"{len(report.saved)} new article{'s' if len(report.saved) != 1 else ''}")
    if report.saved:
        _index(args)
    return 1 if all(f.error for f in report.feeds) else 0


def add(config, args) -> int:
    from briefing.feeds.run import Settings, add_items

    folder = Path(args.folder).expanduser().resolve() if args.folder else subs_mod.feeds_root(config) / "pages"
    saved, problems = add_items(Settings(config), args.items, folder)
    for p in problems:
        _err(p)
    for path in saved:
        _out(f"Saved {path}")
    if saved:
        if args.folder and not args.corpus:
            _err(f"note: {folder} is not in your corpus; add it to config.yaml's `corpus` or pass --corpus")
        _index(args)
    return 0 if saved or not problems else 1


def _index(args) -> None:
    from briefing.library import Library

    lib = Library.open(args.config, args.corpus)
    try:
        report = lib.sync()
        _out(report.summary())
    finally:
        lib.close()
