"""A deterministic synthetic news corpus for the benchmarks: same size, same files, every run.

    python benchmarks/gen_corpus.py --size 10000 [--out DIR] [--seed 1]

Articles are about 600 words: a headline, dated paragraphs naming people, places and
organisations, quotes with speakers, and filler drawn from a Zipf distribution over a
40,000-word English list plus invented rare words, so the index sees a realistic long
tail. About 70% are Markdown with front matter, 20% plain text, 10% HTML, and a few odd
files (empty, binary, Windows-1252, broken front matter, markup-like titles, one large
file) are mixed in. Article i depends only on (seed, i), so generation can run in
parallel and a corpus of 1,000 is the first 1,000 of a corpus of 100,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from itertools import accumulate
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS_FILE = HERE.parent / "briefing" / "entities" / "common_words.txt.gz"
#: Bump when the output changes, so run.py regenerates stale corpora.
VERSION = 2
DONE = ".complete.json"

FIRST = ("Lee Jae-myung Anna Maria Kenji Sofia Omar Ingrid Rahul Fatima Pierre Chen Wei Olga Tomas Aisha "
         "David Elena Hiroshi Amara Lucas Nadia Samuel Priya Jonas Leila Mateo Hana Viktor Grace Diego Yuki "
         "Kwame Clara Ibrahim Marta Arjun Sara Felix Noor Daniel Mei Ahmed Julia Pablo Ewa Tariq Lena").split()
LAST = ("Kim Park Choi Novak Schmidt Tanaka Okafor Haddad Larsen Moreau Silva Kowalski Nakamura Mensah "
        "Rossi Petrov Fischer Ortega Yilmaz Andersen Dubois Costa Sato Adeyemi Horvat Lindqvist Ferreira "
        "Mahmoud Jansen Ivanova Bauer Castillo Okonkwo Svensson Marino Kaplan Reyes Nowak Hoffman Abe "
        "Duarte Varga Bianchi Osei Keller Romero Quinn Wallace Hughes Gallagher").split()
ROLES = ("President", "Prime Minister", "Foreign Minister", "Finance Minister", "Senator", "Governor",
         "Mayor", "Chief Executive", "General", "Ambassador", "Judge", "Professor", "spokesperson")
PLACES = ("Seoul Tokyo Beijing Washington London Paris Berlin Brussels Geneva Moscow Kyiv Ankara Cairo "
          "Nairobi Lagos Johannesburg Mumbai Delhi Jakarta Manila Sydney Ottawa Toronto Chicago Madrid Rome "
          "Warsaw Vienna Stockholm Oslo Istanbul Tehran Riyadh Dubai Singapore Bangkok Hanoi Taipei Lima "
          "Bogota Santiago Brasilia Mexico_City Buenos_Aires Pyongyang Busan Osaka Shanghai Hong_Kong "
          "Japan China Germany France Brazil India Nigeria Kenya Canada Australia Turkey Egypt Poland Ukraine "
          "South_Korea North_Korea United_States").replace("_", " ").split()
ORGS = ("United Nations|European Union|NATO|World Bank|International Monetary Fund|World Health Organization|"
        "Reuters|Associated Press|Bank of Korea|Federal Reserve|European Central Bank|Red Cross|Greenpeace|"
        "Amnesty International|Samsung|Toyota|Siemens|Harlow Port Authority|Norland Central Bank|"
        "Kestrel Systems|Marrowby Council|Orion Shipping|Velta Energy|Astra Rail|Union of Dock Workers|"
        "Ministry of Defence|Supreme Court|National Assembly|Senate Finance Committee|WTO").split("|")
SOURCES = ("The Daily Ledger", "Harbour Times", "Capital Wire", "The Northern Star", "Global Dispatch",
           "Metro Herald", "The Observer Post", "Pacific Review", "Continental News", "The Evening Report",
           "Market Watchdog", "Civic Journal", "Seoul Bulletin", "Atlantic Gazette")
TOPICS = {
    "trade": "tariffs exports imports trade talks supply chain semiconductors customs quota dumping",
    "security": "missile summit ceasefire sanctions troops border drills deterrence nuclear envoy",
    "economy": "inflation interest rates budget deficit growth unemployment bonds recession mortgage",
    "climate": "floods drought emissions heatwave wildfire evacuation river levels storm rainfall",
    "labour": "strike union wages dock workers negotiations walkout pension overtime picket",
    "tech": "data breach ransomware encryption regulator privacy outage chips platform lawsuit",
    "health": "vaccine hospital outbreak clinic nurses waiting lists pandemic screening",
    "politics": "election coalition parliament referendum campaign poll opposition cabinet reshuffle",
}
VERBS = ("said", "announced", "warned", "confirmed", "denied", "argued", "insisted", "told reporters",
         "acknowledged", "promised", "rejected claims", "welcomed")
CONNECT = ("Meanwhile", "However", "Earlier", "Separately", "In a statement", "According to officials",
           "Analysts said", "Critics argued", "On the ground", "Later")
SYLL = "ka ro mi ten vel dor an is tu pra shi gol ben ur sto lia nek ga fo ry ze mon bra cle".split()
FUNCTION = ("the of and to a in that is for it was on with he as at by this had not but from be "
            "have they which were are she his an or their been would will has more one there all also")
MONTHS = ("January February March April May June July August September October November "
          "December").split()


def _vocab() -> tuple[list[str], list[float]]:
    words = gzip.decompress(WORDS_FILE.read_bytes()).decode("utf-8").split()
    words = [w for w in words if w.isalpha()]
    random.Random(12345).shuffle(words)
    # Function words head the ranking, as in real text, so common-word postings are long.
    head = FUNCTION.split()
    words = head + [w for w in words if w not in set(head)]
    # Zipf: rank r gets weight 1/(r+2.7), like word frequencies in running text.
    return words, list(accumulate(1.0 / (r + 2.7) for r in range(len(words))))


_WORDS, _CUM = _vocab()


def _rare(rng: random.Random) -> str:
    return "".join(rng.choice(SYLL) for _ in range(rng.randint(2, 4)))


def _filler(rng: random.Random, n: int) -> str:
    words = rng.choices(_WORDS, cum_weights=_CUM, k=n)
    for k in range(n):
        if rng.random() < 0.03:
            words[k] = _rare(rng)
    return " ".join(words)


def _person(rng: random.Random) -> tuple[str, str]:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(ROLES)


def _date_text(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def article(seed: int, i: int) -> dict:
    """Fields of article ``i``: title, body paragraphs, metadata, format."""
    rng = random.Random(seed * 1_000_003 + i)
    topic = rng.choice(list(TOPICS))
    keys = TOPICS[topic].split()
    people = [_person(rng) for _ in range(rng.randint(2, 4))]
    places = rng.sample(PLACES, rng.randint(1, 3))
    orgs = rng.sample(ORGS, rng.randint(1, 2))
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(7 * 365))
    lead, lead_role = people[0]
    title = (f"{lead_role} {lead.split()[-1]} {rng.choice(('warns', 'backs', 'rejects', 'signals'))} "
             f"{' '.join(rng.sample(keys, 2))} in {places[0]}")
    paras: list[str] = []
    words = 0
    while words < 560:
        name, role = rng.choice(people)
        kind = rng.random()
        if kind < 0.3:
            quote = f"{_filler(rng, rng.randint(8, 16))} {rng.choice(keys)} {_filler(rng, 6)}".capitalize()
            p = f"\u201c{quote},\u201d {role} {name} {rng.choice(VERBS)} in {rng.choice(places)}."
        elif kind < 0.5:
            d = day - dt.timedelta(days=rng.randint(0, 40))
            p = (f"On {_date_text(d)}, the {rng.choice(orgs)} {rng.choice(VERBS)} that "
                 f"{' '.join(rng.sample(keys, 2))} would {_filler(rng, rng.randint(10, 20))}.")
        else:
            p = (f"{rng.choice(CONNECT)}, {name} of the {rng.choice(orgs)} {rng.choice(VERBS)} that "
                 f"{_filler(rng, rng.randint(12, 24))} {rng.choice(keys)} {_filler(rng, rng.randint(6, 14))}.")
        for _ in range(rng.randint(1, 3)):
            p += f" {_filler(rng, rng.randint(10, 22)).capitalize()} {rng.choice(keys)}."
        paras.append(p)
        words += len(p.split())
    r = rng.random()
    fmt = "md" if r < 0.7 else "txt" if r < 0.9 else "html"
    return {"i": i, "title": title, "paras": paras, "source": rng.choice(SOURCES), "author": lead,
            "published": day, "format": fmt, "topic": topic}


def render(a: dict) -> tuple[str, bytes]:
    """(extension, file content) for an article from ``article``."""
    if a["format"] == "md":
        front = (f"---\ntitle: {json.dumps(a['title'])}\nsource: {a['source']}\nauthor: {a['author']}\n"
                 f"published: {a['published'].isoformat()}\nurl: https://news.example/{a['i']}\n---\n\n")
        return ".md", (front + "\n\n".join(a["paras"]) + "\n").encode()
    if a["format"] == "txt":
        return ".txt", (a["title"] + "\n\n" + "\n\n".join(a["paras"]) + "\n").encode()
    body = "".join(f"<p>{p}</p>\n" for p in a["paras"])
    html = (f"<html><head><title>{a['title']}</title><meta property=\"og:site_name\" content=\"{a['source']}\">"
            f"<meta name=\"date\" content=\"{a['published'].isoformat()}\"><script>var x = 1;</script></head>"
            f"<body><nav>Home | World</nav><h1>{a['title']}</h1>\n{body}</body></html>\n")
    return ".html", html.encode()


def odd_file(i: int, a: dict) -> tuple[str, bytes] | None:
    """Every 500th slot holds an awkward file instead of a well-formed article."""
    if i % 500 != 499:
        return None
    kind = (i // 500) % 7
    text = a["title"] + "\n\n" + "\n\n".join(a["paras"])
    if kind == 0:
        return ".txt", b""
    if kind == 1:
        return ".txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    if kind == 2:
        return ".txt", ("Caf\u00e9 r\u00e9sum\u00e9 \u2013 " + text).encode("cp1252", "replace")
    if kind == 3:
        return ".md", ("---\ntitle: [unclosed\nsource: : :\n---\n" + text).encode()
    if kind == 4:
        return ".txt", ("[CORRECTED 14:06 GMT] [bold]not markup[/bold] " + text).encode()
    if kind == 5:
        return ".txt", ("\u202eReversed \u200b zero\u2060width \U0001F600 \x1b[31mred\n\n" + text).encode()
    return ".txt", ((text + "\n\n") * 120).encode()  # about 0.5 MB


def write_one(out: str, seed: int, i: int) -> None:
    a = article(seed, i)
    ext, data = odd_file(i, a) or render(a)
    d = Path(out, str(a["published"].year), f"{a['published'].month:02d}")
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{a['topic']}-{i:06d}{ext}").write_bytes(data)


def _write_range(out: str, seed: int, start: int, stop: int) -> None:
    for i in range(start, stop):
        write_one(out, seed, i)


def generate(size: int, out: Path, seed: int = 1, workers: int | None = None) -> Path:
    """Write the corpus unless an identical one is already there; returns ``out``."""
    out = Path(out)
    marker = out / DONE
    want = {"version": VERSION, "size": size, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == want:
        return out
    if out.exists():
        import shutil

        shutil.rmtree(out)
    out.mkdir(parents=True)
    workers = workers or os.cpu_count() or 1
    chunk = max(1, -(-size // (workers * 4)))
    with ProcessPoolExecutor(workers) as pool:
        jobs = [pool.submit(_write_range, str(out), seed, s, min(size, s + chunk)) for s in range(0, size, chunk)]
        for j in jobs:
            j.result()
    marker.write_text(json.dumps(want))
    return out


def default_dir(size: int) -> Path:
    return HERE / f"_corpus_{size}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    out = generate(args.size, args.out or default_dir(args.size), args.seed)
    print(f"{args.size} articles in {out.name} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
