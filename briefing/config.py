"""Typed configuration: dataclasses with a docstring per field, YAML loading, clear errors."""

from __future__ import annotations

import os
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path

import yaml

from briefing import bounded_yaml, paths
from briefing.corpus import DATE_ORDERS, set_date_order
from briefing.errors import ConfigError, EngineMissing
from briefing.search import registry

#: Largest config.yaml read; the packaged one, every key documented, is under 10 kB.
MAX_CONFIG_BYTES = 1_000_000


@dataclass
class EntitiesConfig:
    """The `entities:` section."""

    engine: str = "builtin"
    """Entity extraction engine: `builtin` (gazetteer and rules, offline, no extra
    install) or `spacy` (needs `pip install 'briefing[nlp]'` and an English model)."""

    aliases: str | None = None
    """A YAML file of your own entity fixes: aliases, merges, splits, retypes, ignores.
    Relative paths are relative to the config file."""


@dataclass
class SearchConfig:
    """The `search:` section."""

    limit: int = 500
    """Most results the app lists for one search (the CLI has --limit)."""

    engine: str = registry.DEFAULT
    """The search engine, by its name in the engine registry (the README describes
    each; the default is pure Python and always installed). Each engine keeps its own
    index; switching builds the other's once."""


@dataclass
class ArticlesConfig:
    """The `articles:` section."""

    date_order: str = "mdy"
    """How a `published` date written in numbers only, like 06/10/1998, is read: `mdy`
    (month first, as US wire services write it) or `dmy` (day first). Run `briefing
    index --rebuild` after changing it: files already indexed are not read again."""

    follow_symlinks_outside: bool = False
    """Read a symbolic link in a corpus folder whose file lies outside that folder. Off,
    such a link is skipped with a line saying so: a link to `~/.ssh/id_rsa` or
    `/etc/passwd` would otherwise be indexed and quoted in briefing notes."""


@dataclass
class NotesConfig:
    """The `notes:` section."""

    key_points_words: int = 250
    """Most words of key points a briefing note holds, in the app and in `briefing
    export` alike (250 is the length of the memos human summarisers write for a news story)."""


@dataclass
class FeedsConfig:
    """The `feeds:` section (the subscriptions themselves are in feeds.yaml in the config folder)."""

    folder: str | None = None
    """Where fetched articles go, one folder per feed. Empty: `feeds/` in the user data folder."""

    timeout: int = 20
    """Seconds a feed or page may take before it is given up."""

    max_feed_mb: int = 5
    """Largest feed downloaded, in megabytes; a bigger one is refused."""

    max_page_mb: int = 5
    """Largest article page downloaded, in megabytes; a bigger one is refused."""

    per_host: int = 2
    """Most requests at a time to one web server."""


@dataclass
class Config:
    """config.yaml: every key it may have, with its default."""

    corpus: list[str] = field(default_factory=list)
    """Folders of articles (.txt, .md, .html). Empty: the built-in demo corpus.
    Relative paths are relative to the config file; `~` is expanded."""

    index_dir: str | None = None
    """Where the index lives. Empty: one index per corpus set in the user data folder."""

    theme: str = "briefing-dark"
    """The app's theme: a name from themes/ (shipped, or your config folder's themes/)."""

    keys: dict[str, str] = field(default_factory=dict)
    """Key remaps, binding id -> keys, e.g. `quit: ctrl+q` or `next_hit: "n,down"`."""

    entities: EntitiesConfig = field(default_factory=EntitiesConfig)
    """Entity extraction settings."""

    search: SearchConfig = field(default_factory=SearchConfig)
    """Search settings."""

    articles: ArticlesConfig = field(default_factory=ArticlesConfig)
    """How article files are read."""

    notes: NotesConfig = field(default_factory=NotesConfig)
    """Briefing note settings."""

    feeds: FeedsConfig = field(default_factory=FeedsConfig)
    """Feed fetching settings."""

    # Not keys: where this config came from, for relative paths and messages.
    source: Path | None = field(default=None, repr=False, compare=False, metadata={"internal": True})

    def base_dir(self) -> Path:
        return self.source.parent if self.source else Path.cwd()

    def resolve(self, value: str) -> Path:
        p = Path(os.path.expandvars(os.path.expanduser(value)))
        return p if p.is_absolute() else self.base_dir() / p

    def corpus_roots(self) -> list[Path]:
        # Feed folders join the corpus set once a fetch has made them.
        from briefing.feeds.subscriptions import feed_roots

        fed = feed_roots(self)
        if not self.corpus:
            return fed or [paths.packaged("seeds")]
        roots = [self.resolve(c) for c in self.corpus]
        return roots + [r for r in fed if r not in roots]

    def index_path(self) -> Path:
        if self.index_dir:
            return self.resolve(self.index_dir)
        default = paths.default_index_dir(self.corpus_roots())
        # Beside the default engine's index rather than over it: switching back is then free.
        if self.search.engine == registry.DEFAULT:
            return default
        return default.with_name(f"{default.name}-{self.search.engine}")

    def aliases_path(self) -> Path | None:
        return self.resolve(self.entities.aliases) if self.entities.aliases else None

    @property
    def is_demo(self) -> bool:
        return not self.corpus


def find_config_path(explicit: str | os.PathLike | None = None) -> Path:
    """--config, then $BRIEFING_CONFIG, then the user config folder, then the packaged default."""
    if explicit:
        p = Path(explicit).expanduser()
        if not p.is_file():
            raise ConfigError(f"{p}: config file not found")
        return p
    env = os.environ.get("BRIEFING_CONFIG")
    if env:
        p = Path(env).expanduser()
        if not p.is_file():
            raise ConfigError(f"{p}: config file named by BRIEFING_CONFIG not found")
        return p
    user = paths.config_dir() / "config.yaml"
    if user.is_file():
        return user
    return paths.packaged("config.yaml")


def load_config(explicit: str | os.PathLike | None = None, corpus: list[str] | None = None) -> Config:
    """Load and check the config; --corpus folders (relative to the current directory)
    replace the config's corpus list."""
    path = find_config_path(explicit)
    try:
        size = path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            # Every command reads the config first: a huge one would cost every command.
            raise ConfigError(f"{path}: is {size / 1e6:.1f} MB; a config may be at most "
                              f"{MAX_CONFIG_BYTES // 1_000_000} MB")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = bounded_yaml.safe_load(text)
    except bounded_yaml.YamlLimit as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ConfigError(f"{path}:{where}: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of keys, got {type(data).__name__}")
    cfg = _build(Config, data, path, "")
    cfg.source = path.resolve()
    if corpus:
        cfg.corpus = [str(Path(c).expanduser().resolve()) for c in corpus]
    for root in cfg.corpus_roots():
        if not root.is_dir():
            where = "--corpus" if corpus else f"{path}: key 'corpus'"
            raise ConfigError(f"{where}: folder {root} does not exist")
    if cfg.entities.engine not in ("builtin", "spacy"):
        raise ConfigError(f"{path}: key 'entities.engine': expected builtin or spacy, got {cfg.entities.engine!r}")
    _check_engine(cfg.search.engine, path)
    if cfg.search.limit < 1:
        raise ConfigError(f"{path}: key 'search.limit': must be at least 1")
    if not 1 <= cfg.notes.key_points_words <= 100_000:
        raise ConfigError(f"{path}: key 'notes.key_points_words': must be between 1 and 100000, "
                          f"got {cfg.notes.key_points_words}")
    for key in ("timeout", "max_feed_mb", "max_page_mb", "per_host"):
        if not 1 <= getattr(cfg.feeds, key) <= 10_000:
            raise ConfigError(f"{path}: key 'feeds.{key}': must be between 1 and 10000, got {getattr(cfg.feeds, key)}")
    if cfg.articles.date_order not in DATE_ORDERS:
        raise ConfigError(f"{path}: key 'articles.date_order': expected {' or '.join(DATE_ORDERS)}, "
                          f"got {cfg.articles.date_order!r}")
    # The readers run wherever a sync runs (worker processes included): discovery hands
    # this to each file it finds, so the last config loaded decides for this process.
    set_date_order(cfg.articles.date_order)
    from briefing.corpus.discovery import set_follow_symlinks_outside

    set_follow_symlinks_outside(cfg.articles.follow_symlinks_outside)
    return cfg


def _check_engine(name: str, path: Path) -> None:
    # The engines are the registry's: a new engine needs no change here.
    if name not in registry.ENGINES:
        raise ConfigError(f"{path}: key 'search.engine': expected {' or '.join(registry.ENGINES)}, got {name!r}")
    try:
        registry.engine_class(name)
    except EngineMissing as exc:
        raise ConfigError(f"{path}: key 'search.engine': {exc}") from None


def _build(cls, data: dict, path: Path, prefix: str):
    known = {f.name: f for f in fields(cls) if not f.metadata.get("internal")}
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if key not in known:
            raise ConfigError(f"{path}: unknown key '{name}' (known: {', '.join(sorted(known))})")
        kwargs[key] = _check(hints[key], value, path, name)
    for name, f in known.items():
        if name not in kwargs and f.default is MISSING and f.default_factory is MISSING:
            raise ConfigError(f"{path}: missing key '{prefix}{name}'")
    return cls(**kwargs)


def _check(tp, value, path: Path, name: str):
    origin = typing.get_origin(tp)
    if is_dataclass(tp):
        if value is None:
            return tp()
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: key '{name}': expected a mapping, got {_kind(value)}")
        return _build(tp, value, path, f"{name}.")
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _check(inner, value, path, name)
    if origin is list:
        (inner,) = typing.get_args(tp)
        if value is None:
            return []
        if isinstance(value, (str, int, float)):
            value = [value]
        if not isinstance(value, list):
            raise ConfigError(f"{path}: key '{name}': expected a list, got {_kind(value)}")
        return [_check(inner, v, path, f"{name}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: key '{name}': expected a mapping, got {_kind(value)}")
        return {str(k): _check(str, v, path, f"{name}.{k}") for k, v in value.items()}
    if tp is str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ConfigError(f"{path}: key '{name}': expected text, got {_kind(value)}")
        return str(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{path}: key '{name}': expected a whole number, got {_kind(value)}")
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{path}: key '{name}': expected true or false, got {_kind(value)}")
        return value
    return value


def _kind(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {str(value)[:40]!r}"
