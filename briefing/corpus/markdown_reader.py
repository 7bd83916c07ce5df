"""The Markdown reader: front matter for the fields, one plain paragraph per block for the text."""

from __future__ import annotations

from briefing.corpus.frontmatter import scalar, split_front
from briefing.corpus.published import read_published
from briefing.corpus.text import clean_text, decode_entities
from briefing.corpus.titles import split_title


def read_md(text: str, date_order: str | None = None) -> dict:
    warnings: list[str] = []
    meta, text = split_front(text.replace("\r\n", "\n").lstrip("\ufeff"), warnings)
    try:
        plain = markdown_to_text(text)
    except Exception as exc:  # noqa: BLE001 - the words are still worth having
        plain = text
        warnings.append(f"Markdown could not be parsed ({type(exc).__name__}); read as plain text")
    # markdown-it has decoded the references it knows; what is left is literal or junk.
    plain = decode_entities(plain, known=False)
    fields: dict = {"warnings": warnings}
    title = scalar(meta.get("title"))
    if title:
        # Even when it turns out to be junk ("&HT;"): the body stays whole and the
        # title is made from it (read_article).
        fields["title"] = clean_text(decode_entities(title)).replace("\n\n", " ")
        fields["body"] = clean_text(plain)
    else:
        fields["title"], fields["body"] = split_title(plain)
    for key in ("source", "author", "url"):
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if not isinstance(v, (list, dict)))
        fields[key] = clean_text(decode_entities(scalar(value))).replace("\n\n", " ")
    key = "published" if meta.get("published") is not None else "date"
    fields["published"] = read_published(meta.get(key), key, date_order, warnings)
    return fields


_markdown = None


def markdown_to_text(source: str) -> str:
    """Markdown -> plain text with one paragraph per block (headings, list items,
    quotes and paragraphs), so offsets refer to what the reader shows."""
    global _markdown
    if _markdown is None:
        from markdown_it import MarkdownIt

        # Built once: making the parser cost a quarter of reading a typical article.
        # parse() keeps its state per call, so threads can share it.
        _markdown = MarkdownIt("commonmark").enable("table")
    tokens = _markdown.parse(source)
    blocks: list[str] = []
    for tok in tokens:
        if tok.type == "inline":
            parts: list[str] = []
            for child in tok.children or []:
                if child.type == "code_inline" and child.markup == "``":
                    # AP and New York Times copy opens quotes with two backquotes
                    # (``like this''); Markdown pairs them up as code spans, and
                    # dropping the marks lost every quote of that copy.
                    parts.append(f"``{child.content}``")
                elif child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
                elif child.type == "image":
                    parts.append(child.content)
            line = "".join(parts).strip()
            if line:
                blocks.append(line)
        elif tok.type in ("code_block", "fence") and tok.content.strip():
            blocks.append(tok.content.strip())
    return "\n\n".join(blocks)
