"""Key points by concept coverage: the facts many articles share, once each, in the
word budget, verbatim, without wire datelines, and clean when pasted as Markdown.

The corpus is written here: a made-up flood story told by three outlets in wire style."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from briefing.corpus import Article
from briefing.notes import build_note, render_markdown
from briefing.notes.concepts import DANGLING, stand_alone, starts_with_dateline
from briefing.notes.markdown import cite, curly_quotes, escape, show
from briefing.scope import Scope
from briefing.text.sentences import split_sentences

MD = MarkdownIt("commonmark").enable("table")
SOURCES = ["Northern Wire", "Daily Ledger", "Valley Gazette"]
DATELINES = ["RIVERTON, March {d} (Northern Wire) -- ", "RIVERTON, Marlow Co. (DL) _ ", "FENWICK — "]
# Each fact in a few wordings, so that articles share its concepts without copying it.
FACTS = {
    "dam": ["The Riverton dam on the Calder River failed on Tuesday after three days of heavy rain, flooding 400 homes.",
            "The Riverton dam on the Calder River gave way on Tuesday after heavy rain, flooding 400 homes downstream.",
            "Heavy rain brought down the Riverton dam on the Calder River on Tuesday, flooding 400 homes."],
    "emergency": ["Governor Ana Ruiz declared a state of emergency in Marlow County on Wednesday.",
                  "On Wednesday Governor Ana Ruiz declared a state of emergency in Marlow County.",
                  "Marlow County is under a state of emergency declared by Governor Ana Ruiz."],
    "spillway": ["Engineers had warned in 2019 that the dam's spillway needed urgent repairs.",
                 "State engineers warned in 2019 that the spillway of the dam needed urgent repairs.",
                 "A 2019 inspection by engineers found the spillway needed urgent repairs."],
    "evacuated": ["About 2,000 residents were evacuated to schools in nearby Fenwick.",
                  "Some 2,000 residents were evacuated to schools in Fenwick overnight.",
                  "Nearly 2,000 residents were evacuated to schools in Fenwick and Alder."],
}
FERRY = "A ferry service across the flooded valley resumed on Friday with two boats."
SYLLABLES = ("ka", "lo", "mi", "ren", "tas", "vo", "bri", "dun", "el", "fa", "gor", "hil", "ju", "nem")


def _filler(rng: random.Random) -> str:
    """A sentence of the article's own: made-up words no other article uses."""
    words = ["".join(rng.choice(SYLLABLES) for _ in range(4)) for _ in range(7)]
    return " ".join(words).capitalize() + "."


def flood_corpus(n: int = 30, seed: int = 5) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        facts = rng.sample(list(FACTS), 3)
        first = FACTS[facts[0]][i % 3]
        sentences = [DATELINES[i % 3].format(d=10 + i % 5) + first]
        sentences += [rng.choice(FACTS[f]) for f in facts[1:]]
        sentences.insert(2, "But officials said the water was falling by Thursday morning.")
        if i % 5 == 0:
            sentences.append(FERRY)
        sentences += [_filler(rng) for _ in range(3)]
        body = "\n\n".join(" ".join(sentences[k:k + 2]) for k in range(0, len(sentences), 2))
        out.append(Article(
            id=f"flood-{i:03d}", path=f"flood/{i:03d}.md", title=f"Flood report {i}", body=body,
            source=SOURCES[i % 3], published=dt.date(2026, 3, 10) + dt.timedelta(days=i % 5),
        ))
    return out


@pytest.fixture(scope="module")
def arts():
    return flood_corpus()


def _note(arts, **kw):
    return build_note(arts, Scope("flood"), None, dt.date(2026, 3, 20), **kw)


def _article(arts, aid):
    return next(a for a in arts if a.id == aid)


def test_points_are_verbatim_and_drop_the_dateline(arts):
    note = _note(arts)
    assert note.key_points
    for p in note.key_points:
        first = p.evidence[0]
        assert _article(arts, first.article_id).text[first.start:first.end] == p.text
        assert not starts_with_dateline(p.text), p.text
        assert not re.match(r"[A-Z]{3,}[ ,]", p.text), p.text


def test_the_shared_facts_come_once_each_citing_several_articles(arts):
    # Four facts of 11-19 words each: a budget that holds them and little more.
    note = _note(arts, key_points_words=70)
    texts = [p.text for p in note.key_points]
    for marker in ("Calder River", "state of emergency", "2,000 residents"):
        holding = [t for t in texts if marker in t]
        assert len(holding) == 1, (marker, texts)
    dam = next(p for p in note.key_points if "Calder River" in p.text)
    assert len(dam.citations) >= 2


def test_a_but_sentence_only_follows_the_sentence_it_leans_on(arts):
    note = _note(arts, key_points_words=400)
    by_id = {a.id: split_sentences(a) for a in arts}
    for k, p in enumerate(note.key_points):
        if not DANGLING.match(p.text):
            continue
        ev = p.evidence[0]
        sentences = by_id[ev.article_id]
        mine = next(s for s in sentences if s.start <= ev.start < s.end)
        before = sentences[mine.index - 1]
        assert k > 0 and note.key_points[k - 1].evidence[0].article_id == ev.article_id
        prev = note.key_points[k - 1].evidence[0]
        assert before.start <= prev.start < before.end


def test_the_word_budget_bounds_the_points(arts):
    small = _note(arts, key_points_words=40)
    large = _note(arts, key_points_words=250)
    assert 1 <= len(small.key_points) < len(large.key_points)
    assert sum(len(p.text.split()) for p in small.key_points) <= 40
    assert sum(len(p.text.split()) for p in large.key_points) <= 250


def test_the_query_brings_in_the_fact_it_names(arts):
    # A minor fact (a fifth of the articles) in a budget the main facts nearly fill.
    plain = _note(arts, key_points_words=80)
    asked = _note(arts, key_points_words=80, query_terms=["ferry"])
    assert not any("ferry" in p.text for p in plain.key_points)
    assert any("ferry" in p.text for p in asked.key_points)


@pytest.mark.parametrize("text, rest", [
    ("MOSCOW, August 17 (Xinhua) -- Talks on the pipeline resumed in the capital.", "Talks on the pipeline"),
    ("BOSTON (AP) -- A man was arrested after a long search.", "A man was arrested"),
    ("WASHINGTON _ The Senate passed the budget bill late on Friday.", "The Senate passed"),
    ("NEW YORK — Stocks fell sharply for a third day in a row.", "Stocks fell"),
])
def test_datelines_are_cut_at_their_offsets(text, rest):
    art = Article(id="a", path="a.md", title="T", body=text)
    s = next(s for s in split_sentences(art) if not s.heading)
    kept = stand_alone(s)
    assert kept is not None and kept.text.startswith(rest)
    assert art.text[kept.start:kept.end] == kept.text


@pytest.mark.parametrize("text", [
    "NATO said on Monday that the exercise would go ahead as planned.",
    "U.S. officials -- speaking on condition of anonymity -- confirmed the visit.",
])
def test_sentences_without_a_dateline_stay_whole(text):
    art = Article(id="a", path="a.md", title="T", body=text)
    s = next(s for s in split_sentences(art) if not s.heading)
    assert stand_alone(s) == s


def test_half_a_quotation_is_no_point():
    art = Article(id="a", path="a.md", title="T",
                  body="“We must move on from the past and look ahead. We will,” the minister said.")
    first = next(s for s in split_sentences(art) if not s.heading)
    assert stand_alone(first) is None


# --------------------------------------------------------------------------- Markdown


def _inline_text(markdown: str) -> str:
    tokens = MD.parse(markdown)
    inline = next(t for t in tokens if t.type == "inline")
    return "".join(c.content for c in inline.children if c.type == "text")


def test_ordinary_punctuation_shows_no_backslash():
    for text in ["WASHINGTON _ The vote is on.", "Profits rose 5 * 2 times.", "Rates ~ 3% a year.",
                 "Smith & Sons said 3 < 4.", "A \\ B"]:
        assert "\\" not in escape(text).replace("A \\ B", ""), escape(text)
        assert _inline_text(escape(text)) == text


def test_markup_in_article_text_stays_text():
    for text in ["see *this* and _that_", "a [link](http://x)", "<b>bold</b>", "`code`", "~~gone~~"]:
        tokens = MD.parseInline(escape(text))[0].children
        assert [t.type for t in tokens] == ["text"] and tokens[0].content == text


def test_wire_quote_marks_become_curly_and_citations_ascend():
    assert curly_quotes("``We will rebuild,'' she said.") == "“We will rebuild,” she said."
    assert curly_quotes('He said "no" and `maybe\' then.') == "He said “no” and ‘maybe’ then."
    assert curly_quotes("the town's dam") == "the town’s dam"
    assert cite([3, 1, 2, 1]) == "[1][2][3]"


def test_rendered_key_points_read_as_the_app_shows_them(arts):
    wire = [Article(id=f"w{i}", path=f"w{i}.md", title=f"W {i}", source=SOURCES[i % 3],
                    body="WASHINGTON _ ``The levee will hold,'' the mayor said on Monday night. "
                         "The levee was raised by two metres in 2021 with federal money.")
            for i in range(4)]
    note = build_note(wire + arts[:6], Scope("levee"), None, dt.date(2026, 3, 20))
    markdown = render_markdown(note)
    section = markdown.split("## Key points", 1)[1].split("## ", 1)[0]
    items = [line[2:] for line in section.splitlines() if line.startswith("- ")]
    assert items and len(items) == len(note.key_points)
    for p, line in zip(note.key_points, items):
        # The corroboration line after the citations is the stories section's.
        line = re.sub(r"(?<=\]) \(.*\)$", "", line)
        text = _inline_text(line)
        assert text == f"{' '.join(curly_quotes(p.text).split())} {cite(p.citations)}"
        assert "\\" not in text and "``" not in text and "''" not in text
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", text)]
        assert numbers == sorted(numbers)
        assert line == f"{show(p.text)} {cite(p.citations)}"


# --------------------------------------------------------------------------- end to end


def _briefing() -> list[str]:
    script = Path(sys.executable).with_name("briefing")
    if script.exists():
        return [str(script)]
    found = shutil.which("briefing")
    return [found] if found else [sys.executable, "-m", "briefing"]


def test_export_of_hundreds_of_wire_files_keeps_the_configured_budget(tmp_path):
    corpus = tmp_path / "flood"
    corpus.mkdir()
    for a in flood_corpus(240, seed=9):
        corpus.joinpath(Path(a.path).name).write_text(
            f"---\ntitle: \"{a.title}\"\nsource: {a.source}\npublished: {a.published.isoformat()}\n---\n\n{a.body}\n",
            encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(f"corpus: [{corpus}]\nnotes:\n  key_points_words: 60\n", encoding="utf-8")
    proc = subprocess.run([*_briefing(), "--config", str(config), "export", "--query", "dam OR rain"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    section = proc.stdout.split("## Key points", 1)[1].split("## ", 1)[0]
    items = [re.sub(r"(?<=\]) \(.*\)$", "", _inline_text(line[2:]))
             for line in section.splitlines() if line.startswith("- ")]
    assert items
    points = [re.sub(r"(?: \[\d+\])+$|(?:\[\d+\])+$", "", t).strip() for t in items]
    assert sum(len(p.split()) for p in points) <= 60
    assert any("Calder River" in p for p in points)
    for p in points:
        assert not re.match(r"[A-Z]{3,}[ ,]", p), p
        assert "\\" not in p


def test_the_budget_must_be_a_positive_number(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("notes:\n  key_points_words: 0\n", encoding="utf-8")
    proc = subprocess.run([*_briefing(), "--config", str(config), "export"], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "notes.key_points_words" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
