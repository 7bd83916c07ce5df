"""Searching an index, whatever its engine: a query read once into briefing's tree, rewritten,
run by the engine, and its hits given snippets, counts and a "did you mean"."""

from __future__ import annotations

from briefing.corpus import Article
from briefing.search import language
from briefing.search.highlight import Highlighter, Span, make_snippet
from briefing.search.queries import EntityResolver, Rewriter, Speller, highlighter
from briefing.search.records import Hit, Results
from briefing.search.store import Index
from briefing.search.tree import And, Capped, Every, Ids, Node, walk


class Searcher:
    """Ranked search, listings, hit spans and snippets over one index (briefing.search.store)."""

    def __init__(self, index: Index, resolve_entity: EntityResolver | None = None):
        self.index = index
        self.resolve_entity = resolve_entity

    def parse(self, text: str) -> Node:
        """The finished tree for query ``text``: read once, then entity names, fuzzy words
        and wildcards rewritten against this index. QueryError for what cannot be read."""
        node = language.read(text)
        if isinstance(node, Every):
            return node
        return Rewriter(self.index.engine, self.index.vocabulary, self.resolve_entity).rewrite(node)

    def search(self, text: str, limit: int | None = 20, snippets: int | None = None,
               within: set[str] | None = None) -> Results:
        """Ranked results. Snippets and hit counts are computed for the first
        ``snippets`` results only (all when None): they need the article text.
        ``within``: only these article ids."""
        q = self.parse(text)
        if within is not None:
            q = Ids(frozenset(within)) if isinstance(q, Every) else And((q, Ids(frozenset(within))))
        engine = self.index.engine
        if isinstance(q, Every):
            return Results(text, self._listing(limit, snippets), engine.doc_count())
        found = engine.search(q, limit)
        # A wildcard cut at MAX_EXPANSION words: what was found is all that is known.
        capped = any(isinstance(n, Capped) for n in walk(q))
        total = len(found.docs) if capped else found.total
        return self._results(text, q, found.docs, total, found.timed_out or capped, snippets)

    def _results(self, text: str, q: Node, docs: list[tuple[Article, float]], total: int, timed_out: bool,
                 snippets: int | None) -> Results:
        """Hits best first, with snippets for the first ``snippets`` and a did-you-mean
        when words were not found."""
        hl = self.highlighter(q) if snippets != 0 else Highlighter()
        out: list[Hit] = []
        for n, (art, score) in enumerate(docs):
            hit = _hit(art, score)
            if snippets is None or n < snippets:
                fill_snippet(hit, art, hl)
            out.append(hit)
        speller = Speller(self.index.engine, self.index.vocabulary)
        suggestion = speller.suggest(text, q) if not docs or speller.has_unknown_terms(q) else None
        return Results(text, out, total, suggestion, timed_out)

    def _listing(self, limit: int | None, snippets: int | None) -> list[Hit]:
        """Every article, newest first, then by title (undated last)."""
        arts = self.index.engine.newest(limit)
        arts.sort(key=lambda a: (-(a.published.toordinal() if a.published else 0), a.title.lower()))
        out = []
        for n, art in enumerate(arts[:limit] if limit else arts):
            hit = _hit(art, 0.0)
            if snippets is None or n < snippets:
                fill_snippet(hit, art, Highlighter())  # a listing marks no words
            out.append(hit)
        return out

    def hits_for(self, ids: list[str]) -> list[Hit]:
        """Unscored hits for these article ids, in this order (missing ids left out)."""
        return [_hit(art, 0.0) for art in self.index.engine.articles(ids)]

    def fill(self, hit: Hit, text: str) -> Hit:
        """Compute snippet and hit count for a hit left without them."""
        art = self.index.engine.article(hit.id)
        if art is not None:
            fill_snippet(hit, art, self.highlighter(text))
        return hit

    def highlighter(self, q: Node | str) -> Highlighter:
        return highlighter(self.parse(q) if isinstance(q, str) else q, self.index.engine)

    def hit_spans(self, text: str, article: Article) -> list[Span]:
        """Offsets into ``article.text`` of every match of query ``text``."""
        return self.highlighter(text).spans(article.text)


def _hit(art: Article, score: float) -> Hit:
    return Hit(id=art.id, title=art.title, score=float(score), source=art.source, published=art.published,
               path=art.path)


def fill_snippet(hit: Hit, art: Article, hl: Highlighter) -> None:
    title, body = art.title, art.body
    text = f"{title}\n\n{body}" if body else title
    spans = hl.spans(text) if hl else []
    hit.hits = len(spans)
    offset = len(title) + 2 if body else 0
    body_spans = [(a - offset, b - offset) for a, b in spans if a >= offset]
    hit.snippet, hit.snippet_spans = make_snippet(body or title, body_spans if body else spans)
