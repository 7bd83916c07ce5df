"""The user's entity overrides file: extra names and aliases, merges, splits, retypes, ignores."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing import bounded_yaml

from .model import TYPES, EntityError

#: "stories" is the same file's section for stories (briefing/stories/fixes.py reads it).
_KEYS = ("add", "aliases", "merge", "split", "retype", "ignore", "stories")

EXAMPLE = """\
add:        # names the extractor should know: a user gazetteer
  - {name: Hankyoreh, type: ORG, aliases: [The Hankyoreh]}
aliases:    # more surface forms of an entity
  Lee Jae-myung: [Jaemyung Lee]
merge:      # entity (or alias) -> the entity it is folded into, whose name is shown
  Seoul: South Korea
split:      # forms kept as entities of their own instead of being merged
  - Kim
retype:     # entity -> PERSON, ORG, PLACE or MISC
  Carnegie: ORG
ignore:     # entities never reported
  - Emissary
"""


@dataclass(frozen=True)
class Overrides:
    """What a user said about entities; see ``EXAMPLE`` for the file format."""

    add: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    merge: dict[str, str] = field(default_factory=dict)
    split: tuple[str, ...] = ()
    retype: dict[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()

    def extraction_key(self) -> str:
        """Changes only when what the extractor finds changes (the ``add`` list)."""
        return hashlib.blake2b(repr(self.add).encode(), digest_size=8).hexdigest()

    def resolution_key(self) -> str:
        body = repr((sorted(self.aliases.items()), sorted(self.merge.items()), self.split,
                     sorted(self.retype.items()), self.ignore))
        return hashlib.blake2b(body.encode(), digest_size=8).hexdigest()


def _fail(path: Path, where: str, problem: str) -> EntityError:
    return EntityError(f"{path}: {where}: {problem}")


def _name(path: Path, where: str, value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, where, f"expected a name, got {value!r}"[:200])
    return " ".join(value.split())


def _names(path: Path, where: str, value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _fail(path, where, "expected a list of names")
    return tuple(_name(path, f"{where}[{i}]", v) for i, v in enumerate(value))


def _type(path: Path, where: str, value) -> str:
    if not isinstance(value, str) or value.upper() not in TYPES:
        raise _fail(path, where, f"type must be one of {', '.join(TYPES)}, got {value!r}"[:200])
    return value.upper()


def _mapping(path: Path, key: str, value) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(path, key, "expected a mapping (name: value)")
    return value


def load_overrides(path: str | Path) -> Overrides:
    """Read and check an overrides file; any problem is an EntityError naming file and key."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EntityError(f"{p}: entity overrides file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EntityError(f"{p}: cannot read entity overrides: {exc}") from None
    try:
        data = bounded_yaml.safe_load(text)
    except bounded_yaml.YamlLimit as exc:
        raise EntityError(f"{p}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "YAML"
        raise EntityError(f"{p}: {where}: not valid YAML") from None
    if data is None:
        return Overrides()
    if not isinstance(data, dict):
        raise EntityError(f"{p}: expected a mapping with keys {', '.join(_KEYS)}")
    for key in data:
        if key not in _KEYS:
            raise _fail(p, str(key), f"unknown key (expected one of {', '.join(_KEYS)})")
    add = []
    raw_add = data.get("add") or []
    if not isinstance(raw_add, list):
        raise _fail(p, "add", "expected a list of {name, type, aliases}")
    for i, item in enumerate(raw_add):
        where = f"add[{i}]"
        if not isinstance(item, dict):
            raise _fail(p, where, "expected {name: ..., type: ..., aliases: [...]}")
        extra = set(item) - {"name", "type", "aliases"}
        if extra:
            raise _fail(p, f"{where}.{sorted(extra)[0]}", "unknown key (expected name, type, aliases)")
        add.append((_name(p, f"{where}.name", item.get("name")), _type(p, f"{where}.type", item.get("type")),
                    _names(p, f"{where}.aliases", item.get("aliases") or [])))
    aliases = {_name(p, "aliases", k): _names(p, f"aliases.{k}", v)
               for k, v in _mapping(p, "aliases", data.get("aliases")).items()}
    merge = {_name(p, "merge", k): _name(p, f"merge.{k}", v)
             for k, v in _mapping(p, "merge", data.get("merge")).items()}
    retype = {_name(p, "retype", k): _type(p, f"retype.{k}", v)
              for k, v in _mapping(p, "retype", data.get("retype")).items()}
    split = _names(p, "split", data.get("split") or [])
    ignore = _names(p, "ignore", data.get("ignore") or [])
    return Overrides(tuple(add), aliases, merge, split, retype, ignore)
