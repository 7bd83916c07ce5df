"""Stories: a corpus grouped into the events it covers, with wire copies folded.

Kept apart from the app (no Textual import): the library updates a StoryStore after
every sync, and the CLI and the app only read it.
"""

from briefing.stories.store import Story, StoryStore

__all__ = ["Story", "StoryStore"]
