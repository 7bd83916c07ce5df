"""A story's label: the terms most distinctive of it, in their usual written form."""

from __future__ import annotations

import math

#: Words in a label.
LABEL_TERMS = 4


def label(member_counts: list[dict[str, list]], df: dict[str, int], docs: int) -> str:
    """The terms that most of the story's articles use and few others do."""
    spread: dict[str, int] = {}
    forms: dict[str, dict[str, int]] = {}
    for counts in member_counts:
        for t, (_n, form) in counts.items():
            spread[t] = spread.get(t, 0) + 1
            f = forms.setdefault(t, {})
            f[form] = f.get(form, 0) + 1
    n = max(1, len(member_counts))
    scored = []
    for t, k in spread.items():
        inside = k / n
        outside = (df.get(t, k) - k + 1) / (docs - n + 1)
        scored.append((inside * math.log(1 + inside / outside), t))
    scored.sort(key=lambda x: (-x[0], x[1]))
    words = []
    for _score, t in scored[:LABEL_TERMS]:
        words.append(max(forms[t].items(), key=lambda kv: (kv[1], kv[0]))[0])
    return " · ".join(words) if words else "(untitled)"
