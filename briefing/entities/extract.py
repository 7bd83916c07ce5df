"""The builtin engine: gazetteer lookups plus rules for names it does not know, one article at a time."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right

from .lexicon import DEMONYM, TITLE, Lexicon, load_lexicon
from .model import (DATA_VERSION, GAZ, ORG, PERSON, PLACE, STRONG, WEAK, DocExtraction, Summary,
                    summary_from_extraction)
from .tokens import PIECE, JOIN_HYPHEN, JOIN_SPACE, Token, piece_norm, sentence_starts

#: Sentence-initial group whose first word is an everyday word ("Frontrunner Lee
#: Jae-myung", but also "Lee Jae Myung"): the resolver keeps its known part, else all.
INITIAL = 3

_PARA = re.compile(r"[^\n]+")
_HEADING_END = frozenset('.!?"”’):;…')
_PLACE_PREP = re.compile(r"\b(?:in|at|near|across|outside|inside)(?: the)? $")
_PREV_WORD = re.compile(r"([A-Za-z\-]+)[\s\u00a0]+$")
_CAMEL = re.compile(r"[a-z][A-Z]")
_OPENERS = frozenset(" \u00a0“\"‘'(*•–—-[\t")
_ENDERS = frozenset(".!?:;…\n")
_HYPHENS = ("-", "‑")

# What a run yields depends only on its own text and four facts about what comes
# before it, so the decisions are cached by (text, facts): in news most runs
# ("The", "Mr Lee", "United States") recur, and a hit skips all the rules.
_INITIAL, _HEADING, _LOWER_TITLE_BEFORE, _PLACE_BEFORE = 1, 2, 4, 8
_CACHE_LIMIT = 200_000
_caches: dict[str, dict] = {}


class Extractor:
    """The configured engine as a picklable callable: text -> ``Summary``. Send it to
    worker processes; each loads its lexicon (or spaCy model) on first use."""

    def __init__(self, engine: str = "builtin", extra: tuple = ()) -> None:
        self.engine = engine
        self.extra = tuple(extra)
        self._fn = None

    def __getstate__(self) -> dict:
        return {"engine": self.engine, "extra": self.extra}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["engine"], state["extra"])

    @property
    def key(self) -> str:
        """Changes whenever what this engine extracts could change."""
        if self.engine == "builtin":
            return f"builtin/{DATA_VERSION}/{load_lexicon(self.extra).fingerprint}"
        return f"{self.engine}/{DATA_VERSION}"

    def check(self) -> None:
        """Raise EntityError now if the engine cannot run (spaCy missing)."""
        self._load()

    def _load(self):
        if self._fn is None:
            if self.engine == "builtin":
                lex = load_lexicon(self.extra)
                self._fn = lambda text: extract_summary(text, lex)
            else:
                from .spacy_engine import make_extractor  # noqa: PLC0415 - optional engine

                spacy_extract = make_extractor()
                self._fn = lambda text: summary_from_extraction(spacy_extract(text))
        return self._fn

    def __call__(self, text: str) -> Summary:
        return self._load()(text)


def extract_builtin(text: str, lex: Lexicon | None = None) -> DocExtraction:
    """Every PERSON, ORG and PLACE candidate in ``text``, as a DocExtraction."""
    keys, counts, spans, key_sentence, sentences = extract_summary(text, lex)
    flat = array("i")
    raw = array("i")
    raw.frombytes(spans)
    for i in range(0, len(raw), 4):
        flat.extend((raw[i], raw[i + 1], raw[i + 2], raw[i + 3], key_sentence[raw[i + 2]]))
    from .model import Key  # noqa: PLC0415

    return DocExtraction([Key._make(k) for k in keys], flat, dict(enumerate(sentences)))


def extract_summary(text: str, lex: Lexicon | None = None) -> Summary:
    """What the store keeps of one article (see ``model.Summary``); plain data, so a
    worker process can compute it and send it back."""
    lex = lex or load_lexicon()
    cache = _caches.get(lex.fingerprint)
    if cache is None or len(cache) > _CACHE_LIMIT:
        cache = _caches[lex.fingerprint] = {}
    para_starts: list[int] = []
    headings: set[int] = set()
    for i, m in enumerate(_PARA.finditer(text)):
        para_starts.append(m.start())
        if m.group().rstrip()[-1:] not in _HEADING_END:
            headings.add(i)
    if not para_starts:
        para_starts.append(0)
    keys: list[tuple] = []
    index: dict[tuple, int] = {}
    counts: list[int] = []
    firsts: list[int] = []
    spans = array("i")

    def flush(rs: int, re_: int, pieces: list[tuple] | None) -> None:
        rtext = text[rs:re_]
        para = bisect_right(para_starts, rs) - 1
        flags = _context(text, rs) | (_HEADING if para in headings else 0)
        ck = (rtext, flags)
        found = cache.get(ck)
        if found is None or type(found) is dict:
            # The words before the run matter only to some runs (one starting with an
            # unknown name); a run that did not look at them is cached without them.
            more = _words_before(text, rs, lex)
            got = found.get(more) if found is not None else None
            if got is None:
                if pieces is None:
                    pieces = _pieces(text, rs, re_, lex)[0]
                run = _Run(rtext, flags | more)
                got = _scan_run(run, _tokens(text, rs, pieces), lex)
                if not run.looked_before:
                    cache[ck] = got
                else:
                    if found is None:
                        found = cache[ck] = {}
                    found[more] = got
            found = got
        for s, e, key in found:
            k = index.get(key)
            if k is None:
                k = index[key] = len(keys)
                keys.append(key)
                counts.append(0)
                firsts.append(rs + s)
            counts[k] += 1
            spans.extend((rs + s, rs + e, k, para))

    for m in lex.run_re.finditer(text):
        rs, re_ = m.span()
        r = m.group()
        if "’" in r or "'" in r or "-" in r or "‑" in r:
            # A possessive or "US-led" can cut the candidate into several runs.
            for pieces in _pieces(text, rs, re_, lex):
                flush(pieces[0][0], pieces[-1][2], pieces)
        else:
            flush(rs, re_, None)
    key_sentence: list[int] = []
    sentences: list[str] = []
    if keys:
        starts = sentence_starts(text)
        seen: dict[int, int] = {}
        for off in firsts:
            si = bisect_right(starts, off) - 1
            j = seen.get(si)
            if j is None:
                j = seen[si] = len(sentences)
                end = starts[si + 1] if si + 1 < len(starts) else len(text)
                sentences.append(text[starts[si]:end].strip())
            key_sentence.append(j)
    return keys, counts, spans.tobytes(), key_sentence, sentences


def _words_before(text: str, rs: int, lex: Lexicon) -> int:
    """A lower-case title ("leader Lee") or a place preposition ("in Nordvik") before a run."""
    flags = 0
    if rs and text[rs - 1].isspace():
        m = _PREV_WORD.search(text, max(0, rs - 30), rs)
        if m and m.group(1).lower() in lex.title_words:
            flags |= _LOWER_TITLE_BEFORE
        if text[rs - 1] == " " and _PLACE_PREP.search(text, max(0, rs - 12), rs):
            flags |= _PLACE_BEFORE
    return flags


def _context(text: str, rs: int) -> int:
    """Whether a run starts a sentence, a line or a label: capitals there say nothing."""
    i = rs - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return _INITIAL if i < 0 or text[i] in _ENDERS else 0


def _pieces(text: str, rs: int, re_: int, lex: Lexicon) -> list[list[tuple]]:
    """The runs inside one candidate, as (start, end, full_end, possessive, join) per
    piece: a possessive ends a run ("Lee’s North Korea") unless it is part of a name
    ("People’s Power Party"), and "US‑led" keeps only "US"."""
    out: list[list[tuple]] = []
    current: list[tuple] = []
    prev_end = -10
    prev_pos = False
    for m in PIECE.finditer(text, rs):
        start, full_end = m.span()
        if start >= re_:
            break
        ps = m.start(1)
        end = ps if ps >= 0 else full_end
        cut = False
        piece = text[start:end]
        if "-" in piece or "‑" in piece:
            if piece_norm(piece).rpartition("-")[2] in lex.adjective_suffixes:
                end = max(text.rfind("-", start, full_end), text.rfind("‑", start, full_end))
                ps, cut = -1, True
        possessive = ps >= 0
        join = None
        if current and not prev_pos and start - prev_end <= 9:
            join = lex.gaps.get(text[prev_end:start])
        if join is None and current:
            out.append(current)
            current = []
        current.append((start, end, full_end, possessive, join))
        prev_end = full_end
        prev_pos = cut or (possessive and piece_norm(text[start:end]) not in lex.soft_possessives)
    if current:
        out.append(current)
    return out


def _tokens(text: str, rs: int, pieces: list[tuple]) -> list[Token]:
    """The run as tokens with offsets relative to its start."""
    out: list[Token] = []
    prev_full = 0
    for start, end, full_end, possessive, join in pieces:
        if join is not None and join not in (JOIN_SPACE, JOIN_HYPHEN):
            out.append(Token(prev_full - rs, start - rs, join, True, False, False))
        out.append(Token(start - rs, end - rs, piece_norm(text[start:end]), False, possessive,
                         join == JOIN_HYPHEN))
        prev_full = full_end
    return out


class _Run:
    """Collects what one run yields, with offsets relative to its start."""

    def __init__(self, text: str, flags: int) -> None:
        self.text = text
        self.flags = flags
        self.out: list[tuple] = []
        self.looked_before = False  # whether the words before the run were consulted

    def emit(self, start: int, end: int, kind: int, type_: str, strength: int,
             canonical: str = "", title: str = "") -> None:
        if end > start:
            self.out.append((start, end, (self.text[start:end], kind, type_, strength, canonical, title)))


def _segments(lex: Lexicon, run: list[Token]) -> list[list]:
    """Split a run into gazetteer hits ("G"), connectors ("C") and unknown pieces ("U")."""
    segs: list[list] = []
    n = len(run)
    i = 0
    trie = lex.trie
    while i < n:
        if run[i].connector:
            segs.append(["C", i, i + 1, None])
            i += 1
            continue
        node = trie
        best = None
        j = i
        while j < n:
            node = node.get(run[j].norm)
            if node is None:
                break
            j += 1
            value = node.get(None)
            if value is not None and not run[j - 1].connector:
                best = (j, value)
        if best:
            segs.append(["G", i, best[0], best[1]])
            i = best[0]
        else:
            segs.append(["U", i, i + 1, None])
            i += 1
    return segs


def _scan_run(doc: _Run, run: list[Token], lex: Lexicon) -> tuple:
    """What one run yields: (start, end, key) with offsets into the run's own text."""
    text, flags = doc.text, doc.flags
    heading = bool(flags & _HEADING)
    initial = bool(flags & _INITIAL)
    segs = _segments(lex, run)
    used = [False] * len(segs)

    # Organisations and places named by a cue word swallow the names inside them
    # ("Seoul National University Asia Center", "East Asia Institute", "Bank of Korea").
    _cue_names(doc, lex, run, segs, used, heading)

    # A capitalised function word inside a run means Title Case (a book title or a
    # heading), where capitals are no evidence of a name.
    title_case = heading or any(
        s[0] == "U" and s[1] > 0 and run[s[1]].norm.lower() in lex.function_words for s in segs
    )
    prev_title = _LOWER_TITLE if flags & _LOWER_TITLE_BEFORE else ""
    fresh = True  # prev_title still says what came before the run
    k = 0
    while k < len(segs):
        seg = segs[k]
        if used[k]:
            prev_title, fresh = "", False
            k += 1
            continue
        kind = seg[0]
        if kind == "G":
            canonical, type_ = seg[3]
            fresh = False
            if type_ == TITLE:
                prev_title = text[run[seg[1]].start:run[seg[2] - 1].end]
            else:
                prev_title = ""
                if type_ != DEMONYM:
                    doc.emit(run[seg[1]].start, run[seg[2] - 1].end, GAZ, type_, 3, canonical)
            k += 1
            continue
        if kind == "C":
            k += 1
            continue
        # An unknown group: U pieces, joined only by name particles ("de", "bin").
        m = k + 1
        while m < len(segs) and not used[m]:
            if segs[m][0] == "U":
                m += 1
            elif (segs[m][0] == "C" and run[segs[m][1]].norm in lex.particles and m + 1 < len(segs)
                  and segs[m + 1][0] == "U" and not used[m + 1]):
                m += 2
            else:
                break
        _group(doc, lex, run, segs[k][1], segs[m - 1][2], prev_title,
               initial and seg[1] == 0, title_case, fresh)
        prev_title, fresh = "", False
        k = m
    return tuple(doc.out)


#: Stands for "a lower-case title came before": evidence of a person, no alias to list.
_LOWER_TITLE = "\1"


def _group(doc: _Run, lex: Lexicon, run: list[Token], a: int, b: int, title: str,
           initial: bool, title_case: bool, title_before: bool) -> None:
    """Decide what an unknown group run[a:b] is, and emit it."""
    text = doc.text
    fw = lex.function_words
    # Function words at either end are not part of a name ("The", "Despite").
    while a < b and (run[a].connector or run[a].norm.lower() in fw):
        if not run[a].connector:
            initial = False
        a += 1
    while b > a and (run[b - 1].connector or run[b - 1].norm.lower() in fw):
        b -= 1
    if a >= b:
        return
    pieces = [t for t in run[a:b] if not t.connector]
    if pieces[-1].norm.lower() in lex.trailing_roles:
        return  # "Visiting Scholar", "Non-resident Kelly Fellow"
    start, end = run[a].start, run[b - 1].end
    if title_before:
        doc.looked_before = True
    person_evidence = bool(title)
    alias_title = title if title != _LOWER_TITLE else ""
    if len(pieces) > 1 and all(t.hyphen for t in pieces[1:]) and not title:
        # "Lee-Ishiba", "Korea-Japan": each part is a name on its own, if anything.
        for t in pieces:
            doc.emit(t.start, t.end, WEAK, "", 0)
        return
    if title_case or len(pieces) > 4:
        doc.emit(start, end, WEAK, PERSON if person_evidence else "", 0, title=alias_title)
        return
    common = [lex.is_common(t.norm) for t in pieces]
    if len(pieces) == 1:
        norm = pieces[0].norm
        type_, strength = _single_type(doc, pieces[0], lex, person_evidence)
        weak = initial or (common[0] and not person_evidence)
        doc.emit(start, end, WEAK if weak else STRONG, type_, strength, title=alias_title)
        return
    if all(common) and not person_evidence:
        doc.emit(start, end, WEAK, "", 0)
        return
    if initial and common[0] and not person_evidence:
        doc.emit(start, end, INITIAL, PERSON, 1)
        return
    doc.emit(start, end, STRONG, PERSON, 3 if person_evidence else 1, title=alias_title)


def _single_type(doc: _Run, tok: Token, lex: Lexicon, person: bool) -> tuple[str, int]:
    if person:
        return PERSON, 3
    text = doc.text
    word = text[tok.start:tok.end]
    if len(word) > 1 and word.replace(".", "").isupper():
        return ORG, 1
    if _CAMEL.search(word) and word.endswith(lex.org_suffixes):
        return ORG, 2
    # Inside a run the words before a piece are the run's own; at its start they were
    # looked at when the run's context was taken.
    if tok.start == 0:
        doc.looked_before = True
    if (doc.flags & _PLACE_BEFORE if tok.start == 0
            else _PLACE_PREP.search(text, max(0, tok.start - 12), tok.start)):
        return PLACE, 1
    return PERSON, 0


def _cue_names(doc: _Run, lex: Lexicon, run: list[Token], segs: list[list], used: list[bool],
               heading: bool) -> None:
    n = len(segs)
    # Gazetteer organisation followed by a place: "Gallup Korea", "Google Japan".
    for k in range(n - 1):
        s, t = segs[k], segs[k + 1]
        if (s[0] == "G" and t[0] == "G" and s[3][1] == ORG and t[3][1] == PLACE
                and not run[t[1]].hyphen and not used[k]):
            _emit_span(doc, run, segs, used, k, k + 1, ORG, heading)
    cue = None
    for k in range(n - 1, -1, -1):
        s = segs[k]
        if used[k]:
            continue
        if s[0] == "U" and run[s[1]].norm.lower() in lex.org_cues:
            cue = k
            break
        # "National Security Council": a gazetteer name ending in a cue word, after
        # unknown capitalised words, is the tail of a longer name.
        if (s[0] == "G" and s[3][1] == ORG and k > 0 and segs[k - 1][0] == "U"
                and run[s[2] - 1].norm.lower() in lex.org_cues
                and run[segs[k - 1][1]].norm.lower() not in lex.function_words):
            cue = k
            break
    if cue is not None:
        left = cue
        while left > 0:
            p = segs[left - 1]
            if used[left - 1]:
                break
            if p[0] == "U" and run[p[1]].norm.lower() not in lex.function_words:
                left -= 1
            elif p[0] == "G" and p[3][1] in (PLACE, ORG, DEMONYM):
                left -= 1
            elif (p[0] == "C" and left - 2 >= 0 and segs[left - 2][0] == "U"
                  and run[segs[left - 2][1]].norm.lower() in lex.org_cues):
                left -= 1
            else:
                break
        right = cue
        if (cue + 2 < n and segs[cue + 1][0] == "C"
                and run[segs[cue + 1][1]].norm in ("of", "for", "on", "of the", "for the", "on the")
                and run[segs[cue + 2][1]].norm.lower() not in lex.function_words):
            right = cue + 2
            while right + 1 < n and segs[right + 1][0] in ("U", "G") and not (
                    segs[right + 1][0] == "G" and segs[right + 1][3][1] == TITLE) and not (
                    run[segs[right + 1][1]].norm.lower() in lex.function_words):
                right += 1
            if segs[right][0] == "G" and segs[right][3][1] == TITLE:
                right = cue
        if right > left:
            _emit_span(doc, run, segs, used, left, right, ORG, heading)
    # Places by their last word ("Jeonnam Province") or first ("Mount Halla").
    for k in range(n):
        s = segs[k]
        if used[k] or s[0] != "U":
            continue
        norm = run[s[1]].norm.lower()
        if norm in lex.place_cues and k > 0 and segs[k - 1][0] in ("U", "G") and not used[k - 1] and (
                segs[k - 1][0] == "U" or segs[k - 1][3][1] == PLACE):
            left = k - 1
            while left > 0 and not used[left - 1] and (segs[left - 1][0] == "U" or (
                    segs[left - 1][0] == "G" and segs[left - 1][3][1] == PLACE)):
                left -= 1
            if run[segs[left][1]].norm.lower() not in lex.function_words:
                _emit_span(doc, run, segs, used, left, k, PLACE, heading)
        elif norm in lex.place_prefixes and k + 1 < n and segs[k + 1][0] in ("U", "G") and not used[k + 1]:
            right = k + 1
            while right + 1 < n and segs[right + 1][0] == "U" and not used[right + 1]:
                right += 1
            if not (segs[right][0] == "G" and segs[right][3][1] in (TITLE, DEMONYM)):
                _emit_span(doc, run, segs, used, k, right, PLACE, heading)


def _emit_span(doc: _Run, run: list[Token], segs: list[list], used: list[bool], k0: int, k1: int,
               type_: str, heading: bool) -> None:
    start, end = run[segs[k0][1]].start, run[segs[k1][2] - 1].end
    doc.emit(start, end, WEAK if heading else STRONG, type_, 3)
    for k in range(k0, k1 + 1):
        used[k] = True
