"""Quotes: attributed, on-topic, sentence-length quotations first, one per thing said."""

from __future__ import annotations

from typing import Any, Sequence

from briefing.corpus import Article
from briefing.notes.records import Evidence, Quote
from briefing.notes.terms import same_text, terms
from briefing.quotes import find_quotes
from briefing.text.sentences import words

MAX_QUOTES = 8


def quotes(used: list[Article], query_terms: Sequence[str], table: Any, number: dict[str, int]) -> list[Quote]:
    query = set(terms(" ".join(query_terms)))
    merged: dict[str, tuple[Quote, tuple]] = {}
    for article in used:
        for q in find_quotes(article, table):
            key = same_text(q.text)
            ev = Evidence(number[article.id], article.id, q.start, q.end)
            if key in merged:
                quote = merged[key][0]
                if ev.n not in quote.citations:
                    quote.citations.append(ev.n)
                    quote.evidence.append(ev)
                if quote.speaker is None and q.speaker:
                    quote.speaker = q.speaker
                continue
            n_words = len(words(q.text))
            # Attributed, on-topic, sentence-length quotes make the best reading.
            rank = (
                0 if q.speaker else 1,
                -len(query & set(terms(q.text))),
                abs(min(n_words, 60) - 25),
                ev.n,
                q.start,
            )
            merged[key] = (Quote(q.text, q.speaker, [ev.n], [ev]), rank)
    best = sorted(merged.values(), key=lambda qr: qr[1])[:MAX_QUOTES]
    best.sort(key=lambda qr: (qr[0].citations[0], qr[0].evidence[0].start))
    return [q for q, _ in best]
