"""Direct quotations in an article and who said them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

from briefing.sentences import split_paragraph, words

#: Verbs that introduce or close a quotation.
SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|noted|notes|argued|argues|warned|warns|"
    "insisted|insists|explained|explains|declared|declares|wrote|writes|asked|asks|replied|"
    "replies|urged|urges|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|announced|announces|"
    "promised|promises|pledged|pledges|remarked|recalled|continued|concluded|acknowledged|"
    "admitted|confirmed|confirms|claimed|claims|called|calling|calls|describing|described|saying|vowed|vows|"
    "tweeted|posted|answered|responded|suggested|suggests|predicted|cautioned|conceded"
)
PRONOUNS = {"he", "she", "they"}
TITLES = (
    "President|Prime Minister|Premier|Chancellor|Secretary(?: of State)?|Minister|Foreign Minister|"
    "Ambassador|Senator|Sen\\.|Rep\\.|Gov\\.|Governor|Mayor|General|Gen\\.|Chairman|Chairwoman|"
    "Chair|Leader|Spokesman|Spokeswoman|Spokesperson|Mr\\.?|Mrs\\.?|Ms\\.?|Dr\\.?|Prof\\.?|"
    "Professor|King|Queen|Pope|Judge|Justice|Director|Commissioner|former president|"
    "former President|Chief Executive|CEO"
)
_CAP = r"[A-Z][\w\-‑’'.]*"
# Names never run across a line break: paragraphs are separate blocks of text.
_SP = r"[ \u00a0]+"
_NAME = rf"(?:(?:{TITLES}){_SP})*{_CAP}(?:{_SP}(?:{_CAP}|de|van|von|bin|al-\w+))" + r"{0,3}"
_WHO = rf"(?P<who>{_NAME}|[Hh]e|[Ss]he|[Tt]hey)"
_VERB = rf"(?:{SPEECH_VERBS})"
# What may follow a closing quote to attribute it: `, Lee said`, `said Lee`, `according to Lee`.
# Lower-case descriptions may precede the name: "union secretary Daniel Rourke said".
_DESC = r"(?:(?:[a-z][\w’'\-]*|[A-Z]\w*’s)\s+){0,4}?"
_AFTER = [
    re.compile(rf"^[,\s]*{_DESC}{_WHO}\s+(?:also\s+|later\s+|then\s+)?{_VERB}\b"),
    re.compile(rf"^[,\s]*{_VERB}\s+{_DESC}(?P<who>{_NAME})"),
    re.compile(rf"^[,\s]*according\s+to\s+(?P<who>{_NAME})"),
]
# What may precede an opening quote: `He said, `, `Lee told reporters: `, `according to X, `.
_BEFORE = [
    re.compile(rf"{_WHO}\s+(?:also\s+|later\s+|then\s+)?{_VERB}(?:\s+(?:reporters|journalists|the \w+))?(?:\s+that)?[,:]?\s*$"),
    re.compile(rf"according\s+to\s+(?P<who>{_NAME})[,:]\s*$"),
]
# Without a table, a clause's subject is a titled name, or a name right before a verb.
_TITLED = re.compile(rf"(?:{TITLES}){_SP}(?P<who>{_CAP}(?:{_SP}{_CAP}){{0,2}})")
_SUBJECT = re.compile(rf"(?P<who>{_NAME}|\b[Hh]e|\b[Ss]he)\s+(?:[a-z]+ed|[a-z]+s)\b")
_NOT_NAMES = frozenset(
    """a an the this that these those it its in on at by for from with without despite
    however but and or so yet while although though when whenever if since after before
    during perhaps meanwhile still also even just only then there here as because many
    most some several both all each every such other another one two three no not what
    who why how where which for to of""".split()
)


def _subject(clause: str) -> re.Match[str] | None:
    """The first name in the clause that reads as a verb's subject ("Lee extended")."""
    for m in _SUBJECT.finditer(clause):
        first = m.group("who").split()[0].lower()
        if first not in _NOT_NAMES:
            return m
    return None


def _last_subject(text: str) -> re.Match[str] | None:
    found = None
    for m in _TITLED.finditer(text):
        found = m
    for m in _SUBJECT.finditer(text):
        if m.group("who").lower() in PRONOUNS or m.group("who").split()[0].lower() in _NOT_NAMES:
            continue
        if found is None or m.start() > found.start():
            found = m
    return found


_VERB_ANYWHERE = re.compile(rf"\b{_VERB}\b")
_QUOTE_PAIRS = [
    re.compile(r"“([^“”\n]+)”"),
    re.compile(r"(?<![\w\"])\"([^\"\n]+)\"(?![\w])"),
    re.compile(r"(?<![\w‘’])‘([^‘\n]+?)’(?![\w])"),
]
MIN_WORDS = 5


@dataclass(frozen=True)
class Quotation:
    """A quotation: ``article.text[start:end] == text`` (inside the quote marks)."""

    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None
    attributed: bool
    """True when the speaker comes from an attribution, not a guess from context."""


def _person_spans(table: Any, article_id: str) -> list[Any]:
    if table is None:
        return []
    try:
        return [s for s in table.spans(article_id) if getattr(s, "type", "") == "PERSON"]
    except Exception:  # an entity table that cannot answer must not sink the note
        return []


def _all_spans(table: Any, article_id: str) -> list[Any]:
    if table is None:
        return []
    try:
        return list(table.spans(article_id))
    except Exception:
        return []


def _plain(name: str) -> str:
    """A name as written, with typographic hyphens and spaces made ordinary, so that
    "Lee Jae‑myung" (non-breaking hyphen) and "Lee Jae-myung" are one speaker."""
    return name.translate({0x2010: "-", 0x2011: "-", 0xA0: " ", 0x202F: " "})


def _strip_title(name: str) -> str:
    return re.sub(rf"^(?:(?:{TITLES})\s+)+", "", name).strip(" ,.;:")


def _expand_name(name: str, text: str) -> str:
    """Without an entity table, "Lee" becomes the longest full name in the article
    that starts or ends with it, so a surname still names one person."""
    if " " in name:
        return name
    best = name
    cap = r"[A-Z][\w\-‑’']*"
    # Two passes: one combined pattern would let "Korean President Lee" swallow the
    # "Lee" of "Lee Jae-myung".
    patterns = [
        re.compile(rf"\b{re.escape(name)}(?:{_SP}{cap}){{1,2}}\b"),
        re.compile(rf"\b(?:{cap}{_SP}){{1,2}}{re.escape(name)}\b(?![\w\-‑])"),
    ]
    counts: dict[str, int] = {}
    for m in (m for p in patterns for m in p.finditer(text)):
        full = re.sub(r"[’']s?$", "", _strip_title(m.group(0)))
        if full == name or re.search(rf"\b(?:{TITLES})\b", full):
            continue
        if any(w.lower() in _NOT_NAMES for w in full.split()):
            continue
        counts[full] = counts.get(full, 0) + 1
    if counts:
        best = max(sorted(counts), key=lambda k: (counts[k], len(k)))
    return best


class _Resolver:
    """Names a speaker from the words of an attribution, using the entity table's
    mention spans when there is one."""

    def __init__(self, text: str, article_id: str, table: Any) -> None:
        self.text = text
        self.persons = _person_spans(table, article_id)
        self.spans = _all_spans(table, article_id)
        self.has_table = table is not None

    def at(self, start: int, end: int) -> str | None:
        """The canonical name of the mention overlapping text[start:end]."""
        for span in self.spans:
            if span.start < end and start < span.end:
                return span.name
        return None

    def before(self, pos: int) -> str | None:
        """The nearest PERSON mentioned before ``pos`` (for "he said")."""
        best = None
        for span in self.persons:
            if span.end <= pos:
                best = span.name
            else:
                break
        return best

    def first_person_in(self, start: int, end: int) -> str | None:
        for span in self.persons:
            if start <= span.start and span.end <= end:
                return span.name
        return None

    def name(self, who: str, start: int, end: int, anchor: int) -> str | None:
        """The speaker named by ``who`` at text[start:end]; a pronoun refers back from
        ``anchor`` (the opening quote mark, so names inside the quote do not count)."""
        if who.lower() in PRONOUNS:
            if who.lower() == "they":
                return None
            if self.has_table:
                return self.before(anchor)
            window = self.text[max(0, anchor - 800):anchor]
            m = _last_subject(window)
            return _plain(_expand_name(_strip_title(m.group("who")), self.text)) if m else None
        named = self.at(start, end)
        if named:
            return named
        return _plain(_expand_name(_strip_title(who), self.text)) or None


def _sentence_bounds(paragraph: str, qs: int, qe: int) -> tuple[int, int]:
    """Start of the sentence holding the opening quote and end of the clause after the
    closing one, within the paragraph."""
    start = 0
    for s, _ in split_paragraph(paragraph):
        if s > qs:
            break
        # A sentence that ends inside the quotation does not end the attribution.
        if s <= qs:
            start = s
    tail = re.search(r"[.!?;“\"]", paragraph[qe:])
    end = qe + tail.start() + 1 if tail else len(paragraph)
    return start, end


def find_quotes(article: Any, table: Any = None) -> list[Quotation]:
    """Quotations of at least MIN_WORDS words, with speakers where the text allows."""
    text = article.text
    resolver = _Resolver(text, article.id, table)
    out: list[Quotation] = []
    for offset, paragraph in article.paragraphs():
        found: list[tuple[int, int, int, int]] = []  # mark start, mark end, inner start, inner end
        for pattern in _QUOTE_PAIRS:
            for m in pattern.finditer(paragraph):
                if any(a <= m.start() < b for a, b, _, _ in found):
                    continue  # a single-quoted phrase inside a double-quoted one
                found.append((m.start(), m.end(), m.start(1), m.end(1)))
        found.sort()
        previous: str | None = None
        for qs, qe, inner_s, inner_e in found:
            inner = paragraph[inner_s:inner_e]
            lead = len(inner) - len(inner.lstrip())
            trail = len(inner.rstrip().rstrip(",;:")) if inner.rstrip().endswith((",", ";", ":")) else len(inner.rstrip())
            inner_s, inner_e = inner_s + lead, inner_s + trail
            speaker, attributed = _attribute(paragraph, offset, qs, qe, resolver)
            if speaker is None and previous is not None and _continues(paragraph, found, qs):
                speaker, attributed = previous, True
            if speaker:
                previous = speaker
            quote = text[offset + inner_s: offset + inner_e]
            if len(words(quote)) < MIN_WORDS:
                continue
            out.append(Quotation(article.id, offset + inner_s, offset + inner_e, quote, speaker, attributed))
    return out


def _continues(paragraph: str, found: Sequence[tuple[int, int, int, int]], qs: int) -> bool:
    """A quote that directly follows another one in the same paragraph, with nothing
    or only an attribution between them, is the same speaker going on."""
    before = [f for f in found if f[1] <= qs]
    if not before:
        return False
    gap = paragraph[before[-1][1]:qs]
    return not words(gap) or any(p.search(gap) for p in _AFTER)


def _attribute(paragraph: str, offset: int, qs: int, qe: int,
               resolver: _Resolver) -> tuple[str | None, bool]:
    anchor = offset + qs
    s_start, s_end = _sentence_bounds(paragraph, qs, qe)
    after = paragraph[qe:s_end]
    before = paragraph[s_start:qs]
    # "…”, Lee said" first, then "Lee said, “…"; ``at`` places the clause in the paragraph.
    for patterns, clause, at in ((_AFTER, after, qe), (_BEFORE, before, s_start)):
        for pattern in patterns:
            m = pattern.search(clause)
            if m:
                ws, we = offset + at + m.start("who"), offset + at + m.end("who")
                return resolver.name(m.group("who"), ws, we, anchor), True
    # "Blinken congratulated Lee and stated that the U.S. is “...”": the speaker is the
    # subject of the clause, the first person named before the speech verb.
    verbs = list(_VERB_ANYWHERE.finditer(before))
    if verbs:
        v = verbs[-1]
        region_s, region_e = offset + s_start, offset + s_start + v.start()
        if resolver.has_table:
            who = resolver.first_person_in(region_s, region_e)
            if who:
                return who, True
        clause = before[: v.end()]
        m = _TITLED.search(clause) or _subject(clause)
        if m:
            ws, we = region_s + m.start("who"), region_s + m.end("who")
            return resolver.name(m.group("who"), ws, we, anchor), True
    return None, False
