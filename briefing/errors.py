"""Every error a user may see: one family, a one-line message, and the exit code the CLI gives it."""

from __future__ import annotations

#: The user's to fix: a query, the config, a command-line value, an entity name.
EXIT_USER = 2
#: The work could not be done: an index locked or damaged, a note that cannot be written.
EXIT_FAIL = 1


class BriefingError(Exception):
    """A problem the user should see as one line (``message``); the CLI exits with
    ``exit_code``. Anything else that escapes is a bug, shown as "internal error"."""

    exit_code = EXIT_USER

    def __init__(self, message: str = "", exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UserError(BriefingError):
    """A command-line value the user must change (``--type animal``, a folder as ``-o``)."""


class ConfigError(BriefingError):
    """A problem with the user's configuration; the message names the file and key."""


class EngineMissing(ConfigError):
    """The configured search engine's package is not installed; the message says how to fix it."""


class QueryError(BriefingError):
    """A query briefing cannot run; the message is one line for the user."""


class UnknownEntity(BriefingError):
    """A scope names an entity the corpus does not have."""


class ExportError(BriefingError):
    """A note could not be written; the message says why and where."""

    exit_code = EXIT_FAIL


class FeedError(BriefingError):
    """A feed or web page could not be fetched or saved; the message names it and why."""

    exit_code = EXIT_FAIL


class IndexProblem(BriefingError):
    """The index cannot be used as it is: a folder briefing did not make, say."""

    exit_code = EXIT_FAIL


class IndexLocked(IndexProblem):
    """Another process holds the index (or the entity table) for writing."""


class IndexDamaged(IndexProblem):
    """An engine could not read its own files: only a rebuild from the corpus helps.
    Each engine raises it at its own boundary; ``cause`` names what failed, briefly."""

    def __init__(self, cause: str, message: str | None = None):
        self.cause = cause
        super().__init__(message or f"the index is damaged ({cause}); run `briefing index --rebuild`")
