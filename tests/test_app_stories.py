"""The app's stories: the Stories pane scopes the screen to one story, the sort key orders
the list by date, the source facet keeps one outlet, copies show once, grouping by story."""

from __future__ import annotations

import datetime as dt

from briefing.scope import Scope
from briefing.search import Hit
from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.list_order import StoryMap, arrange, next_sort
from briefing.tui.widgets.search_bar import SearchBar
from briefing.tui.widgets.source_facet import chosen_source, with_source, without_source
from briefing.tui.widgets.stories_pane import StoriesPane
from tests.app_support import make_app, screen_text, settle, sync
from tests.test_stories import _corpus

#: Indexing a few hundred files and grouping them takes a while on a loaded machine.
BUILD = 240.0


def _hit(aid: str, day: int | None, score: float = 0.0, source: str = "") -> Hit:
    return Hit(aid, aid, score, source=source, published=dt.date(2024, 1, day) if day else None)


def test_copies_fold_into_the_first_and_dates_sort_both_ways():
    stories = StoryMap(story_of={"a": "s1", "b": "s1", "c": "s2", "d": "s1"}, labels={"s1": "one", "s2": "two"},
                       copy_of={"b": "a"}, copies={"a": ["b"]})
    hits = [_hit("c", 3, 2.0), _hit("b", 1, 1.5, "Coast"), _hit("a", 1, 1.0, "Ledger"), _hit("d", None, 0.5)]
    rows = arrange(hits, "relevance", stories)
    # The copy came first in the ranking, so it stands for the pair, naming the other outlet.
    assert [r.hit.id for r in rows] == ["c", "b", "d"]
    assert rows[1].copies == ["a"] and rows[1].copy_sources == ["Ledger"]
    assert [r.hit.id for r in arrange(hits, "newest", stories)] == ["c", "b", "d"]
    assert [r.hit.id for r in arrange(hits, "oldest", stories)] == ["b", "c", "d"]  # undated last
    grouped = arrange(hits, "relevance", stories, grouped=True)
    assert [r.hit.id for r in grouped] == ["c", "b", "d"]
    assert [r.header for r in grouped] == ["two (1)", "one (3)", ""]
    # A listing scores every article alike: "relevance" is then newest first.
    flat = [_hit("x", 1), _hit("y", 5), _hit("z", 3)]
    assert [r.hit.id for r in arrange(flat)] == ["y", "z", "x"]
    assert next_sort("relevance", True) == "newest" and next_sort("newest", True) == "oldest"
    assert next_sort("oldest", True) == "relevance" and next_sort("relevance", False) == "oldest"


def test_source_terms_are_added_replaced_and_taken_away():
    assert with_source("flood", "Harbor Wire") == 'flood source:"Harbor Wire"'
    assert with_source('flood source:"Harbor Wire"', "Coast Times") == 'flood source:"Coast Times"'
    assert with_source('flood source:"Harbor Wire"', None) == "flood"
    assert chosen_source('x source:"Radio North"') == "Radio North"
    assert chosen_source("source:a source:b") is None
    assert without_source('source:"A B" levee') == "levee"


def _ids(app) -> set[str]:
    """Every article the list shows, the copies folded into a row included."""
    lst = app.query_one(ArticleList)
    return {i for h in lst.hits for i in (h.id, *lst.rows[h.id].copies)}


async def _open_stories(pilot) -> StoriesPane:
    await pilot.press("S")
    await settle(pilot)
    return pilot.app.query_one(StoriesPane)


@sync
async def test_enter_on_a_story_scopes_everything_to_exactly_its_articles(tmp_path):
    """End to end at a realistic size: 220 articles on four stories, 20 of them copies."""
    root = tmp_path / "corpus"
    root.mkdir()
    topic_of = _corpus(root, per_topic=50, copies=20)
    app = make_app(corpus=[str(root)])
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, timeout=BUILD)
        pane = await _open_stories(pilot)
        stories = app.library.stories()
        assert len(pane.stories) == 4 == len(stories)
        assert "All 4 stories" in screen_text(app) and "220 articles" in screen_text(app)
        # A story with a copy folded in, chosen by moving down to it (the first row is
        # "all stories").
        place, target = next((i, s) for i, s in enumerate(stories) if any(a.copies for a in s.articles))
        await pilot.press(*["j"] * (place + 1), "enter")
        await settle(pilot)
        assert app.scope == Scope(story=target.id)
        assert _ids(app) == target.article_ids
        lst = app.query_one(ArticleList)
        assert len(lst.hits) == len(target.articles)  # each copy shown once, in its article's row
        # The list is newest first, and the reader shows the row the cursor is on.
        assert lst.hits[0].published == max(a.published for a in target.articles)
        assert app.main.reader.article.id == lst.current_id() == lst.hits[0].id
        assert lst.border_title == f"Articles · {len(target.article_ids)}"
        assert target.label.split(" · ")[0] in screen_text(app)
        # Each copy is one row with its original, the row naming the other outlet.
        folded = [h for h in lst.hits if lst.rows[h.id].copies]
        assert len(folded) == sum(1 for a in target.articles if a.copies)
        for h in folded:
            prompt = lst.get_option(h.id).prompt.plain
            assert "+1 copy" in prompt and all(s in prompt for s in lst.rows[h.id].copy_sources)
        # The note follows the scope: its sources are the story's articles only.
        await pilot.press("b")
        await settle(pilot)
        assert app.main.notes.note_scope == Scope(story=target.id)
        # Esc goes back to the whole corpus.
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.scope == Scope()
        assert len(_ids(app)) == len(topic_of)


@sync
async def test_the_sort_key_reverses_the_order_by_date(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    _corpus(root, per_topic=10, copies=0)
    app = make_app(corpus=[str(root)])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, timeout=BUILD)
        lst = app.query_one(ArticleList)

        def dates():
            return [h.published for h in lst.hits]

        newest = dates()
        assert newest == sorted(newest, reverse=True) and lst.border_subtitle == "newest"
        reading = lst.current_id()
        await pilot.press("s")
        assert dates() == sorted(newest) and lst.border_subtitle == "oldest"
        first = lst.hits[0]
        assert lst.current_id() == reading  # the cursor stays on the article it was on
        await pilot.press("s")
        assert dates() == newest
        # A search is ranked: best match, newest first, oldest first, best match.
        await pilot.press("slash")
        app.query_one(SearchBar).value = "river levee"
        await pilot.press("enter")
        await settle(pilot)
        ranked = [h.id for h in lst.hits]
        assert lst.border_subtitle == "best match" and len(ranked) > 3
        await pilot.press("s")
        assert lst.border_subtitle == "newest" and dates() == sorted(dates(), reverse=True)
        await pilot.press("s")
        assert lst.border_subtitle == "oldest" and dates() == sorted(dates())
        await pilot.press("s")
        assert [h.id for h in lst.hits] == ranked
        assert first.published == min(newest)


@sync
async def test_the_source_facet_keeps_one_source(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    _corpus(root, per_topic=10, copies=0)
    app = make_app(corpus=[str(root)])
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, timeout=BUILD)
        pane = await _open_stories(pilot)
        facet = pane.facet
        counts = dict(facet.counts)
        assert sum(counts.values()) == 40 and len(counts) > 2
        facet.focus()
        await pilot.press("home", "down")  # the heading is passed over: the second source
        await settle(pilot)
        name, n = facet.counts[1]
        await pilot.press("enter")
        await settle(pilot)
        lst = app.query_one(ArticleList)
        assert {h.source for h in lst.hits} == {name} and len(lst.hits) == n
        assert app.query_one(SearchBar).value == f'source:"{name}"'
        # Every source stays on offer, the chosen one marked.
        assert dict(facet.counts) == counts and facet.selected == name
        assert f"●{name}" in screen_text(app)
        await pilot.press("enter")  # the same source again: every source
        await settle(pilot)
        assert len(lst.hits) == 40 and app.query_one(SearchBar).value == ""


@sync
async def test_grouping_by_story_keeps_each_story_together(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    _corpus(root, per_topic=6, copies=2)
    app = make_app(corpus=[str(root)])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, timeout=BUILD)
        await pilot.press("v")
        lst = app.query_one(ArticleList)
        story_of = lst.stories.story_of
        order = [story_of[h.id] for h in lst.hits]
        runs = [s for i, s in enumerate(order) if i == 0 or order[i - 1] != s]
        assert len(runs) == len(set(order)) == 4
        assert sum(1 for h in lst.hits if lst.rows[h.id].header) == 4
        assert "by story" in lst.border_subtitle
        assert "▍" in screen_text(app)
        await pilot.press("v")
        assert not any(lst.rows[h.id].header for h in lst.hits)
