"""An article's title: a real headline, or one made from the body when archives left junk."""

from __future__ import annotations

import re

from briefing.corpus.text import clean_text

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
#: A title made from the body is cut to about this many characters.
TITLE_MAX = 100


def is_real_title(title: str) -> bool:
    """False for what archives leave where a headline should be: nothing, punctuation,
    dashes, numbers, markup. One word of two letters is enough ("URGENT" is a title)."""
    return _LETTER_WORD.search(title) is not None


def clean_title(title: str) -> str:
    if "<" in title:
        title = _TAG.sub(" ", title)
    return " ".join(title.split())


def title_from_body(body: str) -> tuple[str, str]:
    """(title, body) from the first paragraph with at least two words. A short one is
    a headline and moves out of the body; a long one is the lead, stays, and the
    title is its first sentence, or its start."""
    paragraphs = body.split("\n\n")
    for i, para in enumerate(paragraphs):
        if len(_LETTER_WORD.findall(para, 0, 300)) < 2:
            continue
        if len(para) <= TITLE_MAX:
            return para, "\n\n".join(paragraphs[:i] + paragraphs[i + 1:])
        return _shorten(para), body
    return "", body


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"”’][.!?])\s+(?=[A-Z\"“‘])")


def _shorten(para: str) -> str:
    end = _SENTENCE_END.search(para, 20, TITLE_MAX + 1)
    if end:
        return para[:end.start()]
    cut = para.rfind(" ", 0, TITLE_MAX)
    if cut < TITLE_MAX // 2:
        cut = TITLE_MAX
    return para[:cut].rstrip(" ,;:-–—") + "…"


def split_title(text: str) -> tuple[str, str]:
    text = clean_text(text)
    title, _, body = text.partition("\n\n")
    return title.strip(), body.strip()
