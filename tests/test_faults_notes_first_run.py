"""Issue 15, finding 12: on a first run at 160 columns or more, the briefing-notes pane is
shown at once; once the first index build finishes it must describe the built index
("The whole corpus · N articles"), not the empty one it started on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.app_support import make_app, settle, sync


def _corpus(root: Path, n: int) -> Path:
    root.mkdir()
    for i in range(n):
        (root / f"h{i:03d}.md").write_text(
            f"---\ntitle: Harbour talks {i}\nsource: Kelport Courier\npublished: 2024-05-{i % 28 + 1:02d}\n---\n\n"
            f"The harbour board in Kelport met on day {i}. Mayor Ines Varga said the dredging plan "
            "would go ahead before the storm season.\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("size", [(160, 50), (200, 60)])
@sync
async def test_note_pane_follows_the_first_build(tmp_path, size):
    from briefing.tui.widgets.notes_pane import NotesPane

    corpus = _corpus(tmp_path / "news", 300)
    config = tmp_path / "config.yaml"
    config.write_text(f"corpus: [{corpus}]\nindex_dir: {tmp_path / 'fresh-index'}\n", encoding="utf-8")
    app = make_app(config=config)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, timeout=60)
        pane = app.query_one(NotesPane)
        for _ in range(200):
            if "300 articles" in pane.markdown_text or "of 300 articles" in pane.markdown_text:
                break
            await pilot.pause(0.05)
        assert pane.display and pane.region.width > 0, "the note pane is shown at this width"
        counts = re.findall(r"(\d+) articles", pane.markdown_text)
        assert counts and counts[0] == "300", pane.markdown_text[:300]
        assert not re.search(r"(?<!\d)0 articles", pane.markdown_text[:400])
