"""Article extraction quality: trafilatura (as `briefing fetch` runs it) against the feed's own
summary, on the pages in benchmarks/data/pages/ (written to mimic news layouts; gold.json
lists each page's paragraphs and its boilerplate). Prints paragraphs found and boilerplate
leaked for each, and what `briefing.feeds.extract.better` keeps.

    python benchmarks/extraction_quality.py [PAGES_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from briefing.feeds.extract import better, extract


def score(text: str, gold: dict) -> tuple[int, int, int]:
    found = sum(p in text for p in gold["paragraphs"])
    leaked = sum(b in text for b in gold["boilerplate"])
    return found, len(gold["paragraphs"]), leaked


def main(pages: Path) -> None:
    gold = json.loads((pages / "gold.json").read_text(encoding="utf-8"))
    totals = {"trafilatura": [0, 0, 0, 0], "summary": [0, 0, 0, 0], "kept": [0, 0, 0, 0]}
    for name, g in sorted(gold.items()):
        page = (pages / name).read_bytes()
        art = extract(page, f"https://example.org/{name}")
        runs = {"trafilatura": art.text, "summary": g["summary"],
                "kept": better(extract(page, ""), g["summary"]).text}
        row = []
        for label, text in runs.items():
            found, total, leaked = score(text, g)
            t = totals[label]
            t[0] += found
            t[1] += total
            t[2] += leaked
            t[3] += leaked == 0 and found == total
            row.append(f"{label} {found}/{total} leaked {leaked}")
        print(f"{name:<18} " + " | ".join(row))
    print(f"\n{len(gold)} pages")
    for label, (found, total, leaked, perfect) in totals.items():
        print(f"{label:<12} paragraphs found {found}/{total} ({100 * found / total:.0f}%), "
              f"boilerplate leaked {leaked}, pages complete and clean {perfect}/{len(gold)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "data" / "pages")
