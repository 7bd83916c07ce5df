"""The timeline: dated sentences, one row per statement however many sources made it, capped."""

from __future__ import annotations

import re
from typing import Sequence

from briefing.corpus import Article
from briefing.dates import find_dates
from briefing.notes.ranking import candidate
from briefing.notes.records import Evidence, TimelineEntry
from briefing.notes.terms import same_text, terms
from briefing.sentences import Sentence

_SINCE = re.compile(r"\b(?:since|ever since)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$", re.I)
MAX_TIMELINE = 15
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def timeline(used: list[Article], sentences: dict[str, list[Sentence]], query_terms: Sequence[str],
             number: dict[str, int]) -> list[TimelineEntry]:
    query = set(terms(" ".join(query_terms)))
    merged: dict[str, TimelineEntry] = {}
    priority: dict[str, tuple] = {}
    for article in used:
        for s in sentences[article.id]:
            if not candidate(s):
                continue
            # "the first visit since 2017" dates a reference point, not the statement.
            dates = [d for d in find_dates(s.text, article.published) if not _SINCE.search(s.text, 0, d.start)]
            if not dates:
                continue
            d = dates[0]
            key = same_text(s.text)
            ev = Evidence(number[article.id], article.id, s.start, s.end)
            if key in merged:
                if ev.n not in merged[key].citations:
                    merged[key].citations.append(ev.n)
                    merged[key].evidence.append(ev)
                continue
            merged[key] = TimelineEntry(d.date, d.label, s.text, [ev.n], [ev], d.end_date,
                                        d.precision, d.relative)
            hits = len(query & set(terms(s.text)))
            priority[key] = (-hits, _PRECISION_RANK[d.precision], ev.n, s.start)
    # Too many dated sentences: keep those on the query, then the most precise.
    keep = sorted(merged, key=lambda k: priority[k])[:MAX_TIMELINE]
    entries = [merged[k] for k in keep]
    entries.sort(key=lambda e: (e.date, e.end or e.date, e.citations[0], e.evidence[0].start))
    return entries
