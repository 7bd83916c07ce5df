"""Property-based fault tests: random bytes through the readers, random strings through
the query path, hostile text through Markdown export and the entity extractor. None may
raise anything but the documented one-line errors.

Counts per run (max_examples, times BRIEFING_PROPERTY_SCALE): readers 650 (300 files of
random bytes, 150 Markdown documents with random front matter, 200 clean_text inputs),
query path 500, Markdown rendering 250, entity extractor 500.
"""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from briefing.corpus import READERS, SkipFile, clean_text, read_article

HOSTILE_PIECES = ["[bold]", "[/]", "[CORRECTED 14:06 GMT]", "[link=https://x.test]", "[/link]", "\x1b[31m",
                  "\x1b]0;title\x07", "\u202e", "\u202c", "\u200f", "e\u0301\u0301", "🇰🇷", "👩‍👩‍👧", "\x00",
                  "\r\n", "\t", "---\n", "# ", "> ", "| a | b |", "```", "<script>", "</p>", "&amp;", "\\",
                  "*", "_", "`", "[x](javascript:alert(1))", "Lee Jae-myung", "Seoul", "United Nations",
                  "\u2028", "\ufeff", "\udcff"[:0], "A" * 300]

hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=20)), max_size=25).map("".join)

#: BRIEFING_PROPERTY_SCALE=6 runs six times the examples (3,000 queries) for a long soak.
SCALE = float(os.environ.get("BRIEFING_PROPERTY_SCALE", "1"))


def fast(n: int):
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


# --------------------------------------------------------------------------- readers


@fast(300)
@given(data=st.one_of(st.binary(max_size=3000),
                      hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      hostile_text.map(lambda t: t.encode("utf-16")),
                      st.binary(max_size=200).map(lambda b: b"\x89PNG" + b)),
       suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_read_article_takes_any_bytes(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("r") / f"a{suffix}"
    path.write_bytes(data)
    try:
        art = read_article(path, "a")
    except SkipFile as exc:
        assert str(exc)
        return
    assert art.title  # never an untitled article
    assert art.text.startswith(art.title)
    # Terminal-obeyed control characters never survive into what is shown.
    assert not any(ch in art.text for ch in "\x00\x07\x1b\x08")


@fast(150)
@given(front=st.dictionaries(st.sampled_from(["title", "source", "author", "published", "url", "date"]),
                             st.one_of(hostile_text, st.integers(), st.none(), st.lists(st.text(max_size=5)),
                                       st.dates().map(str))),
       raw_front=hostile_text, body=hostile_text, broken=st.booleans())
def test_markdown_reader_survives_any_front_matter(front, raw_front, body, broken):
    import yaml

    head = raw_front if broken else yaml.safe_dump(front, allow_unicode=True)
    fields = READERS["md"](f"---\n{head}\n---\n{body}")
    assert isinstance(fields["title"], str) and isinstance(fields["body"], str)
    assert "\n" not in fields["title"]


@fast(200)
@given(text=hostile_text)
def test_clean_text_is_idempotent_and_control_free(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\x1b" not in once and "\x00" not in once


# --------------------------------------------------------------------------- query path

QUERY_ALPHABET = list('"()[]{}:*?~^+-!&|\\/<>=,.\' \t') + ["AND", "OR", "NOT", "TO", "title:", "body:",
                                                          "published:", "entity:", "type:", "source:",
                                                          "lee", "korea", "é", "中", "🇰🇷", "\u202e", "~2",
                                                          "^3", "published:[2020 to", "2025-01-01", "*a*"]
queries = st.one_of(st.lists(st.sampled_from(QUERY_ALPHABET), max_size=12).map("".join),
                    st.text(max_size=30))


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    from briefing.config import Config
    from briefing.library import Library
    from tests.conftest import SEEDS

    root = tmp_path_factory.mktemp("prop")
    shutil.copytree(SEEDS, root / "corpus")
    lib = Library(Config(corpus=[str(root / "corpus")], index_dir=str(root / "ix")))
    lib.sync()
    yield lib
    lib.close()


@fast(500)
@given(q=queries)
def test_any_query_gives_results_or_one_clear_message(library, q):
    from briefing.search import QueryError

    try:
        results = library.search(q, limit=5)
    except QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message.strip() and "Traceback" not in message
        return
    for hit in results.hits:
        art = library.article(hit.id)
        for a, b in library.hit_spans(q, art):
            assert 0 <= a < b <= len(art.text)


# --------------------------------------------------------------------------- Markdown export


def _note(title: str, text: str, speaker: str):
    import datetime as dt

    from briefing.notes import Actor, KeyPoint, Note, Quote, Source, TimelineEntry
    from briefing.scope import Scope

    day = dt.date(2025, 1, 1)
    return Note(
        title=title, scope_line=title, generated=day, scope=Scope(title),
        key_points=[KeyPoint(text=text, citations=[1])],
        actors=[Actor(name=speaker, type="PERSON", mentions=1, citations=[1])],
        timeline=[TimelineEntry(date=day, label=title, text=text, citations=[1])],
        quotes=[Quote(text=text, speaker=speaker, citations=[1])],
        sources=[Source(n=1, article_id="a", title=title, source=speaker, author=text, published=day,
                        path="a.md", url=text)],
        article_count=1)


@fast(250)
@given(title=hostile_text, text=hostile_text, speaker=hostile_text)
def test_markdown_of_hostile_text_keeps_its_structure(title, text, speaker):
    from markdown_it import MarkdownIt

    from briefing.notes import render_markdown

    md = render_markdown(_note(title, text, speaker))
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    # exactly the note's own headings: nothing in the text became a heading
    assert headings[1:] == ["Key points", "Key actors", "Timeline", "Quotes", "Sources"]
    assert not any(t.type in ("link_open", "html_inline", "html_block", "code_inline", "fence")
                   for t in tokens for t in ([t] + list(t.children or [])))


# --------------------------------------------------------------------------- entities


@fast(500)
@given(text=hostile_text)
def test_entity_extractor_takes_any_text(text):
    store = _store()
    summary = store.extractor(clean_text(text))
    assert summary is not None


_STORE = []


def _store():
    import tempfile
    from pathlib import Path

    from briefing.entities import EntityStore

    if not _STORE:
        _STORE.append(EntityStore.open(Path(tempfile.mkdtemp(prefix="briefing-prop-")) / "e"))
    return _STORE[0]
