"""Optional spaCy engine (extra ``briefing[nlp]``), loaded only when config asks for it."""

from __future__ import annotations

import re
from typing import Callable

from .model import STRONG, DocExtraction, EntityError, Key
from .tokens import index_of, sentence_at, sentence_starts

_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": None}
_PARA = re.compile(r"[^\n]+")
MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")


def make_extractor(model: str | None = None) -> Callable[[str], DocExtraction]:
    """A text -> DocExtraction function backed by spaCy; EntityError when unavailable."""
    try:
        import spacy  # noqa: PLC0415 - optional dependency, imported on demand
    except ImportError:
        raise EntityError("entity engine 'spacy' needs spaCy: pip install 'briefing[nlp]'") from None
    nlp = None
    for name in ([model] if model else MODELS):
        try:
            nlp = spacy.load(name, disable=["lemmatizer"])
            break
        except (OSError, ImportError):
            continue
    if nlp is None:
        raise EntityError("entity engine 'spacy' needs an English model: python -m spacy download en_core_web_sm")

    def extract(text: str) -> DocExtraction:
        out = DocExtraction()
        index: dict[Key, int] = {}
        starts = sentence_starts(text)
        paras = [m.start() for m in _PARA.finditer(text)] or [0]
        for ent in nlp(text).ents:
            type_ = _LABELS.get(ent.label_)
            if not type_:
                continue
            start, end = ent.start_char, ent.end_char
            surface = text[start:end]
            if surface.endswith(("’s", "'s")):
                end -= 2
                surface = surface[:-2]
            if not surface.strip():
                continue
            key = Key(surface, STRONG, type_, 3)
            idx = index.setdefault(key, len(out.keys))
            if idx == len(out.keys):
                out.keys.append(key)
            sent = index_of(starts, start)
            out.sentences.setdefault(sent, sentence_at(text, starts, sent))
            out.flat.extend((start, end, idx, index_of(paras, start), sent))
        return out

    return extract
