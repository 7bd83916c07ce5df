"""`r` in the app: feeds fetched in a worker against a real local server, progress in the
status line, new articles listed once indexed, a failing feed in a notification."""

from __future__ import annotations

import yaml

from briefing.feeds import subscriptions as subs_mod
from tests.app_support import make_app, screen_text, settle, sync
from tests.feeds_server import FeedServer, Route
from tests.test_feeds import PARAS_A, page, rss


async def _wait(pilot, done, timeout: float = 30.0) -> bool:
    waited = 0.0
    while not done() and waited < timeout:
        await pilot.pause(0.05)
        waited += 0.05
    return done()


def _setup(tmp_path, server, keys=None):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "own.md").write_text("---\ntitle: Lighthouse open day\n---\n\nThe lighthouse opens to visitors on Sunday.\n")
    server.routes["/rss.xml"] = Route(rss(server.base, [("Council backs breakwater rebuild", "/a.html", "x")]),
                                      content_type="application/rss+xml")
    server.routes["/a.html"] = Route(page("Council backs breakwater rebuild", PARAS_A))
    server.routes["/broken.xml"] = Route("this is not a feed", content_type="text/plain")
    subs_mod.save([subs_mod.Subscription("gazette", server.url("/rss.xml")),
                   subs_mod.Subscription("broken", server.url("/broken.xml"))])
    cfg = tmp_path / "config.yaml"
    cfg.write_text(yaml.safe_dump({"corpus": [str(corpus)], "feeds": {"timeout": 3}, "keys": keys or {}}))
    return cfg


@sync
async def test_r_fetches_feeds_and_lists_the_new_article(tmp_path, isolated_dirs):
    with FeedServer() as server:
        app = make_app(_setup(tmp_path, server))
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await settle(pilot)
            assert "Council backs breakwater" not in screen_text(app)
            seen = []
            status = app.screen.status
            real_set = status.set

            def recording_set(**fields):
                real_set(**fields)
                seen.append(status.feeds)

            status.set = recording_set
            await pilot.press("r")
            ok = await _wait(pilot, lambda: status.feeds.startswith("fetched"))
            assert ok, (seen[-3:], screen_text(app)[-600:])
            assert any(s.startswith("fetching ") and " feeds · " in s for s in seen)
            assert status.feeds == "fetched · 1 new"
            assert await _wait(pilot, lambda: "Council backs breakwater" in screen_text(app))
            text = screen_text(app)
            assert "broken" in text and "not a feed" in text  # the failing feed's line, as a toast
            assert "Lighthouse open day" in text  # the rest of the app is as it was


@sync
async def test_fetch_key_is_remappable_and_in_the_footer(tmp_path, isolated_dirs):
    with FeedServer() as server:
        app = make_app(_setup(tmp_path, server, keys={"fetch_feeds": "ctrl+f"}))
        async with app.run_test(size=(160, 36), notifications=True) as pilot:
            await settle(pilot)
            assert "Fetch feeds" in screen_text(app)
            await pilot.press("r")
            await pilot.pause(0.3)
            assert not server.requests
            await pilot.press("ctrl+f")
            assert await _wait(pilot, lambda: app.screen.status.feeds.startswith("fetched"))
            assert server.seen("/rss.xml")


@sync
async def test_a_feed_is_listed_while_a_slow_one_still_loads(tmp_path, isolated_dirs):
    with FeedServer() as server:
        cfg = _setup(tmp_path, server)
        server.routes["/slow.xml"] = Route(hang=60)
        # The slow feed first: fetched in the order given, it held back every later feed.
        subs_mod.save([subs_mod.Subscription("slow", server.url("/slow.xml")),
                       subs_mod.Subscription("gazette", server.url("/rss.xml"))])
        app = make_app(cfg)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("r")
            try:
                listed = await _wait(pilot, lambda: "Council backs breakwater" in screen_text(app))
                assert listed, screen_text(app)[-600:]
                assert app.screen.status.feeds.startswith("fetching 1/2 feeds"), app.screen.status.feeds
            finally:
                server.release.set()
            assert await _wait(pilot, lambda: app.screen.status.feeds.startswith("fetched"))
