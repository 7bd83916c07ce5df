"""Writes the extraction benchmark's 20 pages: 4 stories written for it, each in 5 layouts that
mimic real news sites (nav bars, cookie banners, captions, "read more" links, related boxes,
newsletter boxes, comments). gold.json lists each page's paragraphs and its boilerplate."""

from __future__ import annotations

import html
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

STORIES = {
    "breakwater": ("Council votes to rebuild the northern breakwater", "Mara Quell", [
        "The harbour council voted seven to two on Tuesday evening to rebuild the northern breakwater before the winter storms.",
        "Engineers had warned in a report last month that several of the granite blocks had moved by almost a metre since the spring survey.",
        "The work will close the outer quay for about eleven weeks, and the ferry will berth at the old fish dock while it lasts.",
        "Fishing crews welcomed the decision, saying that on rough nights the current wall no longer shelters the inner moorings.",
        "The council expects to publish the contractor's timetable at its next meeting, along with the final cost."]),
    "ferry": ("Ferry operator adds two early crossings to the island", "Tove Rask", [
        "Commuters to the mainland will get two extra morning sailings from the first of next month, the island ferry company said.",
        "The new departures, at a quarter past six and ten to seven, follow a passenger survey in which most people asked for an earlier boat.",
        "Shop owners on the island hope the change will bring deliveries of bread and fresh vegetables before the morning trade begins.",
        "The company said it had hired four deckhands to crew the extra trips and would review demand after the first winter."]),
    "library": ("Village library reopens after two years of repairs", "Ines Marlowe", [
        "The village library opened its doors again on Saturday, two years after a burst pipe flooded the reading room and ruined the floor.",
        "Volunteers carried back almost four thousand books that had been kept in the school gym while builders replaced the roof and the wiring.",
        "The librarian said the new children's corner, with low shelves and a window seat, had been designed with help from pupils.",
        "Opening hours will be longer than before the flood, with late evenings on Thursdays for people who work in town.",
        "A small exhibition of photographs of the building through the last century runs in the entrance hall until spring."]),
    "orchard": ("Community orchard plants its hundredth apple tree", "Jonas Pell", [
        "The community orchard on the hill above the station planted its hundredth tree on Sunday, a local variety almost lost in the last century.",
        "The group began with twelve saplings on a disused allotment and now harvests enough fruit to press juice for the autumn fair.",
        "Members said the old varieties ripen at different times, which spreads the picking over two months and keeps the blossom longer in spring.",
        "The orchard is open to visitors every weekend, and a pruning class for beginners is planned for the end of January."]),
}

BOILER = {
    "nav": ["Home", "World", "Business", "Sport", "Culture", "Weather"],
    "cookie": "We use cookies to personalise content and ads. By continuing you agree to our cookie policy.",
    "caption": "The scene on a grey morning, as seen from the harbour road. Photograph: staff photographer",
    "readmore": "Read more: the week in pictures from around the coast",
    "related": ["Lighthouse keeper retires after forty years", "Storm damage bill rises again", "Ten walks for a winter weekend"],
    "newsletter": "Sign up to our morning newsletter for the stories you need to know",
    "comments": "Comments are closed on this article. Read our community guidelines",
    "footer": "Copyright 2026 The Coast Chronicle. All rights reserved. Terms and privacy",
}


def _nav():
    return "<nav><ul>" + "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in BOILER["nav"]) + "</ul></nav>"


def _related():
    return ('<aside class="related"><h3>Related stories</h3><ul>'
            + "".join(f'<li><a href="/r{i}">{t}</a></li>' for i, t in enumerate(BOILER["related"])) + "</ul></aside>")


def _figure():
    return f'<figure><img src="/photo.jpg" alt=""><figcaption>{BOILER["caption"]}</figcaption></figure>'


def layout(n: int, title: str, author: str, paras: list[str]) -> str:
    p = [f"<p>{html.escape(x)}</p>" for x in paras]
    head = f"<head><meta charset='utf-8'><title>{title} | The Coast Chronicle</title><meta name='author' content='{author}'></head>"
    cookie = f'<div id="cookie-banner" class="cookie-consent">{BOILER["cookie"]} <button>Accept</button></div>'
    more = f'<p class="read-more"><a href="/pictures">{BOILER["readmore"]}</a></p>'
    news = f'<div class="newsletter-signup"><p>{BOILER["newsletter"]}</p><form><input></form></div>'
    foot = f"<footer><p>{BOILER['footer']}</p></footer>"
    by = f'<p class="byline">By {author}</p>'
    if n == 0:  # a classic article element
        body = f"{cookie}<header>{_nav()}</header><main><article><h1>{title}</h1>{by}{p[0]}{_figure()}{''.join(p[1:])}{more}</article>{_related()}</main>{foot}"
    elif n == 1:  # divs only, a newsletter box between paragraphs
        body = f"<div class='top'>{_nav()}</div><div class='content'><h1>{title}</h1>{by}{''.join(p[:2])}{news}{''.join(p[2:])}</div><div class='sidebar'>{_related()}</div>{cookie}{foot}"
    elif n == 2:  # a read-more link mid-story and comments
        body = f"{_nav()}<div id='story'><h1>{title}</h1><span class='author'>{author}</span>{p[0]}{more}{_figure()}{''.join(p[1:])}</div><section class='comments'><p>{BOILER['comments']}</p></section>{foot}"
    elif n == 3:  # a live-site shell with everything around a short article
        body = f"{cookie}{_nav()}<div class='wrapper'><div class='main-col'><article class='post'><h1>{title}</h1>{by}{''.join(p)}</article>{news}{_related()}</div></div>{foot}"
    else:  # paragraphs in section wrappers, figure first
        body = f"{_nav()}<article><header><h1>{title}</h1>{by}</header>{_figure()}" + "".join(f"<section>{x}</section>" for x in p) + f"{more}</article>{_related()}{cookie}{foot}"
    return f"<!DOCTYPE html><html lang='en'>{head}<body>{body}</body></html>"


def main() -> None:
    gold = {}
    boiler = [*BOILER["nav"][1:], BOILER["cookie"], BOILER["caption"], BOILER["readmore"], *BOILER["related"],
              BOILER["newsletter"], BOILER["comments"], BOILER["footer"]]
    for key, (title, author, paras) in STORIES.items():
        for n in range(5):
            name = f"{key}-{n}.html"
            (HERE / name).write_text(layout(n, title, author, paras), encoding="utf-8")
            gold[name] = {"title": title, "paragraphs": paras, "summary": paras[0], "boilerplate": boiler}
    (HERE / "gold.json").write_text(json.dumps(gold, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
