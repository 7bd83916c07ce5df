"""The app follows the index: another process's sync (`briefing index` in a shell) shows
up in the list, counts and sidebar without a key press."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from tests.app_support import make_app, screen_text, settle, sync

BRIEFING = str(Path(sys.executable).with_name("briefing"))


#: A sentence of its own for each article: articles that differ in one word are copies,
#: which the list folds into one row.
DETAILS = {
    "north": "Ice had cracked two pilings and the ferry timetable was cut to three sailings a day.",
    "south": "A dredger ran aground in the silted channel and had to wait for the spring tide.",
    "east": "The fish market asked for cold storage and a loading ramp for the night trucks.",
    "west": "Storm surge flooded the chandlery, and insurers disputed who owned the seawall.",
    "quay": "Cruise passengers complained about the coach queue, so a second gate opened.",
    "dock": "Welders found rust in the crane rails and the container yard closed for a week.",
    "slip": "The lifeboat crew trained volunteers on the new winch after a cable snapped.",
    "pier": "Anglers and the sailing club argued over lights the council wants to switch off.",
    "jetty": "A tanker berthing plan drew objections from residents worried about fumes.",
}


def write_articles(folder: Path, names: list[str], person: str) -> None:
    for n, name in enumerate(names):
        (folder / f"{name}.md").write_text(
            f"---\ntitle: Harbour report {name}\npublished: 2024-05-{n + 1:02d}\nsource: Coast Courier\n---\n\n"
            f"The harbour board met on Monday to discuss the {name} berth. {person} said the repairs would "
            f"take another month. {DETAILS[name]}\n", encoding="utf-8")


def setup(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    config = tmp_path / "config.yaml"
    config.write_text(f"corpus: [{corpus}]\nindex_dir: {tmp_path / 'index'}\n", encoding="utf-8")
    return corpus, config


def index_in_shell(config: Path) -> None:
    done = subprocess.run([BRIEFING, "--config", str(config), "index"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


async def wait_for(pilot, condition, seconds: float = 20.0) -> bool:
    # Generous: it returns as soon as the condition holds, and a loaded CI machine
    # once took more than 5 s to see the other process's sync.
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


@sync
async def test_list_fills_when_another_process_indexes(tmp_path):
    from briefing.tui.widgets.article_list import ArticleList
    from briefing.tui.widgets.entity_sidebar import EntitySidebar

    corpus, config = setup(tmp_path)
    write_articles(corpus, ["north", "south", "east"], "Mirela Oskarsen")
    app = make_app(config=config)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        lst = app.query_one(ArticleList)
        assert len(lst.hits) == 3
        write_articles(corpus, ["quay", "dock", "slip", "pier", "jetty"], "Tomas Ruelle")
        await asyncio.to_thread(index_in_shell, config)
        # No key pressed, no search typed: the app notices on its own.
        assert await wait_for(pilot, lambda: len(lst.hits) == 8), len(lst.hits)
        assert await wait_for(pilot, lambda: "Tomas Ruelle" in {r.name for r in app.query_one(EntitySidebar).rows})
        assert "8 articles" in app.status.text().plain
        assert "Harbour report jetty" in screen_text(app)


@sync
async def test_a_sync_that_waited_for_another_process_shows_what_it_indexed(tmp_path):
    """The other process indexed everything while ours waited: ours then finds nothing to
    do, and the list, empty when the app opened, must still fill."""
    from briefing.tui.widgets.article_list import ArticleList
    from tests.test_app_states import option_text

    corpus, config = setup(tmp_path)
    write_articles(corpus, ["north", "south", "east", "west"], "Mirela Oskarsen")
    app = make_app(config=config)
    real_sync = app.library.sync
    seen = []

    def sync_after_the_shell(progress=None, cancelled=None, rebuild=False):
        seen.append(option_text(app.query_one(ArticleList)))
        index_in_shell(config)
        return real_sync(progress=progress, cancelled=cancelled, rebuild=rebuild)

    app.library.sync = sync_after_the_shell
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        lst = app.query_one(ArticleList)
        assert await wait_for(pilot, lambda: len(lst.hits) == 4), option_text(lst)
        assert app.status.index_state == "up to date"
    # While the app waited the list never said the folder was empty: it has files.
    assert not any("No articles yet" in text for text in seen)
