"""The words and patterns that quotations and their attributions are read by."""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.text.sentences import split_paragraph as _split_paragraph


# Paragraphs are split again for every quotation in them; the split is kept.
split_paragraph = lru_cache(maxsize=4096)(_split_paragraph)

#: Verbs that introduce or close a quotation.
SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|noted|notes|argued|argues|warned|warns|"
    "insisted|insists|explained|explains|declared|declares|wrote|writes|asked|asks|replied|"
    "replies|urged|urges|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|announced|announces|"
    "promised|promises|pledged|pledges|remarked|recalled|recounted|continued|concluded|acknowledged|"
    "admitted|confirmed|confirms|claimed|claims|called|calling|calls|describing|described|saying|"
    "vowed|vows|tweeted|posted|answered|responded|suggested|suggests|predicted|cautioned|conceded|"
    "testified|agreed|complained|observed|commented|quipped|joked|shouted|cried|cited|cites|"
    "wondered|adding|noting|stressing|warning|asking|explaining|insisting|arguing|declaring|"
    "telling|quoted|quoting"
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
_SP = r"[ \u00a0]+"
MIN_WORDS = 5

_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
# The same verbs as a set: looking each lower-case word up is faster than the
# alternation, and every sentence of a quoting article is read for them.
_VERB_WORDS = frozenset(
    w for v in SPEECH_VERBS.split("|")
    for w in ([v.replace("[sz]", "s"), v.replace("[sz]", "z")] if "[sz]" in v else [v])
)
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
# Verbs that may come before their subject: "…,'' said Lee" (not "told": its object follows).
_VERB_FIRST = re.compile(
    r"[\s,;:]*(?:(?:also|later|then)\s+)?(?P<v>said|says|added|adds|asked|asks|explained|recalled|"
    r"recounted|wrote|writes|continued|insisted|noted|notes|agreed|warned|declared|replied|"
    r"answered|stressed|argued|observed|commented|conceded|cautioned|concluded|announced)\b")
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
# "… Lee said, " or "… wrote in an opinion piece, " opening a quote whose mark was lost.
_INTRODUCER = re.compile(rf"\b(?:{SPEECH_VERBS})\b(?:[ \t]+[^\s,.;:!?]+){{0,8}}?[ \t]*[,:][ \t]+(?=\S)")
_QUOTED_AS = re.compile(r"\bquoted\s+(?P<np>[^,.;]{2,80}?),?\s+as\s+saying\b")

_NOT_NAMES = frozenset(
    """a an the this that these those it its in on at by for from with without despite
    however but and or so yet while although though when whenever if since after before
    during perhaps meanwhile still also even just only then there here as because many
    most some several both all each every such other another one two three no not what
    who why how where which for to of i we you they he she his her their our my""".split()
)
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    tomorrow morning afternoon evening night january february march april may june july
    august september october november december week month year""".split()
)
_AUX = frozenset(
    """also later then again has had have would will is was were are further repeatedly
    previously recently earlier once often ultimately finally now still even only just
    reportedly here there today yesterday tonight flatly simply quickly quietly later
    herself himself themselves itself""".split()
)
_CONJ = frozenset("and but so yet while though although whereas because for as that or nor".split())
# Words that open an adverbial phrase before a sentence's subject: "After Budd gave his
# name, the employee asked ...".
_INTRO = frozenset(
    """after when if as although though while despite in on at during since before
    concerning asked speaking with until once for earlier later under unlike like given
    following without because from by of to over regarding apart besides amid among
    throughout upon whether once having""".split()
)
_LEADING = frozenset("but and so yet still however meanwhile also now then instead thus".split())
_PREPOSITIONS = frozenset(
    """of in at from for with on to by who whom which that whose under near after before
    during while about against into onto over than via where when""".split()
)
_INDEFINITE = frozenset("a an one another some several two three four many".split())
# "the prime minister", "the paper": words that refer back to a name they were used with.
_COREF_NOUNS = frozenset(
    """minister president premier chancellor secretary governor mayor senator ambassador
    spokesman spokeswoman chairman chairwoman director commissioner prosecutor judge king
    queen leader general paper newspaper daily agency ministry company firm owner coach curator
    librarian publicist attorney lawyer sheriff founder spokesperson producer""".split()
)
_DETERMINERS = frozenset("the a an one another this that".split())
_PP = frozenset("of in at from for with on to by under near about".split())
# Words that describe a speaker before the name: "defense attorney Wyatt Skaggs".
_DESCRIPTORS = frozenset(
    """former chief senior deputy top defense defence police assistant acting foreign prime
    vice general state federal county city district local national party opposition
    presidential military security health finance interior justice foreign-affairs
    government union defence""".split()
)
# Nouns that name a person without naming them: "the official said" has a speaker the
# text does not name.
_PERSON_NOUNS = frozenset(
    """official spokesman spokeswoman spokesperson employee diplomat analyst source pilot
    man woman mother father son daughter wife husband resident witness expert leader
    minister officer agent prosecutor lawyer attorney manager director chief head president
    chairman chairwoman secretary aide adviser advisor student professor scientist doctor
    physician guard soldier commander worker member friend neighbor neighbour survivor
    victim owner organizer organiser activist critic judge juror senator governor mayor
    ambassador envoy negotiator representative engineer economist executive clerk deputy
    sheriff investigator researcher teacher author writer reporter correspondent journalist
    editor fan user farmer villager premier chancellor king queen general colonel captain
    lieutenant sergeant detective inspector coach player singer actor actress director
    producer founder publicist partner colleague relative uncle aunt brother sister cousin
    boy girl child person chief-of-staff geologist seismologist psychiatrist balloonist
    instructor bartender official's""".split()
)
# Organisations the text calls by a common noun: "the paper said", "the ministry said".
_ORG_NOUNS = frozenset(
    """paper newspaper daily agency ministry company council government committee
    commission court embassy party group organization organisation union firm bank
    office department board network station magazine weekly""".split()
)
_DATELINE = re.compile(r"^[A-Z][A-Za-z.'’ \-]{1,40}(?:,[A-Za-z.'’ \-]{1,30})?(?:,\s*\w+\.?\s*\d{1,2})?"
                       r"(?:\s*\((?:AP|Xinhua|Reuters|AFP|UPI)\))?\s*(?:--|_|—)\s+")
