"""The stories of one index, kept beside its entity store and updated after each sync.

Two files: ``features.json`` holds what placing a new article needs (each article's
term counts, copy sketch and vector), read only by a sync; ``stories.json`` is the
small summary that `briefing stories` and the app read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from briefing.atomic import replace_file
from briefing.errors import BriefingError
from briefing.stories import copies, grouping, labels
from briefing.stories.fixes import FixesFile
from briefing.stories.fixes import apply as apply_fixes

VERSION = 1
FEATURES = "features.json"
SUMMARY = "stories.json"
#: Batches at least this large get a refinement pass (a first sync, a rebuild).
REFINE_MIN = 2


@dataclass
class StoryArticle:
    id: str
    source: str
    published: dt.date | None
    title: str
    copies: list[str] = field(default_factory=list)
    copy_sources: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"id": self.id, "source": self.source, "title": self.title,
                "published": self.published.isoformat() if self.published else None,
                "copies": list(self.copies), "copy_sources": list(self.copy_sources)}


@dataclass
class Story:
    id: str
    label: str
    articles: list[StoryArticle]

    @property
    def sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for a in self.articles:
            for s in [a.source, *a.copy_sources]:
                if s:
                    seen.setdefault(s, None)
        return sorted(seen)

    @property
    def first(self) -> dt.date | None:
        dates = [a.published for a in self.articles if a.published]
        return min(dates) if dates else None

    @property
    def last(self) -> dt.date | None:
        dates = [a.published for a in self.articles if a.published]
        return max(dates) if dates else None

    @property
    def article_ids(self) -> set[str]:
        return {i for a in self.articles for i in (a.id, *a.copies)}

    @property
    def size(self) -> int:
        return sum(1 + len(a.copies) for a in self.articles)

    def to_json(self) -> dict:
        return {"id": self.id, "label": self.label, "sources": self.sources,
                "first": self.first.isoformat() if self.first else None,
                "last": self.last.isoformat() if self.last else None,
                "count": self.size, "articles": [a.to_json() for a in self.articles]}


class UnknownStory(BriefingError):
    """A scope or command names a story the corpus does not have."""


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _story_id(founder: str) -> str:
    return "s" + hashlib.blake2b(founder.encode("utf-8"), digest_size=4).hexdigest()


class StoryStore:
    def __init__(self, directory: Path, fixes: Path | None = None):
        self.directory = Path(directory)
        self.fixes = FixesFile(fixes)
        """The user's fixes file; its stories: section is applied as the stories are read."""
        self.fix_warnings: list[str] = []
        """Fixes that named no story, the last time the stories were read."""
        self.docs: dict[str, dict] = {}
        self.df: dict[str, int] = {}
        self.labels: dict[str, str] = {}
        self._loaded = False
        self._summary: list[Story] | None = None
        self._fixed: tuple | None = None

    @classmethod
    def open(cls, directory: Path, fixes: Path | None = None) -> "StoryStore":
        return cls(directory, fixes)

    # ------------------------------------------------------------- reading

    def stories(self) -> list[Story]:
        """Every story, largest first (the summary file only), with the user's fixes."""
        if self._summary is None:
            self._summary = self._read_summary()
        fixes = self.fixes.load()
        if not fixes:
            self.fix_warnings = []
            return self._summary
        if self._fixed is None or self._fixed[0] is not fixes or self._fixed[1] is not self._summary:
            fixed, warnings = apply_fixes(self._summary, fixes)
            self._fixed = (fixes, self._summary, fixed)
            self.fix_warnings = warnings
        return self._fixed[2]

    def _read_summary(self) -> list[Story]:
        try:
            data = json.loads((self.directory / SUMMARY).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return []
        out = []
        for s in data.get("stories", []):
            arts = [StoryArticle(a["id"], a.get("source") or "", _date(a.get("published")), a.get("title") or "",
                                 list(a.get("copies") or []), list(a.get("copy_sources") or []))
                    for a in s.get("articles", [])]
            out.append(Story(s["id"], s.get("label") or "", arts))
        return out

    def find(self, key: str) -> Story | None:
        """A story by id, or by its label (case-insensitive, whole or a word of it)."""
        key = key.strip()
        low = key.lower()
        stories = self.stories()
        for s in stories:
            if s.id == key or s.id == "s" + low:
                return s
        for s in stories:
            if s.label.lower() == low:
                return s
        for s in stories:
            words = [w.strip().lower() for w in s.label.split("·")]
            if low in words or low in s.label.lower():
                return s
        return None

    def story_of(self, article_id: str) -> Story | None:
        for s in self.stories():
            if article_id in s.article_ids:
                return s
        return None

    # ------------------------------------------------------------- updating

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            data = json.loads((self.directory / FEATURES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return
        self.docs = data.get("docs", {})
        self.df = data.get("df", {})
        self.labels = data.get("labels", {})

    @property
    def empty(self) -> bool:
        self._load()
        return not self.docs

    def update(self, changed: Iterable, removed: Iterable[str]) -> None:
        """Place changed articles (briefing.corpus.Article) and forget removed ids."""
        self._load()
        changed = list(changed)
        gone = set(removed) | {a.id for a in changed if a.id in self.docs}
        for aid in gone:
            self._forget(aid)
        fresh = {}
        for art in changed:
            counts = grouping.term_counts(art.title, art.body)
            fresh[art.id] = {"c": counts, "s": copies.sketch(art.body or art.title), "src": art.source or "",
                             "pub": art.published.isoformat() if art.published else None, "t": art.title}
            for t in counts:
                self.df[t] = self.df.get(t, 0) + 1
        ci, grouper = self._structures()
        docs_n = len(self.docs) + len(fresh)
        order = sorted(fresh, key=lambda aid: (fresh[aid]["pub"] or "9999", aid))
        for aid in order:
            doc = fresh[aid]
            self.docs[aid] = doc
            match = ci.best_match(doc["s"])
            if match is not None:
                doc["copy_of"] = match[0]
                doc["story"] = self.docs[match[0]]["story"]
                continue
            ci.add(aid, doc["s"])
            doc["v"] = grouping.vector(doc["c"], self.df, docs_n)
            doc["story"] = grouper.place(aid, doc["v"], _date(doc["pub"]), _story_id)
        placed = [aid for aid in order if not self.docs[aid].get("copy_of")]
        if len(placed) >= REFINE_MIN:
            grouper = self._refine(grouper, placed)
        self._relabel(grouper)
        self._save(grouper)

    def _refine(self, grouper, placed: list[str]):
        """One k-means step over a large batch: single-pass clustering depends on the
        order articles arrive in, and the first articles of a story chose before its
        centroid had formed. Each is moved to the centroid it is now most like."""
        for aid in placed:
            doc = self.docs[aid]
            found = grouper.best(doc["v"], _date(doc["pub"]))
            if found is not None:
                doc["story"] = found[0]
        grouper = self._structures()[1]
        # Stories the single pass split (two halves of one story, each with its own
        # vocabulary at first) are joined when their centroids are alike.
        remap = grouper.merge_alike(grouping.MERGE)
        small = grouping.SMALL
        for aid in placed:
            doc = self.docs[aid]
            doc["story"] = remap.get(doc["story"], doc["story"])
        sizes: dict[str, int] = {}
        for aid in placed:
            sizes[self.docs[aid]["story"]] = sizes.get(self.docs[aid]["story"], 0) + 1
        grouper = self._structures()[1]
        # A story of one or two articles is most often a stray of a larger one.
        for aid in placed:
            doc = self.docs[aid]
            if len(grouper.clusters[doc["story"]].members) <= small:
                found = grouper.best(doc["v"], _date(doc["pub"]), floor=grouping.STRAY, skip=doc["story"])
                if found is not None and len(grouper.clusters[found[0]].members) > small:
                    doc["story"] = found[0]
        for aid, doc in self.docs.items():
            parent = doc.get("copy_of")
            if parent:
                doc["story"] = self.docs[parent]["story"]
        return self._structures()[1]

    def rebuild(self, articles: Iterable) -> None:
        self.docs, self.df, self.labels, self._loaded = {}, {}, {}, True
        self.update(articles, [])

    def _forget(self, aid: str) -> None:
        doc = self.docs.pop(aid, None)
        if doc is None:
            return
        for t in doc["c"]:
            n = self.df.get(t, 0) - 1
            if n > 0:
                self.df[t] = n
            else:
                self.df.pop(t, None)
        if doc.get("copy_of"):
            return
        # A canonical article that had copies: the earliest copy takes its place.
        heirs = sorted((d.get("pub") or "9999", i) for i, d in self.docs.items() if d.get("copy_of") == aid)
        if heirs:
            heir = heirs[0][1]
            hd = self.docs[heir]
            hd.pop("copy_of", None)
            hd["v"] = doc.get("v") or {}
            for _p, other in heirs[1:]:
                self.docs[other]["copy_of"] = heir

    def _structures(self):
        ci = copies.CopyIndex()
        grouper = grouping.Grouper()
        clusters: dict[str, grouping.Cluster] = {}
        for aid, doc in sorted(self.docs.items(), key=lambda kv: (kv[1].get("pub") or "9999", kv[0])):
            if doc.get("copy_of") or "story" not in doc:
                continue
            ci.add(aid, doc["s"])
            cl = clusters.setdefault(doc["story"], grouping.Cluster(doc["story"]))
            cl.add(aid, doc.get("v") or {}, _date(doc.get("pub")))
        for cl in clusters.values():
            grouper.put(cl)
        return ci, grouper

    def _relabel(self, grouper) -> None:
        members: dict[str, list[dict]] = {}
        for doc in self.docs.values():
            if "story" in doc:
                members.setdefault(doc["story"], []).append(doc["c"])
        n = len(self.docs)
        self.labels = {cid: labels.label(m, self.df, n) for cid, m in members.items()}

    def _save(self, grouper) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        features = {"version": VERSION, "docs": self.docs, "df": self.df, "labels": self.labels}
        replace_file(self.directory / FEATURES, json.dumps(features, ensure_ascii=False,
                                                           separators=(",", ":")).encode("utf-8"))
        stories = self._summaries()
        summary = {"version": VERSION, "stories": [s.to_json() for s in stories]}
        replace_file(self.directory / SUMMARY, json.dumps(summary, ensure_ascii=False,
                                                          separators=(",", ":")).encode("utf-8"))
        self._summary = stories

    def _summaries(self) -> list[Story]:
        by_story: dict[str, list[StoryArticle]] = {}
        canon: dict[str, StoryArticle] = {}
        for aid, doc in self.docs.items():
            if doc.get("copy_of") or "story" not in doc:
                continue
            art = StoryArticle(aid, doc["src"], _date(doc["pub"]), doc["t"])
            canon[aid] = art
            by_story.setdefault(doc["story"], []).append(art)
        for aid, doc in sorted(self.docs.items()):
            parent = doc.get("copy_of")
            if parent and parent in canon:
                canon[parent].copies.append(aid)
                if doc["src"] and doc["src"] not in canon[parent].copy_sources:
                    canon[parent].copy_sources.append(doc["src"])
        out = []
        for cid, arts in by_story.items():
            arts.sort(key=lambda a: (a.published or dt.date.max, a.id))
            out.append(Story(cid, self.labels.get(cid, ""), arts))
        out.sort(key=lambda s: (-s.size, s.first or dt.date.max, s.id))
        return out
