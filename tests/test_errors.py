"""One error family: every error a user may see is a BriefingError with one line and an
exit code; anything else is a bug, shown as one line that points at a log file."""

from __future__ import annotations

import pytest

from briefing import errors
from briefing.cli import main


def test_every_user_facing_error_is_a_briefing_error():
    from briefing.config import ConfigError
    from briefing.errors import ExportError
    from briefing.library import UnknownEntity
    from briefing.search import QueryError

    for cls in (ConfigError, ExportError, UnknownEntity, QueryError, errors.UserError, errors.EngineMissing,
                errors.IndexProblem, errors.IndexLocked, errors.IndexDamaged):
        assert issubclass(cls, errors.BriefingError), cls
    assert errors.QueryError("x").exit_code == errors.EXIT_USER
    assert errors.IndexLocked("x").exit_code == errors.EXIT_FAIL
    assert errors.ExportError("x").exit_code == errors.EXIT_FAIL
    damaged = errors.IndexDamaged("zlib.error")
    assert damaged.cause == "zlib.error" and "briefing index --rebuild" in damaged.message


def _broken_search(monkeypatch):
    from briefing.library import Library

    def broken(self, *args, **kwargs):
        raise ZeroDivisionError("a bug deep inside")

    monkeypatch.setattr(Library, "search", broken)


def test_a_bug_is_one_line_naming_a_log_that_holds_the_traceback(capsys, monkeypatch, isolated_dirs):
    _broken_search(monkeypatch)
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    code = main(["search", "korea"])
    out, err = capsys.readouterr()
    assert code == errors.EXIT_FAIL
    assert err.count("\n") == 1 and err.startswith("briefing: internal error: ZeroDivisionError: a bug deep inside")
    assert "Traceback" not in out + err
    log = isolated_dirs / "data" / "errors.log"
    assert f"details in {log}" in err
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError: a bug deep inside" in text and "search korea" in text
    # A second failure adds to the log rather than replacing it.
    main(["search", "korea"])
    assert log.read_text(encoding="utf-8").count("ZeroDivisionError: a bug deep inside") == 2


def test_briefing_debug_shows_the_traceback(monkeypatch):
    _broken_search(monkeypatch)
    monkeypatch.setenv("BRIEFING_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["search", "korea"])


def test_an_unwritable_log_still_gives_one_line(capsys, monkeypatch, tmp_path):
    _broken_search(monkeypatch)
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(blocker / "data"))
    code = main(["--corpus", str(tmp_path), "search", "korea"])
    _, err = capsys.readouterr()
    assert code == errors.EXIT_FAIL and err.count("\n") == 1
    assert "internal error" in err and "no log written" in err


def test_a_user_error_keeps_its_exit_code(capsys):
    code = main(["entities", "--type", "animal"])
    _, err = capsys.readouterr()
    assert code == errors.EXIT_USER and err.count("\n") == 1 and "PERSON, ORG, PLACE or MISC" in err
