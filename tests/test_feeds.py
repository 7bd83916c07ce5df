"""Feeds against a real HTTP server on 127.0.0.1: RSS, Atom and OPML it serves, article
pages written here, the front matter saved, conditional re-fetches, and each bad input."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
import yaml

from briefing.config import load_config
from briefing.corpus.frontmatter import split_front
from briefing.feeds import subscriptions as subs_mod
from briefing.feeds.run import fetch_all
from tests.feeds_server import FeedServer, Route

MODIFIED = "Tue, 01 Dec 2026 08:00:00 GMT"


def page(title: str, paras: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"""<!doctype html><html><head><title>{title} | The Harbour Gazette</title>
<meta name="author" content="Mara Quell"></head><body>
<nav><a href="/">Home</a> <a href="/world">World news section</a> <a href="/sport">Sport pages</a></nav>
<div class="cookie">We use cookies to improve your experience. Accept all cookies</div>
<article><h1>{title}</h1><p class="byline">By Mara Quell</p>{body}
<figure><img src="x.jpg"><figcaption>Caption: the quay at dawn, photographed from the ferry</figcaption></figure>
<p><a href="/more">Read more: other stories from the quay</a></p></article>
<aside class="related"><h3>Related articles</h3><ul><li><a href="/r1">Lighthouse keeper retires after forty years</a></li></ul></aside>
<footer>Copyright The Harbour Gazette. All rights reserved.</footer></body></html>"""


PARAS_A = ["The harbour council voted on Tuesday to rebuild the northern breakwater before the winter storms arrive.",
           "Engineers told the council that the old stones had shifted by almost a metre since the spring survey.",
           "Fishing crews welcomed the decision, saying the current wall no longer protects the inner moorings."]
PARAS_B = ["A new ferry timetable starts next month, adding two early crossings for commuters to the mainland.",
           "The operator said the change follows a survey in which most passengers asked for a departure before seven.",
           "Island shop owners hope the extra sailings will bring deliveries of fresh produce earlier in the day."]


def rss(base: str, items: list[tuple[str, str | None, str]]) -> str:
    rows = "".join(
        f"<item><title>{t}</title>" + (f"<link>{base}{link}</link>" if link else "") +
        f'<guid isPermaLink="false">{base}/guid/{i}</guid>'
        f"<description>{d}</description>"
        f"<pubDate>Mon, 30 Nov 2026 0{i}:00:00 GMT</pubDate><author>desk@example.org (News Desk)</author></item>"
        for i, (t, link, d) in enumerate(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>{rows}</channel></rss>'


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Island Post</title><id>urn:island</id><updated>2026-11-30T10:00:00Z</updated>
<entry><title>Ferry timetable adds early crossings</title><id>urn:island:1</id>
<link href="{base}/b.html"/><updated>2026-11-30T10:00:00Z</updated><author><name>Tove Rask</name></author>
<summary>Two early crossings.</summary></entry></feed>"""


@pytest.fixture
def no_outside(monkeypatch):
    """Every connection is recorded; one to anywhere but 127.0.0.1 fails as with no network."""
    made = []
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        if address[0] != "127.0.0.1":
            raise socket.gaierror(-3, "Temporary failure in name resolution")
        made.append(address[0])
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    yield made
    assert made and set(made) == {"127.0.0.1"}


@pytest.fixture
def server():
    with FeedServer() as srv:
        yield srv


def make_config(tmp_path, **feeds):
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    cfg = tmp_path / "config.yaml"
    cfg.write_text(yaml.safe_dump({"corpus": [str(corpus)], "feeds": {"timeout": 2, **feeds}}))
    return load_config(cfg)


def subscribe(*pairs):
    subs = [subs_mod.Subscription(name, url) for name, url in pairs]
    subs_mod.save(subs)
    return subs


def saved(config, name):
    folder = subs_mod.folder_for(subs_mod.Subscription(name, ""), config)
    return {p.name: split_front(p.read_text(), []) for p in sorted(folder.glob("*.md"))}


def serve_good(server):
    b = server.base
    server.routes["/rss.xml"] = Route(rss(b, [("Council backs &lt;b&gt;breakwater&lt;/b&gt; rebuild", "/a.html", "Short teaser.")]),
                                      content_type="application/rss+xml", etag='"v1"')
    server.routes["/atom.xml"] = Route(atom(b), content_type="application/atom+xml", modified=MODIFIED)
    server.routes["/a.html"] = Route(page("Council backs breakwater rebuild", PARAS_A))
    server.routes["/b.html"] = Route(page("Ferry timetable adds early crossings", PARAS_B))


def test_rss_and_atom_items_saved_with_front_matter(tmp_path, server, no_outside):
    serve_good(server)
    config = make_config(tmp_path)
    report = fetch_all(config, subscribe(("gazette", server.url("/rss.xml")), ("island", server.url("/atom.xml"))))
    assert [len(f.saved) for f in report.feeds] == [1, 1], report.lines()
    (name, (meta, body)), = saved(config, "gazette").items()
    assert name == "2026-11-30-council-backs-breakwater-rebuild.md"
    assert meta["title"] == "Council backs breakwater rebuild"  # the markup in the feed's title is gone
    assert meta["url"] == server.url("/a.html")
    assert meta["source"] == "Harbour Gazette"
    assert meta["published"].startswith("2026-11-30")
    assert meta["author"]
    for p in PARAS_A:
        assert p in body
    for junk in ("cookies", "Read more", "Caption", "Related articles", "Sport pages", "Copyright"):
        assert junk not in body
    (meta_b, body_b), = saved(config, "island").values()
    assert meta_b["author"] == "Tove Rask" and meta_b["source"] == "Island Post"
    assert PARAS_B[1] in body_b
    assert all(h["user-agent"].startswith("briefing/") for _, h in server.requests)


def test_second_fetch_is_conditional_and_saves_nothing(tmp_path, server, no_outside):
    serve_good(server)
    config = make_config(tmp_path)
    subs = subscribe(("gazette", server.url("/rss.xml")), ("island", server.url("/atom.xml")))
    fetch_all(config, subs)
    before = {p: p.stat().st_mtime_ns for p in subs_mod.feeds_root(config).rglob("*.md")}
    server.requests.clear()
    report = fetch_all(config, subs)
    assert report.saved == [] and all(f.unchanged for f in report.feeds)
    assert server.seen("/rss.xml")[0]["if-none-match"] == '"v1"'
    assert server.seen("/atom.xml")[0]["if-modified-since"] == MODIFIED
    assert not server.seen("/a.html") and not server.seen("/b.html")  # no page downloaded again
    assert {p: p.stat().st_mtime_ns for p in subs_mod.feeds_root(config).rglob("*.md")} == before


def test_changed_feed_with_old_items_saves_no_duplicate(tmp_path, server, no_outside):
    serve_good(server)
    config = make_config(tmp_path)
    subs = subscribe(("gazette", server.url("/rss.xml")))
    fetch_all(config, subs)
    # The feed changes (new ETag) and repeats the old item, plus the same story under a new URL.
    b = server.base
    server.routes["/rss.xml"] = Route(rss(b, [("Council backs breakwater rebuild", "/a.html", "x"),
                                              ("Breakwater story, copy", "/a-copy.html", "x")]), etag='"v2"')
    server.routes["/a-copy.html"] = Route(page("Council backs breakwater rebuild", PARAS_A))
    subs_mod.save_state({})  # forget what was seen: the folder itself must stop the copies
    report = fetch_all(config, subs)
    assert report.saved == [], report.lines()
    assert len(saved(config, "gazette")) == 1


def test_each_bad_input_is_one_line_and_the_rest_is_saved(tmp_path, server, no_outside):
    serve_good(server)
    b = server.base
    server.routes["/mixed.xml"] = Route(rss(b, [
        ("No link here", None, "An item without a link."),
        ("A PDF", "/doc.pdf", "x"),
        ("Huge page", "/huge.html", "x"),
        ("Silent server", "/hang.html", "x"),
        ("Loop", "/loop1", "x"),
        ("Sneaky", "/to-file", "x"),
        ("<script>alert(1)</script><i>Ferry</i> &amp; <b>timetable</b>", "/b.html", "x"),
        ("Good one", "/a.html", "x"),
    ]))
    server.routes["/doc.pdf"] = Route(b"%PDF-1.4 binary", content_type="application/pdf")
    server.routes["/huge.html"] = Route(stream=50_000_000)
    server.routes["/hang.html"] = Route(hang=10)
    server.routes["/loop1"] = Route(status=302, headers={"Location": "/loop2"})
    server.routes["/loop2"] = Route(status=302, headers={"Location": "/loop1"})
    server.routes["/to-file"] = Route(status=302, headers={"Location": "file:///etc/hostname"})
    server.routes["/notxml"] = Route("Hello, this is a plain web page, not a feed.", content_type="text/plain")
    server.routes["/cut.xml"] = Route(rss(b, [("Council backs breakwater rebuild", "/a.html", "x"),
                                              ("Second", "/b.html", "x")])[:-60], content_type="application/rss+xml")
    config = make_config(tmp_path)
    report = fetch_all(config, subscribe(("mixed", server.url("/mixed.xml")), ("notxml", server.url("/notxml")),
                                         ("cut", server.url("/cut.xml")), ("offline", "http://news.invalid/rss")))
    mixed, notxml, cut, offline = report.feeds
    assert len(mixed.saved) == 2, report.lines()
    problems = "\n".join(mixed.problems)
    assert len(mixed.problems) == 6, problems
    for needle in ("has no link", "not an HTML page", "MB limit", "within 2 s", "redirect", "file address"):
        assert needle in problems, needle
    assert all("\n" not in p for p in mixed.problems)
    titles = {m["title"] for m, _ in saved(config, "mixed").values()}
    assert titles == {"Ferry & timetable", "Good one"}
    assert "not a feed" in notxml.error
    assert len(cut.saved) >= 1 and any("damaged" in p for p in cut.problems)
    assert "cannot reach the server" in offline.error
    assert "/etc/hostname" not in "".join(str(p) for p in report.saved)


def test_opml_import_and_export_round_trip(tmp_path, server, capsys):
    from briefing.feeds import opml

    (tmp_path / "subs.opml").write_text(f"""<?xml version="1.0"?><opml version="2.0"><head/><body>
<outline text="News"><outline text="Harbour Gazette" xmlUrl="{server.url('/rss.xml')}"/>
<outline text="Island Post" xmlUrl="{server.url('/atom.xml')}"/></outline></body></opml>""")
    from briefing.cli import main

    make_config(tmp_path)
    assert main(["--config", str(tmp_path / "config.yaml"), "feeds", "import", str(tmp_path / "subs.opml")]) == 0
    assert [s.name for s in subs_mod.load()] == ["harbour-gazette", "island-post"]
    capsys.readouterr()
    assert main(["--config", str(tmp_path / "config.yaml"), "feeds", "export"]) == 0
    (tmp_path / "out.opml").write_text(capsys.readouterr().out)
    assert [u for _, u in opml.read(tmp_path / "out.opml")] == [server.url("/rss.xml"), server.url("/atom.xml")]


def test_cli_add_list_remove_and_refusals(tmp_path, capsys):
    from briefing.cli import main

    make_config(tmp_path)
    cfg = ["--config", str(tmp_path / "config.yaml")]
    assert main([*cfg, "feeds", "add", "http://127.0.0.1:9/feed.xml", "--name", "local"]) == 0
    assert main([*cfg, "feeds", "add", "file:///etc/passwd"]) == 2
    assert "only http and https" in capsys.readouterr().err
    assert main([*cfg, "feeds", "list"]) == 0
    listed = capsys.readouterr().out
    assert "local" in listed and "never fetched" in listed
    assert main([*cfg, "feeds", "remove", "nope"]) == 2
    assert main([*cfg, "feeds", "remove", "local"]) == 0
    assert subs_mod.load() == []


def test_add_saves_a_url_and_a_saved_html_file(tmp_path, server, no_outside):
    from briefing.feeds.run import Settings, add_items

    serve_good(server)
    (tmp_path / "saved.html").write_text(page("Ferry timetable adds early crossings", PARAS_B))
    config = make_config(tmp_path)
    folder = tmp_path / "pages"
    files, problems = add_items(Settings(config), [server.url("/a.html"), str(tmp_path / "saved.html")], folder)
    assert problems == [] and len(files) == 2
    again, problems = add_items(Settings(config), [server.url("/a.html")], folder)
    assert again == [] and "already saved" in problems[0]


def test_end_to_end_console_script_fetch_then_search(tmp_path, server):
    serve_good(server)
    b = server.base
    # A realistic feed: 120 items, each its own page.
    items = [(f"Harbour report number {i}", f"/n{i}.html", "teaser") for i in range(120)]
    items.append(("Council backs breakwater rebuild", "/a.html", "teaser"))
    server.routes["/big.xml"] = Route(rss(b, items), content_type="application/rss+xml", etag='"big"')
    for i in range(120):
        server.routes[f"/n{i}.html"] = Route(page(f"Harbour report number {i}", [
            f"Report {i} describes tide gauge reading {i * 7} taken at the outer pier this week.",
            f"Volunteers logged {i + 3} boats entering the channel before the bridge opened at noon.",
            "The harbour master said the figures would be published with the monthly bulletin."]))
    env = {"BRIEFING_DATA_DIR": str(tmp_path / "data"), "BRIEFING_CONFIG_DIR": str(tmp_path / "conf"),
           "PATH": "", "HOME": str(tmp_path), "NO_PROXY": "*"}
    make_config(tmp_path)
    exe = [sys.executable, "-m", "briefing", "--config", str(tmp_path / "config.yaml")]
    run = lambda *a: subprocess.run([*exe, *a], env=env, capture_output=True, text=True, timeout=300)  # noqa: E731
    assert run("feeds", "add", server.url("/big.xml"), "--name", "gazette").returncode == 0
    out = run("fetch")
    assert out.returncode == 0, out.stderr
    assert "121 new articles" in out.stdout
    found = run("search", "breakwater")
    assert "Council backs breakwater rebuild" in found.stdout, found.stdout + found.stderr
    again = run("fetch").stdout
    assert "gazette: unchanged" in again and "0 new articles" in again
    listed = run("feeds", "list").stdout
    assert "gazette" in listed and "never fetched" not in listed


def test_bad_feed_settings_and_feed_list_are_one_line(tmp_path, capsys):
    from briefing.cli import main

    (tmp_path / "config.yaml").write_text("feeds:\n  timeout: 0\n")
    assert main(["--config", str(tmp_path / "config.yaml"), "feeds", "list"]) == 2
    assert "feeds.timeout" in capsys.readouterr().err
    make_config(tmp_path)
    subs_mod.subscriptions_path().parent.mkdir(parents=True, exist_ok=True)
    subs_mod.subscriptions_path().write_text("feeds:\n- name: 'no spaces allowed'\n  url: http://127.0.0.1/x\n")
    assert main(["--config", str(tmp_path / "config.yaml"), "feeds", "list"]) == 2
    err = capsys.readouterr().err
    assert "feeds[0].name" in err and len(err.strip().splitlines()) == 1


def test_feeds_without_corpus_folders_are_not_called_the_demo_corpus(tmp_path):
    from briefing.library import Library

    cfg = tmp_path / "config.yaml"
    cfg.write_text(yaml.safe_dump({"feeds": {"timeout": 2}}))
    assert Library(load_config(cfg)).corpus_label == "demo corpus"
    subscribe(("gazette", "http://127.0.0.1:9/rss.xml"))
    lib = Library(load_config(cfg))
    assert lib.corpus_label != "demo corpus"
    assert "feeds" in lib.corpus_label
