"""What a scope's note is built from: its articles, chosen from the scope's list, and the words it leans towards."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from briefing.corpus import Article
from briefing.notes.choose import choose_articles
from briefing.notes.note import MAX_ARTICLES
from briefing.notes.stories import article_text

#: Largest scope whose articles are read to choose a note's articles by their opening
#: words; past it they are chosen by title alone (reading 5,000 takes about 0.3 s and
#: grouping them by story 0.6 s more).
SPREAD_READ = 5000


def scope_articles(hits: Sequence[Any], read: Callable[[Iterable[str]], Iterable[Article]]) -> tuple[list[Article], int]:
    """The articles a note is built from, given the scope's list rows ``hits`` (each
    with ``id`` and ``title``, in the list's order), and how many the scope has: all of
    them, or past MAX_ARTICLES that many chosen to spread over its stories, sources and
    dates (choose_articles). ``read`` gives the articles of an iterable of ids."""
    if len(hits) <= MAX_ARTICLES:
        return list(read(h.id for h in hits)), len(hits)
    if len(hits) <= SPREAD_READ:
        return choose_articles(list(read(h.id for h in hits)), MAX_ARTICLES, article_text), len(hits)
    chosen = choose_articles(hits, MAX_ARTICLES, lambda h: h.title)
    return list(read(h.id for h in chosen)), len(hits)


def leaning(query_terms: Iterable[str], entity: Any = None) -> list[str]:
    """The words a scope's note leans towards: the query's terms as the index has them,
    then every word of every form of the entity's name (an entity table row, or None)."""
    words = sorted(query_terms)
    if entity is not None:
        words += dict.fromkeys(w for form in [entity.name, *entity.aliases] for w in form.split())
    return words
