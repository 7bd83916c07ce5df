"""The command line: `briefing` opens the app; subcommands index, search, entities, quotes, timeline, export."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from briefing import __version__, safe
from briefing.errors import EXIT_FAIL, BriefingError, UserError

#: Where an internal error's traceback goes (in the user data folder), never the screen.
ERROR_LOG = "errors.log"
#: The log keeps the newest part once it grows past this.
ERROR_LOG_MAX = 256 * 1024


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="briefing",
        description="A keyboard-driven terminal reader for following one story across many sources.",
    )
    p.add_argument("--version", action="version", version=f"briefing {__version__}")
    p.add_argument("--config", metavar="PATH", help="config file (default: $BRIEFING_CONFIG, then your config folder, then the built-in default)")
    p.add_argument("--corpus", metavar="DIR", action="append", help="a folder of articles; repeat for several (replaces the config's corpus)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ix = sub.add_parser("index", help="build or update the index, with progress")
    ix.add_argument("--rebuild", action="store_true", help="start the index over")

    se = sub.add_parser("search", help="ranked results for a query")
    se.add_argument("query", metavar="QUERY", help="Whoosh query: words, \"phrases\", AND/OR/NOT, field:value, wild*, fuzzy~")
    se.add_argument("--limit", type=_positive, default=20, metavar="N", help="most results to show (default 20)")
    se.add_argument("--json", action="store_true", help="print JSON")

    en = sub.add_parser("entities", help="the people, organisations and places in the corpus")
    en.add_argument("--type", metavar="T", help="only this type: PERSON, ORG, PLACE or MISC")
    en.add_argument("--json", action="store_true", help="print JSON")

    for name, what in (("quotes", "every quote in the scope, with its speaker"),
                       ("timeline", "every dated statement in the scope, with its resolved date")):
        sc = sub.add_parser(name, help=what)
        sc.add_argument("--query", metavar="Q", help="only the results of this search")
        sc.add_argument("--entity", metavar="NAME", help="only the articles that mention this entity")
        sc.add_argument("--json", action="store_true", help="print JSON")

    st = sub.add_parser("stories", help="the stories in the corpus, wire copies folded")
    st.add_argument("--json", action="store_true", help="print JSON")

    ex = sub.add_parser("export", help="write a Markdown briefing note")
    ex.add_argument("--query", metavar="Q", help="note on the results of this search")
    ex.add_argument("--entity", metavar="NAME",
                    help="note on the articles that mention this entity (with --query: those of its results)")
    ex.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    ex.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    from briefing.feeds import commands as feeds

    feeds.register(sub)
    return p


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    try:
        return _guard(_dispatch, args, argv)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `briefing search x | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _error(message: str) -> None:
    print(f"briefing: {safe.clean(' '.join(message.split()))}", file=sys.stderr)


def _dispatch(args) -> int:
    if args.command is None:
        return _run_app(args)
    if args.command in ("feeds", "fetch", "add"):
        from briefing.feeds.commands import run

        return run(args)
    from briefing.library import Library

    lib = Library.open(args.config, args.corpus)
    handlers = {"index": cmd_index, "search": cmd_search, "entities": cmd_entities, "export": cmd_export,
                "quotes": cmd_quotes, "timeline": cmd_timeline, "stories": cmd_stories}
    try:
        return handlers[args.command](lib, args)
    finally:
        lib.close()


def _guard(run, args, argv: list[str]) -> int:
    """``run(args)``, with every error the user may see as one line and an exit code.
    The core raises only BriefingError for those (engines turn their own failures into
    IndexDamaged themselves); anything else is a bug: one line that says so, with the
    traceback in a log file."""
    try:
        return run(args)
    except BriefingError as exc:
        _error(exc.message.strip("'\""))
        return exc.exit_code
    except BrokenPipeError:
        raise  # `briefing search x | head`: main() handles it quietly
    except Exception as exc:
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        _error(f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:200]} ({_log_error(exc, argv)})")
        return EXIT_FAIL


def _log_error(exc: BaseException, argv: list[str]) -> str:
    """Append ``exc``'s traceback to the error log; what to tell the user about it."""
    import datetime as dt
    import traceback

    from briefing import paths

    path = paths.data_dir() / ERROR_LOG
    entry = (f"--- {dt.datetime.now().isoformat(timespec='seconds')} briefing {__version__} "
             f"{' '.join(argv)}\n{''.join(traceback.format_exception(exc))}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        old = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        path.write_text(old[-ERROR_LOG_MAX:] + entry, encoding="utf-8")
    except OSError as err:
        return f"no log written: {err.strerror or err}; set BRIEFING_DEBUG=1 to see the details"
    return f"details in {path}"


def _sync(lib, show_progress: bool, rebuild: bool = False, entities: bool = True):
    bar = _ProgressBar() if show_progress and sys.stderr.isatty() else None
    report = lib.sync(progress=bar, rebuild=rebuild, entities=entities)
    if bar:
        bar.done()
    if report.rebuilt_reason:
        _error(f"note: {report.rebuilt_reason}")
    if getattr(report, "stale", ""):  # the disk refused the sync's writes: searched as it was
        _error(f"warning: {report.stale}")
    return report


class _ProgressBar:
    def __init__(self):
        self.shown = False

    def __call__(self, done: int, total: int, message: str) -> None:
        width = 30
        if total:
            filled = int(width * done / total)
            line = f"\rindexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        else:
            line = f"\r{message[:60]}"
        sys.stderr.write(line.ljust(72))
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 72 + "\r")
            sys.stderr.flush()


def cmd_index(lib, args) -> int:
    report = _sync(lib, show_progress=True, rebuild=args.rebuild)
    if getattr(report, "stale", ""):
        return EXIT_FAIL  # nothing was indexed; the warning said why
    print(report.summary())
    # Every file, not a sample: this is where a user learns which of their files to
    # fix. One line each, whatever the file put in its reason.
    for s in report.skipped:
        print(f"  skipped {_printable(s.path)}: {_printable(' '.join(s.reason.split()))}")
    for s in report.warnings:
        print(f"  {_printable(s.path)}: indexed with a warning: {_printable(' '.join(s.reason.split()))}")
    # Some bad files are the corpus's normal state; the exit code is for the sync itself.
    return 0


def cmd_search(lib, args) -> int:
    # A search needs the entity table only for entity:/type: terms; without them an
    # unchanged corpus is searched without opening it.
    _sync(lib, show_progress=True, entities=bool(re.search(r"\b(entity|type):", args.query, re.I)))
    results = lib.search(args.query, limit=args.limit)
    if results.notice:
        _error(f"note: {results.notice}")
    if args.json:
        print(safe.dumps([h.to_json() for h in results.hits], indent=2))
        if results.suggestion and not results.hits:
            _error(f"no results; did you mean: {results.suggestion}")
        return 0
    if not results.hits:
        msg = "No results."
        if results.suggestion:
            msg += f" Did you mean: {_printable(results.suggestion)}"
        print(msg)
        return 0
    shown = len(results.hits)
    print(f"{results.total} result{'s' if results.total != 1 else ''}" + (f", showing {shown}" if shown < results.total else ""))
    for n, h in enumerate(results.hits, 1):
        meta = " · ".join(x for x in (h.source, h.published.isoformat() if h.published else "", f"{h.hits} hit{'s' if h.hits != 1 else ''}") if x)
        print(f"\n{n:>3}. {_printable(h.title)}")
        print(f"     {_printable(h.id)}  score {h.score:.2f}  {_printable(meta)}")
        if h.snippet:
            print(f"     {_printable(h.snippet)}")
    if results.suggestion:
        print(f"\nDid you mean: {_printable(results.suggestion)}")
    return 0


def cmd_entities(lib, args) -> int:
    _sync(lib, show_progress=True)
    etype = args.type.upper() if args.type else None
    if etype and etype not in ("PERSON", "ORG", "PLACE", "MISC"):
        raise UserError(f"--type: expected PERSON, ORG, PLACE or MISC, got {args.type!r}")
    ents = lib.entities(etype)
    if args.json:
        print(safe.dumps([e.to_json() for e in ents], indent=2))
        return 0
    if not ents:
        print("No entities found.")
        return 0
    name_w = min(32, max(len(e.name) for e in ents))
    print(f"{'NAME':<{name_w}}  {'TYPE':<6}  {'MENTIONS':>8}  {'ARTICLES':>8}  ALSO KNOWN AS")
    for e in ents:
        aliases = ", ".join(e.aliases[:4]) + (" …" if len(e.aliases) > 4 else "")
        name = _printable(e.name)
        if len(name) > name_w:
            name = name[: name_w - 1] + "…"
        print(f"{name:<{name_w}}  {e.type:<6}  {e.mentions:>8}  {len(e.articles):>8}  {_printable(aliases)}")
    return 0


def cmd_stories(lib, args) -> int:
    _sync(lib, show_progress=True, entities=False)
    stories = lib.stories()
    for warning in lib.story_store().fix_warnings:
        print(f"fixes file: {warning}", file=sys.stderr)
    if args.json:
        print(safe.dumps([s.to_json() for s in stories], indent=2))
        return 0
    if not stories:
        print("No stories: the corpus has no articles.")
        return 0
    for s in stories:
        dates = " – ".join(dict.fromkeys(d.isoformat() for d in (s.first, s.last) if d)) or "undated"
        copies = sum(len(a.copies) for a in s.articles)
        folded = f" (+{copies} cop{'ies' if copies != 1 else 'y'})" if copies else ""
        print(f"{s.id}  {_printable(s.label)}")
        print(f"  {s.size} article{'s' if s.size != 1 else ''}{folded} · {dates} · "
              f"{_printable(', '.join(s.sources) or 'no source')}")
    return 0


def cmd_export(lib, args) -> int:
    from briefing.notes import render_markdown, write_atomic
    from briefing.notes.export import STDOUT_NAMES, refuse_special
    from briefing.scope import Scope

    scope = Scope(args.query or "", args.entity)
    if args.output in STDOUT_NAMES:
        args.output = None  # `-o /dev/stdout` is standard output, not a file to replace
    if args.output and Path(args.output).is_dir():
        example = Path(args.output) / lib.export_filename(scope)
        raise UserError(f"{args.output} is a folder; give a file name, e.g. {example}", EXIT_FAIL)
    if args.output and Path(args.output).exists() and not args.force:
        # Checked before the work so the user hears at once; write_atomic checks again.
        raise UserError(f"{args.output} already exists; use --force to overwrite it", EXIT_FAIL)
    if args.output:
        refuse_special(Path(args.output).expanduser())
    _sync(lib, show_progress=True)
    note = lib.note(scope)
    if not note.sources:
        _error("note: no articles in this scope, so the note is empty")
    # A note is read in terminals and editors too: no control character of an
    # article's reaches them.
    text = safe.clean_text(render_markdown(note))
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    path = write_atomic(args.output, text, force=args.force)
    print(f"Wrote {_printable(str(path))}", file=sys.stderr)
    return 0


def cmd_quotes(lib, args) -> int:
    return _list_scope(lib, args, lib.scope_quotes, "No quotes in this scope.",
                       lambda q: f"{_printable(q.article_id)}  {_printable(q.speaker or '(speaker unclear)')}: "
                                 f"“{_printable(' '.join(q.text.split()))}”")


def cmd_timeline(lib, args) -> int:
    return _list_scope(lib, args, lib.scope_timeline, "No dated statements in this scope.",
                       lambda d: f"{d.date_text:<10}  {_printable(d.article_id)}  "
                                 f"{_printable(' '.join(d.sentence.split()))}")


def _list_scope(lib, args, find, nothing: str, line) -> int:
    """A scope's records as JSON or one line each (quotes, timeline)."""
    from briefing.scope import Scope

    _sync(lib, show_progress=True)
    found = find(Scope(args.query or "", args.entity))
    if args.json:
        print(safe.dumps([r.to_json() for r in found], indent=2))
        return 0
    print("\n".join(line(r) for r in found) if found else nothing)
    return 0


def _printable(text: str) -> str:
    """Terminal-safe: control characters (ANSI escapes included) shown, not obeyed."""
    return safe.clean(text)


def _run_app(args) -> int:
    from briefing.config import load_config

    config = load_config(args.config, args.corpus)
    from briefing.tui.app import BriefingApp

    app = BriefingApp(config)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
