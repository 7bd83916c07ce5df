"""Correctness of the speed work: fast tokenizer, vocabulary, capped expansion, parallel sync, listing."""

from __future__ import annotations

import shutil

import pytest

from briefing.scope import Scope
from briefing.search import highlight, ingest as ingest_module, queries, store as index_module
from briefing.search.analysis import analyzer, terms, tokens
from briefing.search.searcher import Searcher
from briefing.search.spelling import Vocabulary, edit_distance
from briefing.search.store import Index

from .conftest import SEEDS

ODD = "İstanbul U.S. e.g. straße ΣΊΣΥΦΟΣ ﬁne x*y [CORRECTED 14:06 GMT] don't co-operate 3.5%"


@pytest.mark.parametrize("text", [ODD, "", "Running runs ran.", *(p.read_text(encoding="utf-8")
                                                                   for p in sorted(SEEDS.glob("*.md"))[:2])])
def test_fast_tokens_match_the_whoosh_chain(text):
    slow = [(t.text, t.startchar, t.endchar) for t in analyzer()(text, chars=True, mode="index")]
    assert tokens(text) == slow


def test_preanalysed_text_is_only_split():
    pre = terms("Running U.S. talks")
    assert [t.text for t in analyzer()(pre)] == ["run", "us", "talk"]


def test_edit_distance_limit_stops_early_without_changing_small_answers():
    assert edit_distance("north", "nroth", limit=2) == 1
    assert edit_distance("abc", "xyzxyz", limit=1) == 2


def test_vocabulary_finds_near_words_including_first_letter_typos(tmp_path):
    v = Vocabulary()
    v.add(["north", "korea", "ishiba", "northern"])
    v.add(["north"])
    assert v.near("nroth")[0] == (1, "north")
    assert (1, "ishiba") in v.near("ishba")
    v.save(tmp_path)
    assert Vocabulary.load(tmp_path).counts["north"] == 2


def test_damaged_vocabulary_loads_empty(tmp_path):
    (tmp_path / Vocabulary.FILE).write_bytes(b"not a pickle")
    assert Vocabulary.load(tmp_path).counts == {}


@pytest.fixture
def seeded(tmp_path, seeds_copy):
    ix = Index(tmp_path / "ix", [seeds_copy])
    ix.open()
    ix.sync()
    return ix


def test_wildcard_expansion_is_capped_and_marked(seeded, monkeypatch):
    monkeypatch.setattr(queries, "MAX_EXPANSION", 3)
    r = Searcher(seeded).search("*a*", limit=None)
    assert r.timed_out
    assert r.hits


def test_listing_everything_is_newest_first_and_respects_limit(seeded):
    s = Searcher(seeded)
    everything = s.search("", limit=None).hits
    top = s.search("", limit=2).hits
    assert [h.id for h in top] == [h.id for h in everything[:2]]
    dates = [h.published.toordinal() if h.published else 0 for h in everything]
    assert dates == sorted(dates, reverse=True)


def test_parallel_sync_indexes_the_same_as_sequential(tmp_path, seeds_copy, monkeypatch):
    for n in range(3):
        for src in sorted(SEEDS.glob("*.md")):
            shutil.copy(src, seeds_copy / f"copy{n}-{src.name}")
    seq = Index(tmp_path / "seq", [seeds_copy])
    seq.open()
    seq.sync()
    monkeypatch.setattr(index_module, "PARALLEL_MIN", 2)
    monkeypatch.setattr(ingest_module, "PARALLEL_MIN", 2)
    par = Index(tmp_path / "par", [seeds_copy])
    par.open()
    report = par.sync()
    assert sorted(report.added) == sorted(seq.ids())
    for q in ("Lee", '"North Korea"', "tariff*", "Ishba~"):
        # Same matches; equal scores may tie-break differently across segments.
        assert sorted(h.id for h in Searcher(par).search(q, limit=None).hits) == \
               sorted(h.id for h in Searcher(seq).search(q, limit=None).hits), q


def test_parallel_sync_extracts_entities_in_the_workers(tmp_path, seeds_copy, monkeypatch):
    from briefing.entities import EntityStore

    monkeypatch.setattr(ingest_module, "PARALLEL_MIN", 2)
    store = EntityStore.open(tmp_path / "ents")
    ix = Index(tmp_path / "ix", [seeds_copy])
    ix.open()
    report = ix.sync(extractor=store.extractor)
    assert sorted(report.summaries) == sorted(report.added)
    for aid in report.added[:3]:
        assert report.summaries[aid] == store.extractor(ix.article(aid).text)
    report.summaries.close()


def test_library_sync_with_worker_summaries_matches_serial_extraction(tmp_path, seeds_copy, monkeypatch):
    from briefing.config import Config
    from briefing.library import Library

    serial = Library(Config(corpus=[str(seeds_copy)], index_dir=str(tmp_path / "a")))
    serial.sync()
    monkeypatch.setattr(ingest_module, "PARALLEL_MIN", 2)
    parallel = Library(Config(corpus=[str(seeds_copy)], index_dir=str(tmp_path / "b")))
    parallel.sync()
    names = lambda lib: [(e.name, e.type, e.mentions, sorted(e.articles)) for e in lib.entities()]  # noqa: E731
    assert names(parallel) == names(serial)


def test_a_second_process_syncing_waits_then_fails_in_one_line(tmp_path, seeds_copy, monkeypatch):
    import fcntl

    from briefing import syncing
    from briefing.config import Config
    from briefing.errors import IndexLocked
    from briefing.library import Library

    lib = Library(Config(corpus=[str(seeds_copy)], index_dir=str(tmp_path / "ix")))
    lock = tmp_path / "ix.sync-lock"
    with open(lock, "a+b") as other:  # another process's sync, as far as flock can tell
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        monkeypatch.setattr(syncing, "SYNC_WAIT", 0.2)
        said = []
        with pytest.raises(IndexLocked, match="another briefing process is syncing"):
            lib.sync(progress=lambda done, total, message: said.append(message))
        assert said == ["waiting for another briefing process to finish syncing"]
    assert lib.sync().added  # free again


def test_a_sync_sees_what_another_process_added(tmp_path, seeds_copy):
    from briefing.config import Config
    from briefing.library import Library

    cfg = Config(corpus=[str(seeds_copy)], index_dir=str(tmp_path / "ix"))
    first, second = Library(cfg), Library(cfg)
    n = len(first.sync().added)
    second.sync()
    (seeds_copy / "late.txt").write_text("Late news\n\nSeoul said nothing new about tariffs.\n", encoding="utf-8")
    assert first.sync().added == ["late"]
    report = second.sync()
    assert report.nothing_changed
    assert second.article_count() == n + 1
    # The second library reloaded the store the first one updated, rather than
    # keeping (and later saving) its own stale copy.
    assert "late" in {aid for e in second.entities() for aid in e.articles}


def test_one_edit_lookup_finds_what_the_distance_scan_finds():
    words = ["north", "nroth", "broth", "forth", "northern", "abroad", "baroad", "café", "cafe", "caffe",
             "x", "no", "nort", "northh", "onrth", "tariff", "tariffs", "co2", "cod"]
    v = Vocabulary()
    v.add(words)
    for q in ("north", "nroth", "abroad", "cafe", "cafx", "tarif", "co", "noth", "onrth", "zzzz"):
        brute = sorted(w for w in words if w != q and edit_distance(q, w, 1) <= 1)
        assert sorted(c for _, c in v.near(q, maxdist=1)) == brute, q
    assert [c for _, c in v.near("qorth", maxdist=1, prefix=1)] == []  # the first letter must match
    assert [c for _, c in v.near("qorth", maxdist=1)] == ["forth", "north"]
    assert v.near("nroth", maxdist=0) == []


def test_two_edit_scan_keeps_every_candidate_the_bitmask_allows():
    words = ["government", "governments", "goverment", "garment", "governed", "ecology", "economy"]
    v = Vocabulary()
    v.add(words)
    for q in ("goverment", "ecomony", "govrenment"):
        brute = sorted((edit_distance(q, w, 2), w) for w in words
                       if w != q and edit_distance(q, w, 2) <= 2 and (w[0] == q[0] or w[1] == q[1]))
        assert sorted(v.near(q, maxdist=2)) == brute, q


def test_near_is_memoised_per_word_and_distance():
    v = Vocabulary()
    v.add(["north"])
    first = v.near("nroth", maxdist=2)
    assert v.near("nroth", maxdist=2) is first
    v.add(["broth"])  # a sync invalidates it
    assert (1, "broth") in v.near("nroth", maxdist=2)


def test_listing_survives_undated_articles_in_multi_process_segments(tmp_path, seeds_copy, monkeypatch):
    for n in range(3):
        (seeds_copy / f"undated{n}.txt").write_text(f"Undated {n}\n\nNo date line here at all.\n", encoding="utf-8")
    monkeypatch.setattr(index_module, "PARALLEL_MIN", 2)
    monkeypatch.setattr(ingest_module, "PARALLEL_MIN", 2)
    ix = Index(tmp_path / "ix", [seeds_copy])
    ix.open()
    ix.sync()
    hits = Searcher(ix).search("", limit=None).hits
    assert len(hits) == ix.doc_count()
    assert {h.id for h in hits[-3:]} == {"undated0", "undated1", "undated2"}  # no date sorts last


def test_an_empty_corpus_can_be_searched_again_after_a_sync(tmp_path):
    from briefing.config import Config
    from briefing.library import Library

    (tmp_path / "corpus").mkdir()
    lib = Library(Config(corpus=[str(tmp_path / "corpus")], index_dir=str(tmp_path / "ix")))
    lib.sync()
    for _ in range(2):  # the second search used to refresh a searcher Whoosh cannot refresh
        assert lib.browse(Scope()).hits == []


def test_entity_terms_match_by_document_number_across_segments_and_updates(tmp_path, seeds_copy, monkeypatch):
    from briefing.search.tree import Ids
    from briefing.search.whoosh_queries import DocSet, docnums, to_whoosh

    ix = Index(tmp_path / "ix", [seeds_copy])
    ix.open()
    ix.sync()
    ids = ix.ids()
    wanted = set(ids[:3])
    searcher = Searcher(ix, lambda field, value: wanted if value == "someone" else set())
    q = searcher.parse('entity:someone')
    assert q == Ids(frozenset(wanted)) and to_whoosh(q) == DocSet(wanted)
    assert {h.id for h in searcher.search('entity:someone', limit=None).hits} == wanted
    # An updated article moves to a new segment and its old document is deleted.
    path = seeds_copy / f"{ids[0]}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    (seeds_copy / "extra.txt").write_text("Extra\n\nA new article in a second segment.\n", encoding="utf-8")
    ix.sync()
    wanted.add("extra")
    assert sorted(h.id for h in searcher.search('entity:someone', limit=None).hits) == sorted(wanted)
    assert searcher.search('entity:someone AND nothingmatchesthis', limit=None).hits == []
    for sub, _ in ix.engine.searcher().leaf_searchers():
        assert len(docnums(sub.reader())) == sub.reader().doc_count_all()


def test_browse_with_an_entity_is_the_filtered_search(tmp_path, seeds_copy):
    from briefing.config import Config
    from briefing.library import Library

    lib = Library(Config(corpus=[str(seeds_copy)], index_dir=str(tmp_path / "ix")))
    lib.sync()
    ent = max(lib.entities(), key=lambda e: len(e.articles))
    listed = lib.browse(Scope(entity=ent.name))
    assert [h.id for h in listed.hits] == sorted(ent.articles, key=lambda aid: (-ent.articles[aid], aid))
    assert listed.total == len(ent.articles)
    word = "said"
    everything = lib.search(word, limit=None, snippets=0).hits
    narrowed = lib.browse(Scope(word, ent.name), limit=None)
    assert [h.id for h in narrowed.hits] == [h.id for h in everything if h.id in ent.articles]
    assert lib.browse(Scope(word, "no such entity anywhere")).hits == []


@pytest.mark.parametrize("text", [ODD, "dying lying tying skies news U.S. e.g. Relational conditional happily",
                                  *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.md"))[:4])])
def test_marked_tokens_never_miss_a_wanted_term(text):
    from briefing.search.analysis import marked_tokens

    full = tokens(text)
    every = {t for t, _, _ in full}
    for wanted in (every, set(sorted(every)[::3]), set(sorted(every)[1::7]), set()):
        marked = marked_tokens(text, wanted)
        assert [(a, b) for _, a, b in marked] == [(a, b) for _, a, b in full]
        for (t, _, _), (m, _, _) in zip(full, marked):
            if t in wanted:
                assert m == t
            assert m is None or m == t


@pytest.mark.parametrize("text", [ODD, "dying lying tying skies news U.S. e.g. U.S.A.F. usaf end.Start Relational",
                                  *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.md"))[:4])])
def test_term_only_highlights_match_the_token_by_token_path(text):
    from briefing.search import Highlighter

    every = sorted({t for t, _, _ in tokens(text)})
    for wanted in (every, every[::3], every[1::7], every[:1]):
        reference = [(a, b) for t, a, b in tokens(text) if t in set(wanted)]
        assert Highlighter(frozenset(wanted)).spans(text) == highlight.merge_spans(reference), wanted


def test_scope_entities_counts_as_the_per_article_rows_do(tmp_path, seeds_copy):
    from briefing.config import Config
    from briefing.library import Library

    lib = Library(Config(corpus=[str(seeds_copy)], index_dir=str(tmp_path / "ix")))
    lib.sync()
    ids = lib.index.ids()
    for chosen in (ids, ids[::2], ids[:1], []):
        counts: dict[str, int] = {}
        for aid in chosen:
            for ent, n in lib.table.for_article(aid):
                counts[ent.name] = counts.get(ent.name, 0) + n
        expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        assert [(e.name, n) for e, n in lib.scope_entities(chosen)] == expected
