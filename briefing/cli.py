"""The command line: `briefing` opens the app; subcommands index, search, entities, export."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from briefing import __version__

# Errors that are the user's to fix: one line on stderr, no traceback.
EXIT_USER = 2
EXIT_FAIL = 1


class UserError(Exception):
    def __init__(self, message: str, code: int = EXIT_USER):
        super().__init__(message)
        self.code = code


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
    en.add_argument("--type", metavar="T", help="only this type: PERSON, ORG or PLACE")
    en.add_argument("--json", action="store_true", help="print JSON")

    ex = sub.add_parser("export", help="write a Markdown briefing note")
    ex.add_argument("--query", metavar="Q", help="note on the results of this search")
    ex.add_argument("--entity", metavar="NAME",
                    help="note on the articles that mention this entity (with --query: those of its results)")
    ex.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    ex.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
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
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except UserError as exc:
        _error(str(exc))
        return exc.code
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `briefing search x | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _error(message: str) -> None:
    print(f"briefing: {' '.join(message.split())}", file=sys.stderr)


def _open_library(args):
    from briefing.config import ConfigError
    from briefing.library import Library

    try:
        return Library.open(args.config, args.corpus)
    except ConfigError as exc:
        raise UserError(str(exc)) from None


def _dispatch(args) -> int:
    if args.command is None:
        return _run_app(args)
    lib = _open_library(args)
    handlers = {"index": cmd_index, "search": cmd_search, "entities": cmd_entities, "export": cmd_export}
    return _guard(handlers[args.command], lib, args)


def _guard(handler, lib, args) -> int:
    """Turn the core's user-facing errors into one line and an exit code."""
    from briefing.config import ConfigError
    from briefing.entities import EntityError
    from briefing.export import ExportError
    from briefing.index import IndexError_, damage_kind, is_damage
    from briefing.library import UnknownEntity
    from briefing.search import QueryError

    user_errors = (UserError, ConfigError, QueryError, EntityError, UnknownEntity, IndexError_, ExportError)
    try:
        try:
            return handler(lib, args)
        except Exception as exc:
            # The Library rebuilds a damaged index itself when searching or reading an
            # article; damage found anywhere else is still one line, with the way out.
            if isinstance(exc, user_errors) or not is_damage(exc):
                raise
            raise IndexError_(f"the index is damaged ({damage_kind(exc)}); "
                              "run `briefing index --rebuild`") from None
    except (ConfigError, QueryError, EntityError, UnknownEntity) as exc:
        raise UserError(str(exc).strip("'\"")) from None
    except (IndexError_, ExportError) as exc:
        raise UserError(str(exc), EXIT_FAIL) from None
    except (UserError, BrokenPipeError):
        # A closed pipe (`briefing search x | head`) is main()'s to handle quietly.
        raise
    except Exception as exc:
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        # A bug, not the user's doing: still one line, with the way to learn more.
        raise UserError(f"internal error: {type(exc).__name__}: {exc} (set BRIEFING_DEBUG=1 for details)",
                        EXIT_FAIL) from None
    finally:
        lib.close()


def _sync(lib, show_progress: bool, rebuild: bool = False):
    bar = _ProgressBar() if show_progress and sys.stderr.isatty() else None
    report = lib.sync(progress=bar, rebuild=rebuild)
    if bar:
        bar.done()
    if report.rebuilt_reason:
        _error(f"note: {report.rebuilt_reason}")
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
    _sync(lib, show_progress=True)
    results = lib.search(args.query, limit=args.limit)
    if results.notice:
        _error(f"note: {results.notice}")
    if args.json:
        print(json.dumps([h.to_json() for h in results.hits], ensure_ascii=False, indent=2))
        if results.suggestion and not results.hits:
            _error(f"no results; did you mean: {results.suggestion}")
        return 0
    if not results.hits:
        msg = "No results."
        if results.suggestion:
            msg += f" Did you mean: {results.suggestion}"
        print(msg)
        return 0
    shown = len(results.hits)
    print(f"{results.total} result{'s' if results.total != 1 else ''}" + (f", showing {shown}" if shown < results.total else ""))
    for n, h in enumerate(results.hits, 1):
        meta = " · ".join(x for x in (h.source, h.published.isoformat() if h.published else "", f"{h.hits} hit{'s' if h.hits != 1 else ''}") if x)
        print(f"\n{n:>3}. {_printable(h.title)}")
        print(f"     {h.id}  score {h.score:.2f}  {meta}")
        if h.snippet:
            print(f"     {_printable(h.snippet)}")
    if results.suggestion:
        print(f"\nDid you mean: {results.suggestion}")
    return 0


def cmd_entities(lib, args) -> int:
    _sync(lib, show_progress=True)
    etype = args.type.upper() if args.type else None
    if etype and etype not in ("PERSON", "ORG", "PLACE"):
        raise UserError(f"--type: expected PERSON, ORG or PLACE, got {args.type!r}")
    ents = lib.entities(etype)
    if args.json:
        print(json.dumps([e.to_json() for e in ents], ensure_ascii=False, indent=2))
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


def cmd_export(lib, args) -> int:
    from briefing.export import render_markdown, write_atomic
    from briefing.scope import Scope

    scope = Scope(args.query or "", args.entity)
    if args.output and Path(args.output).is_dir():
        example = Path(args.output) / lib.export_filename(scope)
        raise UserError(f"{args.output} is a folder; give a file name, e.g. {example}", EXIT_FAIL)
    if args.output and Path(args.output).exists() and not args.force:
        # Checked before the work so the user hears at once; write_atomic checks again.
        raise UserError(f"{args.output} already exists; use --force to overwrite it", EXIT_FAIL)
    _sync(lib, show_progress=True)
    note = lib.note(scope)
    if not note.sources:
        _error("note: no articles in this scope, so the note is empty")
    text = render_markdown(note)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    path = write_atomic(args.output, text, force=args.force)
    print(f"Wrote {path}", file=sys.stderr)
    return 0


def _printable(text: str) -> str:
    """Terminal-safe: control characters (ANSI escapes included) shown, not obeyed."""
    return "".join(ch if ch.isprintable() or ch == " " else
                   f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}" for ch in text)


def _run_app(args) -> int:
    from briefing.config import ConfigError, load_config

    try:
        config = load_config(args.config, args.corpus)
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    from briefing.tui.app import BriefingApp

    app = BriefingApp(config)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
