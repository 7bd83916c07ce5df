"""A 4 MB article in the reader: the app opens it, shows its first screenful, jumps
between its hits and still quits on q (the reader wraps and styles only what shows)."""

from __future__ import annotations

import random

from briefing.config import load_config
from briefing.library import Library
from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.reader import Reader
from briefing.tui.widgets.reader_text import wrap_rows
from briefing.tui.widgets.search_bar import SearchBar
from tests.app_support import make_app, screen_text, settle, sync

WORDS = ("harbour", "council", "ferry", "minister", "budget", "river", "school", "market", "storm", "bridge",
         "tuesday", "report", "village", "museum", "station", "election", "farmers", "festival")


def _paragraph(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    words[rng.randrange(n)] = "zeppelin"
    return " ".join(words).capitalize() + "."


def _corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rng = random.Random(15)
    for i in range(40):
        (corpus / f"small-{i:02d}.txt").write_text(
            f"Small article {i} about the harbour\n\n" + "\n\n".join(_paragraph(rng, 60) for _ in range(5)),
            encoding="utf-8")
    paragraphs = []
    size = 0
    while size < 4 * 1024 * 1024:
        p = _paragraph(rng, 150)
        paragraphs.append(p)
        size += len(p) + 2
    (corpus / "huge.txt").write_text("The enormous harbour dossier\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    return corpus


@sync
async def test_a_4_mb_article_opens_jumps_between_hits_and_q_still_quits(tmp_path, isolated_dirs):
    corpus = _corpus(tmp_path)
    lib = Library(load_config(None, [str(corpus)]))
    lib.sync()  # indexed beforehand, so the test is about reading it, not building
    lib.close()
    app = make_app(corpus=[str(corpus)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, timeout=120)
        await pilot.press("slash")
        app.query_one(SearchBar).value = "zeppelin dossier"
        await pilot.press("enter")
        await settle(pilot, timeout=120)
        lst = app.query_one(ArticleList)
        assert lst.option_count >= 1
        await pilot.press("enter")
        await settle(pilot, timeout=120)
        reader = app.query_one(Reader)
        assert reader.article is not None and reader.article.id == "huge"
        assert len(reader.article.text) > 4_000_000 and len(reader.hits) > 100
        assert "The enormous harbour dossier" in screen_text(app)
        await pilot.press("n", "n", "n")
        await pilot.pause()
        assert reader.current == 2
        start, _ = reader.hits[2]
        shown = screen_text(app)
        assert "zeppelin" in shown.lower()
        assert reader.scroll_y > 0 and reader.line_of(start) >= reader.scroll_y
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


def test_rows_break_after_the_last_space_that_fits_and_fold_long_words():
    text = "one two three four\n\nabcdefghijklmnop end"
    rows = [text[a:b] for a, b in wrap_rows(text, 9)]
    assert rows == ["one two ", "three ", "four", "", "abcdefghi", "jklmnop ", "end"]
    # Every character sits in exactly one row, in order: offsets map back to the text.
    spans = wrap_rows(text, 9)
    assert all(a <= b for a, b in spans) and all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


def test_double_width_characters_take_two_cells_a_row():
    rows = wrap_rows("東京 大阪 名古屋", 6)
    assert [("東京 大阪 名古屋")[a:b].rstrip() for a, b in rows] == ["東京", "大阪", "名古屋"]
