"""The timeline: the scope's dated statements, one row per event however many sources told
it, chosen so restatements of one date cannot crowd out the story's other events."""

from __future__ import annotations

from typing import Sequence

from briefing.corpus import Article
from briefing.notes.ranking import candidate
from briefing.notes.records import Evidence, TimelineEntry
from briefing.text.sentences import Sentence
from briefing.notes.timeline import dated_statements, timeline_rows

MAX_TIMELINE = 15


def timeline(used: list[Article], sentences: dict[str, list[Sentence]], query_terms: Sequence[str],
             number: dict[str, int]) -> list[TimelineEntry]:
    statements = []
    for article in used:
        # Only sentences that can stand in a note (no bylines, headings or fragments).
        usable = [s for s in sentences[article.id] if candidate(s)]
        statements += dated_statements(article, usable)
    entries = []
    for row in timeline_rows(statements, limit=MAX_TIMELINE, query_terms=query_terms):
        evidence = [Evidence(number[st.article_id], st.article_id, st.start, st.end) for st in row.statements]
        citations = list(dict.fromkeys(ev.n for ev in evidence))
        entries.append(TimelineEntry(row.date, row.expression, row.sentence, citations, evidence, row.end_date,
                                     row.precision, any(st.relative for st in row.statements)))
    entries.sort(key=lambda e: (e.date, e.end or e.date, e.citations[0], e.evidence[0].start))
    return entries
