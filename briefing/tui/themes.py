"""Themes are data: themes/*.yaml (shipped, then the user's config folder) -> textual Theme."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from textual.app import App
from textual.theme import Theme

from briefing import bounded_yaml, paths

DEFAULT = "briefing-dark"
#: A theme is a few dozen colours: these bounds leave room and stop a file that is
#: something else (or an alias bomb in its variables) before it costs the start-up.
MAX_THEME_BYTES = 256_000
MAX_THEME_VALUES = 10_000
COLOUR_KEYS = ("primary", "secondary", "accent", "foreground", "background", "surface",
               "panel", "success", "warning", "error", "boost")
#: Every theme gets these, so a user theme that leaves them out still renders hits.
DEFAULT_VARIABLES = {
    "hit-background": "#f2c14e",
    "hit-foreground": "#15181d",
    "hit-current-background": "#e4572e",
    "hit-current-foreground": "#ffffff",
    "entity-person": "#7cc6fe",
    "entity-org": "#c3a6ff",
    "entity-place": "#8fd694",
    "entity-misc": "#f4a261",
}


@dataclass
class LoadedThemes:
    themes: list[Theme] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(theme file's stem, what is wrong with it): config's `theme:` names a theme by
    its stem, so a broken selected theme can be reported by name."""


def theme_dirs() -> list[Path]:
    return [paths.packaged("themes"), paths.config_dir() / "themes"]


def load_themes(dirs: list[Path] | None = None) -> LoadedThemes:
    """Every readable theme; a broken file is reported in ``problems`` and skipped."""
    out = LoadedThemes()
    by_name: dict[str, Theme] = {}
    for d in dirs if dirs is not None else theme_dirs():
        if not d.is_dir():
            continue
        for path in sorted(d.glob("*.y*ml")):
            try:
                theme = theme_from_yaml(path)
            except ThemeError as exc:
                out.problems.append((path.stem, str(exc)))
                continue
            by_name[theme.name] = theme
    out.themes = list(by_name.values())
    return out


def install_themes(app: App, wanted: str) -> list[str]:
    """Register every readable theme with the app and switch to ``wanted``, telling the
    user (a toast, never a crash) what could not be loaded. Returns the themes' names."""
    loaded = load_themes()
    for theme in loaded.themes:
        app.register_theme(theme)
    names = [t.name for t in loaded.themes]
    for name, problem in loaded.problems:
        if name == wanted:
            app.notify(f"{problem}; using {DEFAULT}", title="Theme not loaded", severity="error",
                       markup=False, timeout=10)
        else:
            app.notify(problem, title="Theme skipped", severity="warning", markup=False)
    if wanted in names:
        app.theme = wanted
    else:
        if wanted not in (name for name, _ in loaded.problems):
            app.notify(f"theme {wanted!r} not found; using {DEFAULT}", severity="warning", markup=False)
        app.theme = DEFAULT if DEFAULT in app.available_themes else "textual-dark"
    return names


class ThemeError(Exception):
    pass


def theme_from_yaml(path: Path) -> Theme:
    try:
        size = path.stat().st_size
        if size > MAX_THEME_BYTES:
            raise ThemeError(f"theme {path.name}: is {size / 1e6:.1f} MB; a theme may be at most "
                             f"{MAX_THEME_BYTES // 1000} kB")
        data = bounded_yaml.safe_load(path.read_text(encoding="utf-8"), max_values=MAX_THEME_VALUES)
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeError(f"theme {path.name}: cannot read ({exc})") from None
    except bounded_yaml.YamlLimit as exc:
        raise ThemeError(f"theme {path.name}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ThemeError(f"theme {path.name}: not valid YAML" + (f" (line {mark.line + 1})" if mark else "")) from None
    if not isinstance(data, dict):
        raise ThemeError(f"theme {path.name}: expected a mapping of colours")
    known = set(COLOUR_KEYS) | {"name", "dark", "variables"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ThemeError(f"theme {path.name}: unknown key '{unknown[0]}'")
    if "primary" not in data:
        raise ThemeError(f"theme {path.name}: missing key 'primary'")
    variables = dict(DEFAULT_VARIABLES)
    extra = data.get("variables") or {}
    if not isinstance(extra, dict):
        raise ThemeError(f"theme {path.name}: 'variables' must be a mapping")
    for k, v in extra.items():
        if isinstance(v, (dict, list)):
            raise ThemeError(f"theme {path.name}: key 'variables.{k}': expected a colour, got a {type(v).__name__}")
    variables.update({str(k): str(v) for k, v in extra.items()})
    colours = {k: str(data[k]) for k in COLOUR_KEYS if data.get(k) is not None}
    from textual.color import Color, ColorParseError

    for key, value in list(colours.items()) + [(f"variables.{k}", v) for k, v in extra.items()]:
        try:
            Color.parse(str(value))
        except ColorParseError:
            raise ThemeError(f"theme {path.name}: key '{key}': {value!r} is not a colour") from None
    try:
        return Theme(name=str(data.get("name") or path.stem), dark=bool(data.get("dark", True)),
                     variables=variables, **colours)
    except Exception as exc:
        raise ThemeError(f"theme {path.name}: {exc}") from None
