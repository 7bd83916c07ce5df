"""Config: look-up order, defaults, and one clear line for every mistake."""

from __future__ import annotations

import pytest

from briefing import paths
from briefing.config import ConfigError, load_config


def test_default_config_is_the_packaged_one_on_the_demo_corpus():
    cfg = load_config()
    assert cfg.source == paths.packaged("config.yaml").resolve()
    assert cfg.is_demo
    assert [p.name for p in cfg.corpus_roots()] == ["seeds"]


def test_lookup_order_explicit_then_env_then_user_dir(write_config, monkeypatch, tmp_path):
    user = tmp_path / "config" / "config.yaml"
    user.parent.mkdir(parents=True)
    user.write_text("theme: from-user\n")
    assert load_config().theme == "from-user"
    env = write_config("theme: from-env\n", "env.yaml")
    monkeypatch.setenv("BRIEFING_CONFIG", str(env))
    assert load_config().theme == "from-env"
    explicit = write_config("theme: from-flag\n", "flag.yaml")
    assert load_config(str(explicit)).theme == "from-flag"


def test_corpus_paths_are_relative_to_the_config_file(write_config, tmp_path):
    (tmp_path / "news").mkdir()
    cfg = load_config(str(write_config("corpus: [news]\n")))
    assert cfg.corpus_roots() == [tmp_path / "news"]


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("colour: blue\n", "unknown key 'colour'"),
        ("search:\n  limt: 3\n", "unknown key 'search.limt'"),
        ("search:\n  limit: lots\n", "key 'search.limit': expected a whole number"),
        ("theme: [a, b]\n", "key 'theme': expected text"),
        ("corpus: {a: 1}\n", "key 'corpus': expected a list"),
        ("keys: [q]\n", "key 'keys': expected a mapping"),
        ("entities:\n  engine: magic\n", "key 'entities.engine'"),
        ("corpus: [does-not-exist]\n", "does not exist"),
        ("theme: [unclosed\n", "line"),
        ("- just\n- a list\n", "expected a mapping"),
        ("articles:\n  date_order: ymd\n", "key 'articles.date_order': expected mdy or dmy, got 'ymd'"),
        ("articles:\n  date_order: [mdy]\n", "key 'articles.date_order': expected text"),
        ("articles:\n  order: dmy\n", "unknown key 'articles.order'"),
        ("search:\n  engine: lucene\n", "key 'search.engine': expected whoosh or tantivy, got 'lucene'"),
    ],
)
def test_mistakes_name_the_file_and_key(write_config, text, fragment):
    path = write_config(text)
    with pytest.raises(ConfigError) as info:
        load_config(str(path))
    message = str(info.value)
    assert fragment in message
    assert str(path) in message
    assert "\n" not in message


def test_an_engine_that_is_not_installed_is_a_config_error_saying_how_to_install_it(write_config, monkeypatch):
    from briefing.search import tantivy_engine

    monkeypatch.setattr(tantivy_engine, "available", lambda: False)
    path = write_config("search:\n  engine: tantivy\n")
    with pytest.raises(ConfigError) as info:
        load_config(str(path))
    message = str(info.value)
    assert str(path) in message and "key 'search.engine'" in message
    assert "pip install 'briefing[tantivy]'" in message and "\n" not in message


def test_missing_config_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(str(tmp_path / "nope.yaml"))


def test_command_line_corpus_replaces_config_corpus(tmp_path):
    (tmp_path / "mine").mkdir()
    cfg = load_config(corpus=[str(tmp_path / "mine")])
    assert cfg.corpus_roots() == [tmp_path / "mine"]
    assert not cfg.is_demo


def test_date_order_reaches_the_readers(write_config, tmp_path):
    import datetime as dt

    from briefing import corpus
    from briefing.corpus import discover, read_article

    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.md").write_text("---\npublished: 03/04/1999\n---\nBody.\n")
    try:
        assert load_config(str(write_config("corpus: [news]\n"))).articles.date_order == "mdy"
        cfg = load_config(str(write_config("corpus: [news]\narticles:\n  date_order: dmy\n")))
        assert cfg.articles.date_order == "dmy"
        (entry,), _ = discover(cfg.corpus_roots())
        assert read_article(entry.path, entry.id, entry.date_order).published == dt.date(1999, 4, 3)
    finally:
        corpus.set_date_order("mdy")
