"""Rows the search left without a snippet get theirs when they come into view."""

from __future__ import annotations

import random
import re

from briefing.config import load_config
from briefing.library import BROWSE_SNIPPETS, Library
from briefing.tui.widgets.article_list import ArticleList
from tests.app_support import make_app, screen_text, settle, sync
from tests.test_app import search


@sync
async def test_a_row_far_down_the_results_gets_its_snippet_when_the_cursor_reaches_it(tmp_path, isolated_dirs):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rng = random.Random(18)
    words = [f"{a}{b}" for a in ("har", "fer", "gul", "dun", "mar", "tol", "bre", "kin") for b in
             ("bour", "ry", "ling", "dee", "ket", "ston", "wick", "more", "ford", "ham")]
    for i in range(BROWSE_SNIPPETS + 150):
        # Different words in each, so none is folded as a copy of another.
        body = " ".join(rng.choice(words) for _ in range(80))
        (corpus / f"a{i:03d}.txt").write_text(f"Report number {i}\n\n{body} lighthouse {body[:200]}\n",
                                              encoding="utf-8")
    lib = Library(load_config(None, [str(corpus)]))
    lib.sync()
    lib.close()
    app = make_app(corpus=[str(corpus)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, timeout=60)
        await search(pilot, "lighthouse")
        lst = app.query_one(ArticleList)
        assert len(lst.hits) > BROWSE_SNIPPETS + 100
        far = lst.hits[BROWSE_SNIPPETS + 100]
        assert not far.snippet and lst.hits[0].snippet  # the search made only the first rows'

        # Scrolled halfway down the rows built so far (the wheel, not the cursor): the rows
        # on screen get theirs, not rows as far down the whole result list.
        lst.scroll_to(y=lst.max_scroll_y // 2, animate=False)
        await settle(pilot)
        by_number = {int(h.title.split()[-1]): h for h in lst.hits}
        on_screen = sorted(int(n) for n in re.findall(r"Report number (\d+)", screen_text(app)))
        middle = on_screen[len(on_screen) // 2]  # (the reader shows one title too)
        assert len(on_screen) > 3 and middle > lst.rows_in_view(), on_screen
        assert "lighthouse" in by_number[middle].snippet, (on_screen, middle)
        lst.focus()
        lst.highlight_id(far.id)
        lst.highlighted = BROWSE_SNIPPETS + 100
        await settle(pilot)
        assert "lighthouse" in far.snippet and far.hits == 1
        # Rows still out of view stay without one: nothing is computed for them.
        assert not lst.hits[-1].snippet

