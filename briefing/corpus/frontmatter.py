"""Markdown front matter: safe YAML where every field stays text, and plain lines when it is broken."""

from __future__ import annotations

import re

import yaml

from briefing import bounded_yaml

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
#: Front matter is a handful of fields; a block this long is something else.
MAX_FRONT_CHARS = 64_000
MAX_FRONT_VALUES = 10_000
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_YAML_LOADER):
    """Safe YAML for front matter, where every field is text: scalars stay as written
    (PyYAML would make `published: 2000-02-30` a ValueError while building the date,
    and `title: No` the boolean False), and a value with a tag no safe loader knows
    (`!!python/object ...`) is read as its plain value, with a warning, instead of
    losing the whole front matter."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.unknown_tags: list[str] = []

    def construct_unknown(self, node):
        self.unknown_tags.append(node.tag)
        if isinstance(node, yaml.ScalarNode):
            return self.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return self.construct_sequence(node)
        return self.construct_mapping(node)


_AS_TEXT = {f"tag:yaml.org,2002:{t}" for t in ("timestamp", "bool", "int", "float")}
_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _AS_TEXT]
    for first, resolvers in _YAML_LOADER.yaml_implicit_resolvers.items()
}
_FrontMatterLoader.add_constructor(None, _FrontMatterLoader.construct_unknown)

META_KEYS = ("title", "source", "author", "published", "date", "url")
_META_LINE = re.compile(r"^(title|source|author|published|date|url)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M | re.I)


def load_front(block: str, warnings: list[str]) -> dict:
    """The front matter's mapping; what cannot be read is a warning, never an error.
    Broken YAML (most often an unquoted colon: `title: Breaking: ...`) still gives
    its plain `key: value` lines, and so does front matter over the bounds (size, depth,
    aliases), read in milliseconds whatever it holds."""
    if len(block) > MAX_FRONT_CHARS:
        return _plain(block, f"is over {MAX_FRONT_CHARS // 1000} kB", warnings)
    try:
        bounded_yaml.check(block, _FrontMatterLoader, max_values=MAX_FRONT_VALUES)
    except bounded_yaml.YamlLimit as exc:
        return _plain(block, str(exc), warnings)
    except yaml.YAMLError as exc:
        if bounded_yaml.is_depth_error(exc):
            return _plain(block, f"nested more than {bounded_yaml.MAX_DEPTH} deep", warnings)
    loader = _FrontMatterLoader(block)
    try:
        loaded = loader.get_single_data()
    except Exception as exc:  # noqa: BLE001 - YAMLError, or a bad explicit !!int, or anything
        if isinstance(exc, yaml.YAMLError):
            mark = getattr(exc, "problem_mark", None)
            problem = f"is not valid YAML (line {mark.line + 2})" if mark else "is not valid YAML"
        else:
            problem = f"could not be read ({type(exc).__name__}: {' '.join(str(exc).split())[:80]})"
        return _plain(block, problem, warnings)
    finally:
        loader.dispose()
    for tag in dict.fromkeys(loader.unknown_tags):
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        warnings.append(f"front matter tag {shown[:60]} not understood; read as plain text")
    if isinstance(loaded, dict):
        return loaded
    if loaded is not None:
        warnings.append("front matter is not a mapping; ignored")
    return {}


def _plain(block: str, problem: str, warnings: list[str]) -> dict:
    meta = _front_lines(block)
    kept = f"; read its plain lines ({', '.join(meta)})" if meta else "; ignored"
    warnings.append(f"front matter {problem}{kept}")
    return meta


def split_front(text: str, warnings: list[str]) -> tuple[dict, str]:
    """(front matter mapping, the text after it) of a Markdown file's text."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    return load_front(m.group(1), warnings), text[m.end():]


def _front_lines(block: str) -> dict:
    meta: dict = {}
    for m in _META_LINE.finditer(block):
        key, value = m.group(1).lower(), m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        # YAML syntax that failed to parse is not a value to show.
        if value and value[0] not in "[{&*!|>%@`" and re.search(r"\w", value):
            meta.setdefault(key, value)
    return meta


def scalar(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())
