"""Getting the news in: feed subscriptions, fetching over HTTP, extraction, saving as Markdown."""
