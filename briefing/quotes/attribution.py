"""Who said a quotation: the attribution beside it, the quotation before it, or the last speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.quotes.events import _clause_start, _NOT_EVENTS, _sentence_end, _verb_subject, _verbs
from briefing.quotes.marks import _Raw
from briefing.quotes.patterns import _ACCORDING, MIN_WORDS, _QUOTED_AS, split_paragraph, _VERB_FIRST
from briefing.quotes.reader import _Reader
from briefing.quotes.speakers import _Head, _NAMELESS


@dataclass
class _Found:
    raw: _Raw
    offset: int
    paragraph: int
    speaker: str | None = None
    attributed: bool = False
    chained_to: "_Found | None" = None
    words: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.offset + self.raw.mark_start

    @property
    def end(self) -> int:
        return self.offset + self.raw.mark_end


_SAY_TELL = frozenset("said says say told tells added adds".split())


def _share_along_chains(found: list[_Found]) -> None:
    """Every paragraph of a quotation that runs over paragraphs has one speaker: the
    one its attribution names, wherever in the run that is."""
    groups: list[list[_Found]] = []
    index: dict[int, list[_Found]] = {}
    for f in found:
        prev = f.chained_to
        if prev is not None and id(prev) in index:
            group = index[id(prev)]
        else:
            group = []
            groups.append(group)
        group.append(f)
        index[id(f)] = group
    for group in groups:
        if len(group) < 2:
            continue
        named = next((f for f in group if f.attributed and f.speaker), None) or \
            next((f for f in group if f.speaker), None)
        if named is None:
            continue
        for f in group:
            if f.speaker is None and not (f.attributed and f is not named and f.extra.get("nameless")):
                f.speaker = named.speaker


def _attribute(reader: _Reader, f: _Found, found: list[_Found], paragraphs: list[tuple[int, str]],
               quoted: list[tuple[int, int]]) -> tuple[str | None, bool]:
    text = reader.text
    offset, paragraph = paragraphs[f.paragraph]
    par_end = offset + len(paragraph)
    open_s = f.offset + f.raw.mark_start
    close_e = f.offset + f.raw.mark_end
    later = [g for g in found if g.paragraph == f.paragraph and g.raw.mark_start >= f.raw.mark_end]
    stop = later[0].offset + later[0].raw.mark_start if later else par_end
    # "…,'' David Pasqualotto, a special agent, said Friday." / "…,'' said Lee."
    if not f.raw.open_end:
        end = _sentence_end(text, close_e, stop)
        clause = text[close_e:end]
        inner = text[f.offset + f.raw.inner_start:f.offset + f.raw.inner_end].rstrip(" '’\"”")
        if clause.strip(" ,;:'\"`”’") and not _new_sentence(inner, clause):
            head, hit = _after_attribution(reader, close_e, end)
            if hit:
                if head is not None and head.kind == "nameless":
                    f.extra["nameless"] = True
                return reader.resolve(head, open_s), True
    # ``A,'' X said, ``B.'': the attribution between two quotations covers both.
    earlier = [g for g in found if g.paragraph == f.paragraph and g.raw.mark_end <= f.raw.mark_start]
    if earlier:
        g = earlier[-1]
        gap = text[g.offset + g.raw.mark_end:open_s]
        if g.words >= MIN_WORDS and g.attributed and not re.search(r"[.!?]\s", gap):
            if g.extra.get("nameless"):
                f.extra["nameless"] = True
            return g.speaker, True
    # "Lee said: ``…", "Rerucha told the panel that Shepard was ``…".
    sentence_start = offset
    for s, _ in reader.paragraph_sentences(f.paragraph)[0]:
        if s > open_s:
            break
        sentence_start = s
    start = _clause_start(open_s, sentence_start, reader.bounds)
    before = text[start:open_s]
    if before.strip(" ,;:'\"`"):
        m = None
        for m in _ACCORDING.finditer(text, start, open_s):
            pass
        if m is not None:
            h = reader._np_head(m.end(), _sentence_clause_end(text, m.end(), open_s))
            return reader.resolve(h, open_s), True
        verbs = list(_verbs(text, start, open_s))
        if verbs:
            v = verbs[-1]
            previous = None
            if v.group().endswith("ing"):
                previous = next((ev for ev in reader.events_before(v.start())
                                 if ev.pos >= start and ev.speech), None)
            h = _verb_subject(reader, v, sentence_start, quoted, previous)
            if h is not None and h.kind == "nameless":
                f.extra["nameless"] = True
            return reader.resolve(h, open_s), True
        # "Barak blasted Netanyahu's policies for ``leading us…''": the sentence's
        # subject speaks its quoted words.
        if start == sentence_start:
            h = reader.sentence_subject(sentence_start, open_s)
            if h is not None:
                return reader.resolve(h, open_s), True
    return None, False


def _new_sentence(inner: str, clause: str) -> bool:
    """"…in real time.'' With the added impetus, he said, ``…'': after a quotation that
    ends a sentence, a new sentence attributes the next quotation, not this one; only
    "Name said" right after it still belongs to it."""
    if not inner or inner[-1] not in ".!?":
        return False
    first = clause.lstrip(" '’\"”")
    if first.startswith(("(", "[")):
        return True  # an aside in brackets is the writer's
    if not first or not first[0].isupper():
        return False
    v = next(_verbs(clause, 0, len(clause)), None)
    return v is None or "," in clause[:v.start()] or len(clause[:v.start()].split()) > 4


def _sentence_clause_end(text: str, a: int, b: int) -> int:
    comma = text.find(",", a, b)
    return comma if comma >= 0 else b


def _after_attribution(reader: _Reader, a: int, b: int) -> tuple[_Head | None, bool]:
    """The attribution after a closing mark, text[a:b]; (head, True) when there is one."""
    text = reader.text
    m = _VERB_FIRST.match(text, a, b)
    if m:
        return reader.after_verb_np(m.end("v"), b), True
    acc = _ACCORDING.match(text, a + len(text[a:b]) - len(text[a:b].lstrip(" ,;:")), b)
    if acc:
        return reader._np_head(acc.end(), _sentence_clause_end(text, acc.end(), b)), True
    v = next(_verbs(text, a, b), None)
    if v is None:
        return None, False
    if v.group() == "quoted":
        # "..., the agency Nordpress reported the envoy as saying": the one quoted speaks.
        q = _QUOTED_AS.match(text, v.start())
        if q and not q.group("np").startswith("by "):  # "he was quoted by Nordpress as saying": he
            return reader._np_head(q.start("np"), q.end("np")), True
    region = text[a:v.start()]
    if len(region.split()) > 16:
        # "``...'' and the port reopens ..., the spokesman said.": a short subject and
        # its speech verb closing the sentence attribute all of it.
        tail = re.search(r",\s+([^,;]{1,60})$", region)
        if tail and len(tail.group(1).split()) <= 6 and len(text[v.end():b].split()) <= 2:
            return reader.subject_np(a + tail.start(1), v.start()) or _NAMELESS, True
        return None, False
    if v.group().endswith("ing") and not region.strip(" ,"):
        return None, False
    if v.group() in _NOT_EVENTS:
        return None, False
    # A speech verb right after the quotation attributes it even when its subject is
    # nobody the text names ("one woman in the zone told a television interviewer").
    return reader.subject_np(a, v.start()) or _NAMELESS, True


def _context_speaker(reader: _Reader, f: _Found, before: list[_Found],
                     paragraphs: list[tuple[int, str]]) -> str | None:
    """A quotation with no attribution of its own: the speaker of the quotation just
    before it in the paragraph, or the last one to speak (said, told, added) in this
    paragraph or the one before, as news writes a speaker's second paragraph."""
    same = [g for g in before if g.paragraph == f.paragraph]
    if same:
        g = same[-1]
        gap = reader.text[g.end:f.start]
        # ``A,'' X said. ``B.'' goes on; a stretch of the writer's own words does not.
        one = len(split_paragraph(gap.strip())) <= 1
        return g.speaker if one and (len(gap.split()) <= 10 or next(_verbs(gap, 0, len(gap)), None)) else None
    open_s = f.offset + f.raw.mark_start
    for ev in reader.events_before(open_s, 1):
        if not ev.speech:
            continue
        if ev.verb not in _SAY_TELL:
            return None
        return reader.name_of(ev) if ev.kind in ("person", "org", "pronoun") else None
    prev = [g for g in before if g.paragraph == f.paragraph - 1]
    if prev and f.raw.mark_start == 0:
        return prev[-1].speaker
    return _list_speaker(reader, f, paragraphs)


#: A list item that opens with a topic label: "On fame: ``…''".
_LABEL = re.compile(r"[A-Z][^.!?:\n]{0,60}:\s*$")
_LABELLED_ITEM = re.compile(r"[A-Z][^.!?:\n]{0,60}:\s*[`\"“‘']")


def _list_speaker(reader: _Reader, f: _Found, paragraphs: list[tuple[int, str]]) -> str | None:
    """Quotations listed under a heading that names one person ("Other Smith
    observations:" then "On fame: ``…''"): each item is that person's."""
    offset, paragraph = paragraphs[f.paragraph]
    if not _LABEL.fullmatch(reader.text[offset:f.offset + f.raw.mark_start]):
        return None
    for k in range(f.paragraph - 1, max(-1, f.paragraph - 12), -1):
        at, text = paragraphs[k]
        body = text.strip()
        if body.endswith(":"):
            names = {s.name for s in reader.spans if at <= s.start < at + len(text)
                     and s.type == "PERSON"}
            return names.pop() if len(names) == 1 else None
        if not _LABELLED_ITEM.match(body):
            return None
    return None
