"""The Engine protocol itself, called directly: writing, reading, listing, expanding and
searching, and what an engine lets out when its files or a query defeat it."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from briefing.corpus import Article
from briefing.errors import IndexDamaged, QueryError
from briefing.search.analysis import terms
from briefing.search.engine import WORD_FIELDS
from briefing.search.registry import engine_class
from briefing.search.tree import And, AndNot, Nothing, Or, Phrase, Range, Term, Wildcard

D = dt.date
ARTICLES = [
    Article("a", "a.md", "Harbour strike ends", "Dock workers voted to end the harbour strike.", source="Wire",
            published=D(2024, 5, 3), hash="h-a"),
    Article("b", "b.md", "Talks in Seoul", "The harbour master met officials in Seoul.", source="Ledger",
            published=D(2024, 5, 3), hash="h-b"),
    Article("c", "c.md", "Older news", "A strike was called at the harbour.", published=D(2023, 1, 9), hash="h-c"),
    Article("d", "d.md", "Undated note", "Nothing about ports here.", hash="h-d"),
]


def analysed(art: Article) -> dict[str, str]:
    return {name: terms(getattr(art, name)) for name in WORD_FIELDS}


def made(engine: str, tmp_path: Path, articles=ARTICLES):
    folder = tmp_path / "ix"
    folder.mkdir()
    lock = threading.RLock()
    eng = engine_class(engine)(folder, lock, lambda: eng.open())
    eng.create()
    w = eng.writer()
    for art in articles:
        w.add(art, analysed(art))
    w.commit()
    return eng


def test_articles_come_back_as_written(engine, tmp_path):
    eng = made(engine, tmp_path)
    assert eng.doc_count() == 4
    for art in ARTICLES:
        assert eng.article(art.id) == art
    assert eng.article("zzz") is None
    assert [a.id for a in eng.articles(["c", "zzz", "a"])] == ["c", "a"]
    assert sorted(a.id for a in eng.all_articles()) == ["a", "b", "c", "d"]


def test_newest_holds_every_article_of_the_day_at_the_cut(engine, tmp_path):
    eng = made(engine, tmp_path)
    assert {a.id for a in eng.newest(1)} == {"a", "b"}  # both of 3 May
    assert {a.id for a in eng.newest(3)} >= {"a", "b", "c"}
    assert {a.id for a in eng.newest(None)} == {"a", "b", "c", "d"}


def test_terms_and_expansions_are_the_index_terms(engine, tmp_path):
    eng = made(engine, tmp_path)
    assert eng.has_term("body", terms("harbour")) and not eng.has_term("body", "zebrafish")
    assert eng.has_term("title", terms("Seoul")) and not eng.has_term("title", terms("harbour master"))
    assert sorted(eng.expand(Wildcard("body", "harb*"), None)) == [terms("harbour")]
    assert sorted(eng.expand(Wildcard("body", "st?ike"), None)) == [terms("strike")]
    assert len(eng.expand(Wildcard("body", "*"), 3)) == 3


def test_search_ranks_counts_and_respects_the_limit(engine, tmp_path):
    eng = made(engine, tmp_path)
    strike = Or((Term("title", "strike"), Term("body", "strike")))
    found = eng.search(strike, limit=1)
    assert found.total == 2 and len(found.docs) == 1
    assert found.docs[0][0].id == "a"  # in its title as well: the title counts double
    assert {a.id for a, _ in eng.search(strike, limit=None).docs} == {"a", "c"}
    assert [a.id for a, _ in eng.search(Phrase("body", ("harbour", "strike")), limit=None).docs] == ["a"]
    assert eng.search(Nothing(), limit=5).total == 0
    harbour = Term("body", "harbour")
    assert {a.id for a, _ in eng.search(AndNot(harbour, Term("body", "seoul")), limit=None).docs} == {"a", "c"}
    may = Range("published", dt.datetime(2024, 5, 1), dt.datetime(2024, 5, 31, 23, 59))
    assert {a.id for a, _ in eng.search(And((harbour, may)), limit=None).docs} == {"a", "b"}


def test_updates_deletes_and_cancelled_writes(engine, tmp_path):
    eng = made(engine, tmp_path)
    w = eng.writer()
    changed = Article("a", "a.md", "Harbour reopens", "The zebrafish returned.", hash="h-a2")
    w.update(changed, analysed(changed))
    w.delete("c")
    w.commit()
    assert eng.doc_count() == 3 and eng.article("a") == changed and eng.article("c") is None
    assert eng.search(Term("body", "zebrafish"), limit=None).total == 1
    w = eng.writer()
    w.delete("b")
    w.cancel()
    assert eng.article("b") is not None


def test_another_process_sees_a_commit(engine, tmp_path):
    eng = made(engine, tmp_path)
    lock = threading.RLock()
    other = engine_class(engine)(tmp_path / "ix", lock, lambda: other.open())
    other.open()
    assert other.doc_count() == 4
    late = Article("e", "e.md", "Late", "A late harbour report.", hash="h-e")
    w = eng.writer()
    w.add(late, analysed(late))
    w.commit()
    assert other.doc_count() == 5 and other.article("e") == late
    other.close()


def test_unreadable_files_are_damage_at_the_engines_boundary(engine, tmp_path):
    eng = made(engine, tmp_path)
    eng.close()
    for f in (tmp_path / "ix").rglob("*"):
        if f.is_file():
            f.write_bytes(b"\x00garbage" * 8)
    again = engine_class(engine)(tmp_path / "ix", threading.RLock(), lambda: None)
    with pytest.raises(IndexDamaged) as got:
        again.open()
    assert got.value.cause and "\n" not in got.value.message


def test_a_valid_query_an_engine_cannot_run_is_a_query_error_not_damage(engine, tmp_path):
    """Whoosh's AndNot reads past the end of its first part when the second part still
    has matches (an IndexError inside Whoosh's matchers): that is no damage, and
    rebuilding would not help. An engine answers such a query or says so in one line."""
    arts = [Article(f"r{i:03d}", f"r{i}.md", f"Report {i}", "Harbour drills were held." if i % 2 else "Quiet day.",
                    published=D(2019, 1, 1) + dt.timedelta(days=17 * i), hash=f"h{i}") for i in range(5)]
    arts += [Article("s000", "s0.md", "Report", "Drills again at sea.", published=D(2022, 1, 1), hash="s0"),
             Article("s001", "s1.md", "Report", "Keller spoke to the crew.", published=D(2022, 2, 1), hash="s1"),
             Article("s002", "s2.md", "Report", "Keller and drills.", published=D(2022, 3, 1), hash="s2")]
    eng = made(engine, tmp_path, arts)
    drills = Or((Term("title", "drill"), Term("body", "drill")))
    before = Range("published", None, dt.datetime(2021, 4, 30, 23, 59, 59))
    keller = Or((Term("title", "keller"), Term("body", "keller")))
    query = And((drills, AndNot(before, keller)))
    try:
        found = eng.search(query, limit=10)
    except QueryError as exc:
        assert exc.message and "\n" not in exc.message
    else:
        assert {a.id for a, _ in found.docs} == {"r001", "r003"}
    assert eng.doc_count() == 8  # and the index is as it was
