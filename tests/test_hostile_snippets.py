"""Issue 15, finding 5 (snippets and highlights): an article with tens of thousands of hits
gets its snippet in one pass over the hits, and marks at most MAX_SPANS of them."""

from __future__ import annotations

import json
import random
import re
import subprocess

from briefing.search.analysis import term
from briefing.search.highlight import MAX_SPANS, Highlighter, make_snippet

from tests.test_hostile_output import _console_script


class CountingSpans(list):
    """A list of spans that counts how often it is walked from the start."""

    walks = 0

    def __iter__(self):
        CountingSpans.walks += 1
        return super().__iter__()


def _reference_snippet(text, spans, width):
    """make_snippet as it was (every hit compared with every other): the choice of window
    must not change, only its cost."""
    best, best_count = spans[0][0], 0
    for a, _ in spans:
        count = sum(1 for x, _ in spans if a <= x < a + width)
        if count > best_count:
            best, best_count = a, count
    start = max(0, best - width // 4)
    para_start = text.rfind("\n", 0, start) + 1
    if start - para_start < width // 3:
        start = para_start
    elif start > 0:
        m = re.search(r"\s", text[start:])
        start = start + m.end() if m and m.end() < 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start + width // 2, end)
        end = cut if cut > 0 else end
    prefix = "…" if start > 0 and text[start - 1] != "\n" else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    marks = [(max(a, start) + shift, min(b, end) + shift) for a, b in spans if b > start and a < end]
    return prefix + text[start:end].replace("\n", " ") + suffix, marks


def test_snippet_walks_the_hits_a_fixed_number_of_times():
    text = " ".join(["seoul talks"] * 20_000)
    spans = CountingSpans((i * 12, i * 12 + 5) for i in range(20_000))
    CountingSpans.walks = 0
    snippet, marks = make_snippet(text, spans)
    # Comparing every hit with every other walked the list 20,001 times (9.7 s).
    assert CountingSpans.walks <= 3
    assert snippet.startswith("seoul talks") and marks[0] == (0, 5)


def test_snippet_picks_the_densest_window_as_before():
    rng = random.Random(15)
    for _ in range(300):
        text = "".join(rng.choice("abc  \n") for _ in range(3000))
        starts = sorted(rng.sample(range(2900), rng.randint(1, 80)))
        spans, last = [], -1
        for a in starts:
            if a >= last:
                spans.append((a, a + rng.randint(1, 6)))
                last = spans[-1][1]
        width = rng.choice((40, 180))
        assert make_snippet(text, spans, width) == _reference_snippet(text, spans, width)


def test_marks_per_article_are_capped():
    hl = Highlighter(frozenset({term("seoul")}))
    spans = hl.spans("seoul " * (MAX_SPANS * 3))
    assert len(spans) == MAX_SPANS
    assert spans[0] == (0, 5) and spans[-1][0] == (MAX_SPANS - 1) * 6
    phrase = Highlighter(frozenset(), (("seoul", "talk"),))
    assert len(phrase.spans("Seoul talks. " * (MAX_SPANS + 50))) == MAX_SPANS


def test_search_over_an_article_of_20000_hits(tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    for n in range(300):
        (corpus / f"p{n:03d}.txt").write_text(f"Plain {n}\n\nTalks in Seoul went on for day {n}.\n", encoding="utf-8")
    (corpus / "many.txt").write_text("Seoul many\n\n" + " ".join(["seoul talks"] * 20_000) + "\n", encoding="utf-8")
    proc = subprocess.run([_console_script(), "--corpus", str(corpus), "search", "seoul", "--json", "--limit", "400"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    hits = {h["id"]: h for h in json.loads(proc.stdout)}
    assert len(hits) == 301
    assert hits["many"]["hits"] == MAX_SPANS
    assert hits["many"]["snippet"].startswith("seoul talks seoul")
    assert hits["p007"]["hits"] == 1
