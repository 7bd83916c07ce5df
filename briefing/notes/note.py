"""A briefing note for a scope: key points, key actors, timeline, quotes and sources."""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from briefing.corpus import Article
from briefing.notes.choose import choose_articles
from briefing.notes.ranking import DEFAULT_METHOD
from briefing.notes.records import Note, Source
from briefing.notes.sections.actors import actors
from briefing.notes.sections import corroboration
from briefing.notes.sections.differences import differences
from briefing.notes.sections.key_points import KEY_POINTS_WORDS, key_points
from briefing.notes.sections.quotes import quotes
from briefing.notes.sections.timeline import timeline
from briefing.notes.stories import article_text
from briefing.scope import Scope
from briefing.text.sentences import split_sentences

#: Most articles a note is built from; a bigger scope is represented by this many,
#: chosen by choose_articles, and the note's header says so. A note takes 2-3 ms an
#: article of 470 words: the whole-corpus note of 1,217 real wire articles (500 used,
#: choosing them included) took 1.35 s, 2.2 s on a busy machine; in the app, shown in
#: its pane, 2.3 s from the key press.
MAX_ARTICLES = 500
SPREAD = "chosen to cover every story and source"


def build_note(
    articles: Sequence[Article],
    scope: Scope = Scope(),
    table: Any = None,
    today: dt.date | None = None,
    *,
    query_terms: Sequence[str] = (),
    total: int | None = None,
    method: str = DEFAULT_METHOD,
    max_articles: int = MAX_ARTICLES,
    key_points_words: int = KEY_POINTS_WORDS,
) -> Note:
    """The note for ``articles`` (in the scope's order) seen through ``scope``.

    Every article is used up to ``max_articles``; past that, choose_articles picks
    that many spread over the stories, sources and dates. ``total``: how many
    articles the scope has when the caller already chose ``articles`` from it.
    ``query_terms``: query words the key points lean towards. ``table`` is an entity table
    (``for_article``, ``spans``, ``find``) or None. The same input and ``today``
    always give the same note. ``key_points_words``: the key points' word budget
    (config ``notes.key_points_words``).
    """
    unique: dict[str, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)
    used = list(unique.values())
    if len(used) > max_articles:
        used = choose_articles(used, max_articles, article_text)
    total = max(total or 0, len(unique))
    number = {a.id: n for n, a in enumerate(used, 1)}
    sentences = {a.id: split_sentences(a) for a in used}
    generated = today or dt.date.today()
    lean = tuple(query_terms)
    points = key_points(used, sentences, lean, number, method, key_points_words)
    corroboration.attach(points, used, number)
    return Note(
        title=scope.title(),
        scope_line=_scope_line(scope, total, len(used), generated),
        generated=generated,
        scope=scope,
        key_points=points,
        actors=actors(used, table, number),
        timeline=timeline(used, sentences, lean, number),
        quotes=quotes(used, lean, table, number),
        sources=[
            Source(number[a.id], a.id, a.title, a.source, a.author, a.published, a.path, a.url)
            for a in used
        ],
        article_count=total,
        outlets=len({corroboration.outlet(a, number[a.id]) for a in used}),
        differences=differences(used, number),
    )


def _scope_line(scope: Scope, total: int, used: int, generated: dt.date) -> str:
    if used < total:
        count = f"built from {used} of {total} articles, {SPREAD}"
    else:
        count = f"{total} article" + ("" if total == 1 else "s")
    return f"{scope.description()} · {count} · generated {generated.isoformat()}"
