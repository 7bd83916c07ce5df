"""The command line contract: subcommands, --json shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from briefing.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_twice_reports_nothing_changed(capsys):
    code, out, _ = run(capsys, "index")
    assert code == 0 and "Indexed 5 new" in out
    code, out, _ = run(capsys, "index")
    assert code == 0 and "nothing changed" in out


def test_index_reports_skipped_files(capsys, seeds_copy):
    (seeds_copy / "junk.txt").write_bytes(b"\x00" * 50)
    code, out, _ = run(capsys, "--corpus", str(seeds_copy), "index")
    assert code == 0
    assert "skipped 1" in out and "junk.txt: binary" in out


def test_search_json_has_the_contract_fields(capsys):
    code, out, _ = run(capsys, "search", '"joint military drills"', "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["id"] == "000_f07592ef50349924"
    assert {"id", "title", "score", "snippet"} <= set(rows[0])


def test_search_limit_and_plain_output(capsys):
    code, out, _ = run(capsys, "search", "korea", "--limit", "2")
    assert code == 0
    assert "5 results, showing 2" in out


def test_no_results_suggests_a_spelling(capsys):
    code, out, _ = run(capsys, "search", "nroth korea")
    assert code == 0 and "Did you mean: north korea" in out


def test_bad_query_is_one_line_and_exit_2(capsys):
    code, out, err = run(capsys, "search", "published:[zzz to")
    assert code == 2
    assert err.startswith("briefing: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_bad_config_is_one_line_and_exit_2(capsys, write_config):
    path = write_config("colour: red\n")
    code, _, err = run(capsys, "--config", str(path), "search", "lee")
    assert code == 2
    assert "unknown key 'colour'" in err and err.count("\n") == 1


def test_missing_corpus_folder_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "--corpus", str(tmp_path / "nope"), "index")
    assert code == 2 and "does not exist" in err


def test_entities_json_contract(capsys):
    code, out, _ = run(capsys, "entities", "--json")
    assert code == 0
    rows = json.loads(out)
    lee = [r for r in rows if r["name"] == "Lee Jae-myung"]
    assert len(lee) == 1
    assert lee[0]["type"] == "PERSON"
    assert {"Lee Jae Myung", "President Lee"} <= set(lee[0]["aliases"])
    assert len(lee[0]["articles"]) == 5
    for r in rows:
        assert {"name", "type", "aliases", "articles", "mentions"} <= set(r)
        assert r["type"] in ("PERSON", "ORG", "PLACE")


def test_entities_type_filter_and_table(capsys):
    code, out, _ = run(capsys, "entities", "--type", "place")
    assert code == 0 and "PLACE" in out and "PERSON" not in out.split("\n", 1)[1]
    code, _, err = run(capsys, "entities", "--type", "animal")
    assert code == 2 and "PERSON, ORG, PLACE or MISC" in err


def test_entity_field_in_search(capsys):
    code, out, _ = run(capsys, "search", 'entity:"Shigeru Ishiba"', "--json")
    ids = {r["id"] for r in json.loads(out)}
    assert "002_6c71aa57f39ea662" in ids
    code, out, _ = run(capsys, "search", 'entity:"President Lee"', "--json")
    assert len(json.loads(out)) == 5


def test_export_refuses_to_clobber_and_force_overwrites(capsys, tmp_path):
    target = tmp_path / "note.md"
    target.write_text("my own notes")
    code, _, err = run(capsys, "export", "--query", "North Korea", "-o", str(target))
    assert code != 0 and "already exists" in err
    assert target.read_text() == "my own notes"
    code, _, _ = run(capsys, "export", "--query", "North Korea", "-o", str(target), "--force")
    assert code == 0 and target.read_text().startswith("#")


def test_export_to_unwritable_path_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "export", "-o", str(tmp_path / "no" / "such" / "dir" / "n.md"))
    assert code != 0 and err.count("\n") == 1 and "Traceback" not in err


def test_python_dash_m_works_from_another_directory(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "briefing", "search", "lee", "--json"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 5
