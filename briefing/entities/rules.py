"""The rules of the builtin engine: what one run of capitalised words names, if anything."""

from __future__ import annotations

import re

from .lexicon import DEMONYM, TITLE, Lexicon
from .model import GAZ, MISC, ORG, PERSON, PLACE, STRONG, WEAK
from .tokens import Token

#: Sentence-initial group whose first word is an everyday word ("Frontrunner Lee
#: Jae-myung", but also "Lee Jae Myung"): the resolver keeps its known part, else all.
INITIAL = 3

# Facts about the text around a run (see extract.py), as bits of ``Run.flags``.
INITIAL_FLAG, HEADING, LOWER_TITLE_BEFORE, PLACE_BEFORE = 1, 2, 4, 8
THE_BEFORE = 16  # "the Kursk": people are not "the"
ORG_BEFORE = 2048  # "the newspaper Kayhan", "the pro-ETA party Euskal Herritarrok"
ON_BEFORE = 8192  # "on Larkspur Hill": a place only when the name ends in a street word
QUOTED_TITLE = 4096  # ``Owls Keep Counting.'': a work's title in quote marks, not a name
# What follows the run: "X newspaper", "X, Iraq", "the X submarine", "X, 27,", "X said",
# "Fla." (the full stop of an abbreviation).
ORG_AFTER, PLACE_AFTER, MISC_AFTER, PERSON_AFTER, SAID_AFTER, DOT_AFTER = 32, 64, 128, 256, 512, 1024

#: Months and modal verbs that are also given names: "June Stevens", "the Rev. August
#: Thompson" keep them when a name that is not an everyday word follows.
_NAME_LIKE_FUNCTION = frozenset({"april", "may", "june", "august", "will", "jan"})  # "Jan Sorelsen"

#: An everyday word shaped like a role ("Sponsor", "Frontrunner", "Spokesman"): at the
#: start of a sentence before a full name it is the person's role, not their name.
# Function words that prose capitalises anyway: "Lee Kuan Yew on Monday" is no headline.
_CAPITALISED_ANYWAY = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon january february march
    april june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec thanksgiving christmas easter ramadan hanukkah passover halloween eid
    internet web euro euros""".split())
_COMPASS = frozenset("north south east west northern southern eastern western upper lower central".split())
_STREET_WORDS = frozenset("hill boulevard lane drive plaza row way mall".split())
_ADJECTIVE_TITLES = frozenset({"general", "major", "private", "grand", "chief"})
_ROLE_NOUN = re.compile(r"..(?:er|or|ist|ian|ant|ent|man|woman|ee)$")

PLACE_PREP = re.compile(r"\b(?:in|at|near|across|outside|inside)(?: the)? $")
_CAMEL = re.compile(r"[a-z][A-Z]")


class Run:
    """Collects what one run yields, with offsets relative to its start."""

    def __init__(self, text: str, flags: int) -> None:
        self.text = text
        self.flags = flags
        self.out: list[tuple] = []
        self.looked_before = False  # whether the words around the run were consulted

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
            norm = run[j].norm
            nxt = node.get(norm)
            if nxt is None and len(norm) > 2 and norm.isupper():
                # "MADRID", "NEW DELHI": a dateline or headline in capitals.
                nxt = node.get(norm.lower())
            node = nxt
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
    # A given name before a one-word gazetteer alias is a person's name: "David
    # Spiegel" is not Der Spiegel, "Jack London" not the city.
    given = lex.male_names | lex.female_names
    for k in range(len(segs) - 1):
        seg, nxt = segs[k], segs[k + 1]
        if (seg[0] == "G" and seg[3][1] == TITLE and seg[2] - seg[1] == 1 and nxt[0] == "U"
                and run[seg[1]].norm.lower() in _ADJECTIVE_TITLES and lex.is_common(run[nxt[1]].norm)):
            # "General Motors", "General Electric", "Major League": a title that is
            # also an adjective, before an everyday word, names no one.
            segs[k] = ["U", seg[1], seg[2], None]
    for k in range(1, len(segs)):
        seg, prev = segs[k], segs[k - 1]
        if (seg[0] == "G" and seg[2] - seg[1] == 1 and seg[3][1] in (ORG, PLACE)
                and prev[0] == "U" and run[prev[1]].norm.lower() in given):
            segs[k] = ["U", seg[1], seg[2], None]
    return segs


def scan_run(doc: Run, run: list[Token], lex: Lexicon) -> tuple:
    """What one run yields: (start, end, key) with offsets into the run's own text."""
    text, flags = doc.text, doc.flags
    heading = bool(flags & (HEADING | QUOTED_TITLE))
    initial = bool(flags & INITIAL_FLAG)
    segs = _segments(lex, run)
    if segs and segs[-1][1] == len(run) - 1:
        # "Memphis, Tenn.", "Jackson, Miss.": a state's abbreviation, known by its full stop.
        known = lex.dotted.get(run[-1].norm.lower())
        if known is not None:
            doc.looked_before = True
            if flags & DOT_AFTER:
                segs[-1] = ["G", len(run) - 1, len(run), known]
    used = [False] * len(segs)

    # Organisations and places named by a cue word swallow the names inside them
    # ("Seoul National University Asia Center", "East Asia Institute", "Bank of Korea").
    _cue_names(doc, lex, run, segs, used, heading)

    # A capitalised function word inside a run means Title Case (a book title or a
    # heading), where capitals are no evidence of a name.
    title_case = heading or any(
        s[0] == "U" and s[1] > 0 and run[s[1]].norm.lower() in lex.function_words
        and run[s[1]].norm.lower() not in _CAPITALISED_ANYWAY and not run[s[1]].norm.isupper()
        and not (run[s[1]].norm.lower() in _NAME_LIKE_FUNCTION and s[1] + 1 < len(run)
                 and not lex.is_common(run[s[1] + 1].norm))
        for s in segs
    )
    prev_title = _LOWER_TITLE if flags & LOWER_TITLE_BEFORE else ""
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
            # "President and Hillary Clinton": a title before a connector is not hers.
            prev_title = ""
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


def _group(doc: Run, lex: Lexicon, run: list[Token], a: int, b: int, title: str,
           initial: bool, title_case: bool, title_before: bool) -> None:
    """Decide what an unknown group run[a:b] is, and emit it."""
    fw = lex.function_words
    # Function words at either end are not part of a name ("The", "Despite").
    while a < b and (run[a].connector or run[a].norm.lower() in fw):
        if (run[a].norm.lower() in _NAME_LIKE_FUNCTION and a + 1 < b and not run[a + 1].connector
                and not lex.is_common(run[a + 1].norm) and not doc.flags & PLACE_BEFORE
                and (a == 0 or title)):
            break
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
        type_, strength = _single_type(doc, pieces[0], lex, person_evidence)
        weak = initial or (common[0] and not person_evidence)
        doc.emit(start, end, WEAK if weak else STRONG, type_, strength, title=alias_title)
        return
    if all(common) and not person_evidence:
        doc.emit(start, end, WEAK, "", 0)
        return
    if person_evidence:
        doc.emit(start, end, STRONG, PERSON, 3, title=alias_title)
        return
    last, first = pieces[-1].norm.lower(), pieces[0].norm.lower()
    if (first in _COMPASS and start == 0 and doc.flags & PLACE_BEFORE) or \
            (last in _STREET_WORDS and start == 0 and doc.flags & (ON_BEFORE | PLACE_BEFORE)):
        # "in East Marrowby", "on Larkspur Hill", "on Harrow Boulevard"
        doc.looked_before = True
        doc.emit(start, end, STRONG, PLACE, 2)
        return
    if last in lex.misc_cues or first in lex.misc_prefixes:
        # "Lizarra Declaration", "Sherman Antitrust Act", "USS Briscoe"
        doc.emit(start, end, STRONG, MISC, 3)
        return
    given = lex.male_names | lex.female_names
    if common[0] and len(pieces) >= 3 and pieces[0].norm.lower() not in given and (
            pieces[1].norm.lower() in given
            or (not any(common[1:]) and _ROLE_NOUN.search(pieces[0].norm.lower()))):
        # "Sheriff Dale Ambrin said", "U.S. Attorney Nora Pell", "Secretary of
        # Transport Owen Haldane": an everyday word (a role, a portfolio) before a
        # full name is not part of it, at a sentence's start or inside it.
        doc.emit(pieces[1].start, end, STRONG, PERSON, 1)
        return
    if initial and common[0]:
        doc.emit(start, end, INITIAL, PERSON, 1)
        return
    type_, strength = _context_type(doc, start == 0, end == len(doc.text)) or (PERSON, 1)
    doc.emit(start, end, STRONG, type_, strength, title=alias_title)


def _context_type(doc: Run, at_start: bool, at_end: bool) -> tuple[str, int] | None:
    """The type the words around a name give it, if they say anything."""
    f = doc.flags
    if at_start or at_end:
        doc.looked_before = True
    if at_end and f & (PERSON_AFTER | MISC_AFTER | ORG_AFTER | PLACE_AFTER):
        if f & PERSON_AFTER:
            return PERSON, 2
        if f & MISC_AFTER:
            return MISC, 2
        return (ORG, 2) if f & ORG_AFTER else (PLACE, 2)
    if at_start:
        doc.looked_before = True
        if f & ORG_BEFORE:
            return ORG, 2
        if f & PLACE_BEFORE:
            return PLACE, 1
        if f & THE_BEFORE:
            return ORG, 1
    if at_end and f & SAID_AFTER:
        return PERSON, 1
    return None


def _single_type(doc: Run, tok: Token, lex: Lexicon, person: bool) -> tuple[str, int]:
    if person:
        return PERSON, 3
    text = doc.text
    word = text[tok.start:tok.end]
    at_start, at_end = tok.start == 0, tok.end == len(text)
    if len(word) > 1 and word.replace(".", "").isupper():
        if at_end:
            doc.looked_before = True
        return (MISC, 2) if at_end and doc.flags & MISC_AFTER else (ORG, 1)
    if _CAMEL.search(word) and word.endswith(lex.org_suffixes):
        return ORG, 2
    got = _context_type(doc, at_start, at_end)
    if got is not None:
        return got
    # Inside a run the words before a piece are the run's own; at its start they were
    # looked at when the run's context was taken.
    if not at_start and PLACE_PREP.search(text, max(0, tok.start - 12), tok.start):
        return PLACE, 1
    # A lone word that the article never gives a first name or a title to is,
    # in news, a place, a team, a firm or a paper far more often than a person.
    return ORG, 0


def _cue_names(doc: Run, lex: Lexicon, run: list[Token], segs: list[list], used: list[bool],
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


def _emit_span(doc: Run, run: list[Token], segs: list[list], used: list[bool], k0: int, k1: int,
               type_: str, heading: bool) -> None:
    start, end = run[segs[k0][1]].start, run[segs[k1][2] - 1].end
    doc.emit(start, end, WEAK if heading else STRONG, type_, 3)
    for k in range(k0, k1 + 1):
        used[k] = True
