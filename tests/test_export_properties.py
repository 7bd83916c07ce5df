"""Property tests: notes rendered from articles full of Markdown metacharacters keep
their sections, and the article text survives parsing unchanged."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from briefing.corpus import Article
from briefing.notes import build_note, escape, render_markdown
from briefing.notes.markdown import curly_quotes
from briefing.scope import Scope

SECTIONS = ["Key points", "Key actors", "Timeline", "Quotes", "Sources"]
MD = MarkdownIt("commonmark").enable("table")
META = "|*#[]<>`_\\&!~-+=:().;\"'“”{}$%^@/"

plain_word = st.sampled_from(
    ["talks", "Seoul", "summit", "minister", "Korea", "trade", "peace", "alliance", "2024",
     "January", "said", "agreed", "policy", "the", "new", "Lee", "&amp;", "&#35;", "http://x.y",
     "<b>", "</div>", "[1]", "[x](y)", "**", "__", "```", "1.", "-", "#", ">", "|", "~~"])
meta_word = st.text(alphabet=META + "abcXYZ09", min_size=1, max_size=6)
word = st.one_of(plain_word, plain_word, meta_word)
sentence = st.lists(word, min_size=8, max_size=18).map(lambda ws: " ".join(ws) + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
quoted = st.tuples(st.lists(word, min_size=6, max_size=12), st.sampled_from(["Lee", "Kim", "Ana Costa"])).map(
    lambda t: f"“{' '.join(t[0])},” {t[1]} said.")
body = st.lists(st.one_of(paragraph, paragraph, quoted), min_size=2, max_size=6).map("\n\n".join)
title = st.lists(word, min_size=1, max_size=8).map(" ".join)


@st.composite
def articles(draw):
    n = draw(st.integers(min_value=1, max_value=4))
    out = []
    for i in range(n):
        published = draw(st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))))
        out.append(Article(
            id=f"a{i}", path=f"corpus/{draw(title)}.md", title=" ".join(draw(title).split()),
            body=draw(body), source=draw(st.sampled_from(["", "Wire | *News*", "<Daily>"])),
            author=draw(st.sampled_from(["", "Kim [ed.]", "_anon_"])), published=published,
            url=draw(st.sampled_from(["", "https://example.com/a?b=c&d=e", "javascript:alert(1)",
                                      "http://x/<y>"])),
        ))
    return out


def squash(text: str) -> str:
    return " ".join(text.split())


def shown(text: str) -> str:
    """Article text as a note shows it: one line, quote marks curly."""
    return squash(curly_quotes(text))


def sections(text):
    tokens = MD.parse(text)
    out, current = {}, None
    for i, t in enumerate(tokens):
        if t.type == "heading_open":
            current = tokens[i + 1].content if t.tag == "h2" else None
            if current:
                out[current] = []
        elif current and t.type == "inline" and tokens[i - 1].type != "heading_open":
            out[current].append(t)
    return out


def plain(inline):
    return "".join(c.content for c in inline.children if c.type in ("text", "softbreak"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(), st.lists(word, min_size=1, max_size=3))
def test_rendered_note_keeps_sections_and_text(arts, query):
    label = " ".join(query)
    note = build_note(arts, Scope(label), None, dt.date(2026, 3, 1), query_terms=query)
    text = render_markdown(note)
    tokens = MD.parse(text)
    heads = [(t.tag, plain(tokens[i + 1])) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert heads == [("h1", squash(note.title))] + [("h2", s) for s in SECTIONS]
    secs = sections(text)

    points = [plain(t) for t in secs["Key points"]]
    assert len(points) == max(1, len(note.key_points))
    for p, rendered in zip(note.key_points, points):
        assert rendered.startswith(shown(p.text))

    rows = [plain(t) for t in secs["Timeline"]]
    if note.timeline:
        # three header cells, then three cells per entry: the table did not break
        assert len(rows) == 3 + 3 * len(note.timeline)
        statements = rows[3 + 2::3]
        for e, cell in zip(note.timeline, statements):
            assert cell.startswith(shown(e.text))

    quotes = [plain(t) for t in secs["Quotes"]]
    for q, rendered in zip(note.quotes, quotes):
        assert rendered.startswith(f"“{shown(q.text)}”")

    sources = secs["Sources"]
    assert len(sources) == len(note.sources)
    for s, inline in zip(note.sources, sources):
        assert shown(s.title) in plain(inline)
        links = [c.attrs.get("href") for c in inline.children if c.type == "link_open"]
        assert all(h == s.url and h.startswith("https://") for h in links)

    # Nothing from an article became markup: no links, HTML or code outside Sources.
    for name in ("Key points", "Timeline", "Quotes"):
        for inline in secs[name]:
            kinds = {c.type for c in inline.children}
            assert not kinds & {"link_open", "html_inline", "code_inline", "em_open", "image"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_escape_round_trips_any_text(text):
    inline = MD.parseInline(escape(text))
    expected = squash(text)
    if not expected:
        return
    children = inline[0].children
    assert {c.type for c in children} <= {"text"}
    assert "".join(c.content for c in children) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=META + "ab ", min_size=1, max_size=30))
def test_escape_is_one_paragraph_at_line_start(text):
    if not squash(text):
        return
    tokens = MD.parse(escape(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert tokens[1].children[0].content == squash(text)
