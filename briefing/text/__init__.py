"""Text primitives shared by the corpus, quotes, timeline and notes: sentence splitting and date finding."""
