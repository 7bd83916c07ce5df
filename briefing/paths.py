"""Where config, data and the index live, and where the packaged demo data is."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP = "briefing"
_PACKAGE = Path(__file__).resolve().parent


def config_dir() -> Path:
    """The user's config directory (config.yaml, themes/); $BRIEFING_CONFIG_DIR overrides."""
    return Path(os.environ.get("BRIEFING_CONFIG_DIR") or user_config_dir(APP))


def data_dir() -> Path:
    """The user's data directory (indexes, reading state); $BRIEFING_DATA_DIR overrides."""
    return Path(os.environ.get("BRIEFING_DATA_DIR") or user_data_dir(APP))


def packaged(name: str) -> Path:
    """A shipped data file or folder (seeds, themes, config.yaml).

    From a checkout the top-level copy is used, so editing seeds/ or themes/ shows at
    once; an installed wheel carries copies in briefing/_data.
    """
    checkout = _PACKAGE.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / name).exists():
        return checkout / name
    return _PACKAGE / "_data" / name


def default_index_dir(roots: list[Path]) -> Path:
    """One index per set of corpus folders, so two corpora never share an index."""
    key = "\n".join(sorted(str(Path(r).resolve()) for r in roots))
    digest = hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return data_dir() / "indexes" / digest
