"""The ``stories:`` section of the user's fixes file: rename, merge and split stories.

The same file as the entity fixes (``entities.aliases`` in config.yaml). The fixes are
applied when the stories are read, not when they are found, so an edit shows at once
(no re-index) and a sync that regroups the corpus keeps them::

    stories:
      rename:   # story (id or label) -> the label shown
        s1a2b3c4d: Danube floods
      merge:    # story -> the story it is folded into (whose label is kept)
        s5e6f7a8b: s1a2b3c4d
      split:    # a new story's label -> the articles taken out of theirs into it
        Port strike, second week: [strike-031, strike-032]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import reprlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing import bounded_yaml

from briefing.errors import BriefingError

_KEYS = ("rename", "merge", "split")


class StoryFixError(BriefingError):
    """The fixes file's stories section cannot be used: names the file and the key."""


@dataclass(frozen=True)
class StoryFixes:
    rename: dict[str, str] = field(default_factory=dict)
    merge: dict[str, str] = field(default_factory=dict)
    split: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.rename or self.merge or self.split)


def _text(path: Path, where: str, value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise StoryFixError(f"{path}: {where}: expected a story id or label, got {reprlib.repr(value)}"[:200])
    return " ".join(value.split())


def _mapping(path: Path, where: str, value) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise StoryFixError(f"{path}: {where}: expected a mapping (story: value)")
    return value


def parse(path: Path, data) -> StoryFixes:
    section = _mapping(path, "stories", data)
    for key in section:
        if key not in _KEYS:
            raise StoryFixError(f"{path}: stories.{key}: unknown key (expected one of {', '.join(_KEYS)})")
    rename = {_text(path, "stories.rename", k): _text(path, f"stories.rename.{k}", v)
              for k, v in _mapping(path, "stories.rename", section.get("rename")).items()}
    merge = {_text(path, "stories.merge", k): _text(path, f"stories.merge.{k}", v)
             for k, v in _mapping(path, "stories.merge", section.get("merge")).items()}
    split = {}
    for k, v in _mapping(path, "stories.split", section.get("split")).items():
        label = _text(path, "stories.split", k)
        ids = [v] if isinstance(v, str) else v
        if not isinstance(ids, list) or not ids:
            raise StoryFixError(f"{path}: stories.split.{label}: expected a list of article ids")
        split[label] = tuple(_text(path, f"stories.split.{label}[{i}]", x) for i, x in enumerate(ids))
    return StoryFixes(rename, merge, split)


class FixesFile:
    """Read again only when the file changed, so every story lookup may ask."""

    def __init__(self, path: Path | None):
        self.path = Path(path) if path else None
        self._stamp: tuple | None = None
        self._fixes = StoryFixes()

    def load(self) -> StoryFixes:
        if self.path is None:
            return self._fixes
        try:
            st = os.stat(self.path)
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            # A missing fixes file is the entity loader's to report; stories go unfixed.
            return StoryFixes()
        if stamp != self._stamp:
            try:
                data = bounded_yaml.safe_load(self.path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError, bounded_yaml.YamlLimit) as exc:
                # Said in one line, as the entity fixes say it: a user's renames silently
                # gone would look like briefing forgot them.
                mark = getattr(exc, "problem_mark", None)
                reason = exc if isinstance(exc, (bounded_yaml.YamlLimit, OSError)) else \
                    f"line {mark.line + 1}: not valid YAML" if mark else "not valid YAML"
                raise StoryFixError(f"{self.path}: {reason}"[:200]) from None
            self._fixes = parse(self.path, data.get("stories") if isinstance(data, dict) else None)
            self._stamp = stamp
        return self._fixes


def split_id(label: str) -> str:
    return "s" + hashlib.blake2b(("split:" + label).encode("utf-8"), digest_size=4).hexdigest()


def apply(stories: list, fixes: StoryFixes) -> tuple[list, list[str]]:
    """The stories as the user wants them (splits, then merges, then renames), and a
    line for each fix that names no story: a later sync may have regrouped the corpus,
    and that should not stop `briefing stories` or the app, only be said."""
    if not fixes:
        return stories, []
    from briefing.stories.store import Story

    warnings: list[str] = []
    stories = [Story(s.id, s.label, list(s.articles)) for s in stories]
    for label, ids in fixes.split.items():
        wanted = set(ids)
        taken = []
        for s in stories:
            # An article named by a copy's id moves with its original and other copies.
            taken += [a for a in s.articles if {a.id, *a.copies} & wanted]
            s.articles = [a for a in s.articles if not ({a.id, *a.copies} & wanted)]
        missing = sorted(wanted - {i for a in taken for i in (a.id, *a.copies)})
        if missing:
            warnings.append(f"stories.split.{label}: no article {missing[0]!r} in any story")
        if taken:
            stories.append(Story(split_id(label), label, sorted(taken, key=_by_date)))
    stories = [s for s in stories if s.articles]
    for source, target in fixes.merge.items():
        a, b = _find(stories, source), _find(stories, target)
        if a is None or b is None:
            warnings.append(f"stories.merge.{source}: no story {(target if a else source)!r}; not merged")
        elif a is not b:
            b.articles = sorted(b.articles + a.articles, key=_by_date)
            stories.remove(a)
    for key, label in fixes.rename.items():
        story = _find(stories, key)
        if story is None:
            warnings.append(f"stories.rename.{key}: no story {key!r}; not renamed")
        else:
            story.label = label
    stories.sort(key=lambda s: (-s.size, s.first or dt.date.max, s.id))
    return stories, warnings


def _find(stories: list, key: str):
    """By id, else by label (the label the grouping gave it, or an earlier fix's)."""
    low = key.lower()
    return (next((s for s in stories if s.id == key or s.id == "s" + low), None)
            or next((s for s in stories if s.label.lower() == low), None))


def _by_date(article):
    return (article.published or dt.date.max, article.id)
