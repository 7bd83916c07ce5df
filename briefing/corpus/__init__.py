"""Articles on disk: the Article model, one reader per format, discovery and content hashes.

file -> readers.read_article (text: decode and clean; markdown_reader / html_reader; frontmatter
and published for the fields; titles) -> Article; discovery finds the files and gives them ids.
"""

from briefing.corpus.article import Article, SkipFile, Skipped, describe_error
from briefing.corpus.discovery import Entry, discover, iter_articles, load_articles
from briefing.corpus.frontmatter import META_KEYS
from briefing.corpus.html_reader import read_html
from briefing.corpus.markdown_reader import markdown_to_text, read_md
from briefing.corpus.published import DATE_ORDERS, parse_date, read_date, set_date_order
from briefing.corpus.readers import FORMATS, READERS, file_hash, read_article, read_txt
from briefing.corpus.text import clean_text, decode, decode_entities
from briefing.corpus.titles import TITLE_MAX, is_real_title

__all__ = [
    "DATE_ORDERS", "FORMATS", "META_KEYS", "READERS", "TITLE_MAX", "Article", "Entry", "SkipFile", "Skipped",
    "clean_text", "decode", "decode_entities", "describe_error", "discover", "file_hash", "is_real_title",
    "iter_articles", "load_articles", "markdown_to_text", "parse_date", "read_article", "read_date", "read_html",
    "read_md", "read_txt", "set_date_order",
]
