"""YAML that a user or another program wrote, read within bounds: size, nesting depth and alias expansion.

A safe loader runs no code, but it still builds what the text describes: ten lines of
anchors and aliases (`&a [*a, *a, ...]`, the "billion laughs") stand for a billion
values, which cost nothing to build (aliases share one object) and minutes and
gigabytes to walk (`str()`, a config check, a theme's colours); nesting thousands deep
exhausts the pure-Python composer's recursion. The event stream is checked first, in
one pass and without recursion, so such a text costs milliseconds and one message.
"""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Deepest nesting of mappings and lists; briefing's own files need fewer than five.
MAX_DEPTH = 64
#: Most values a text may stand for once every alias is expanded.
MAX_VALUES = 100_000


class YamlLimit(ValueError):
    """A text over one of the bounds; the message says which, for one line."""


def check(text: str, loader=_LOADER, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES) -> None:
    """Raise YamlLimit when ``text`` nests deeper than ``max_depth`` or expands to more
    than ``max_values`` values; yaml.YAMLError when it is not YAML at all."""
    # Each open collection: [its anchor, values below it so far].
    stack: list[list] = [[None, 0]]
    sizes: dict[str, int] = {}
    open_anchors: set[str] = set()
    total = 0
    ldr = loader(text)
    try:
        while True:
            event = ldr.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) > max_depth:
                    raise YamlLimit(f"nested more than {max_depth} deep")
                if event.anchor:
                    open_anchors.add(event.anchor)
                stack.append([event.anchor, 1])
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, size = stack.pop()
                if anchor:
                    sizes[anchor] = size
                    open_anchors.discard(anchor)
                stack[-1][1] += size
                if stack[-1][1] > max_values:
                    raise YamlLimit(f"stands for more than {max_values:,} values once its aliases are expanded")
                continue
            if isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor in open_anchors:
                    raise YamlLimit(f"alias *{event.anchor[:40]} refers to a value that holds it")
                size = sizes.get(event.anchor, 1)
            else:
                continue
            stack[-1][1] += size
            total += size
            if total > max_values or stack[-1][1] > max_values:
                raise YamlLimit(f"stands for more than {max_values:,} values once its aliases are expanded")
    finally:
        ldr.dispose()


def is_depth_error(exc: yaml.YAMLError) -> bool:
    """libyaml's own nesting limit (about 1,000 flow levels), met before ours can count."""
    return "maximum nesting depth" in str(getattr(exc, "problem", "") or "")


def safe_load(text: str, loader=_LOADER, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES):
    """``yaml.load`` with ``loader`` once ``check`` passed: YamlLimit or yaml.YAMLError otherwise."""
    try:
        check(text, loader, max_depth, max_values)
    except yaml.YAMLError as exc:
        if is_depth_error(exc):
            raise YamlLimit(f"nested more than {max_depth} deep") from None
        raise
    ldr = loader(text)
    try:
        return ldr.get_single_data()
    finally:
        ldr.dispose()
