"""The command line, end to end through click's CliRunner: coding, the store, exports, actors."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import eventwire.cli_store  # noqa: F401  registers the store commands
from eventwire.cli import cli

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "schema" / "event.schema.json").read_text())
TEXT_A = "Japan imposed sanctions on North Korea on Monday. Japanese police arrested two North Korean spies in Osaka."
TEXT_B = "Brazil and Argentina will hold talks in Buenos Aires on Friday, officials said."


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    rows = [{"id": "a", "text": TEXT_A, "date": "2023-05-10", "title": "Sanctions", "url": "https://example.org/a"},
            {"id": "b", "text": TEXT_B, "date": "2023-05-10", "title": "Talks", "url": "https://example.org/b"}]
    (folder / "docs.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return folder


@pytest.fixture(scope="module")
def db(runner, corpus, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "ew.db"
    result = runner.invoke(cli, ["ingest", str(corpus / "docs.jsonl"), "--db", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return path


def _jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_code_prints_valid_jsonl(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT_A)
    result = runner.invoke(cli, ["code", str(path), "--date", "2023-05-10", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    events = _jsonl(result.output)
    assert {e["plover"] for e in events} >= {"SANCTION", "COERCE"}
    for event in events:
        jsonschema.validate(event, SCHEMA)
    assert any(e["date"] == "2023-05-08" for e in events)  # "on Monday", past, before 2023-05-10


def test_code_reads_stdin_and_jsonl(runner, corpus):
    result = runner.invoke(cli, ["code", "-", "--date", "2023-05-10"], input=TEXT_B)
    assert result.exit_code == 0 and _jsonl(result.output)
    result = runner.invoke(cli, ["code", "--jsonl", str(corpus / "docs.jsonl")])
    assert {e["doc_id"] for e in _jsonl(result.output)} == {"a", "b"}


def test_code_takes_the_date_from_the_file_name(runner, tmp_path):
    path = tmp_path / "2019-06-12-talks.txt"
    path.write_text(TEXT_B)
    events = _jsonl(runner.invoke(cli, ["code", str(path)]).output)
    assert events and all(e["date"].startswith("2019-06") for e in events)


def test_bad_inputs_get_one_line_each_and_the_run_goes_on(runner, tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "good.txt").write_text(TEXT_A)
    (tmp_path / "bad.gz").write_bytes(gzip.compress(b"x" * 100)[:20])
    result = runner.invoke(cli, ["code", str(tmp_path), "--date", "2023-05-10", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("eventwire:")]
    assert len(errors) >= 3 and all("\n" not in e for e in errors)
    assert _jsonl(result.output)


def test_code_with_nothing_readable_fails(runner, tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00" * 50)
    result = runner.invoke(cli, ["code", str(tmp_path / "bin.txt")])
    assert result.exit_code != 0


def test_ingest_is_idempotent(runner, corpus, db):
    result = runner.invoke(cli, ["ingest", str(corpus / "docs.jsonl"), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0
    assert "events added 0" in result.output and "already stored 2" in result.output


def test_events_timeline_dyads_actors(runner, db):
    events = json.loads(runner.invoke(cli, ["events", "--db", str(db), "--format", "json", "--limit", "100"]).output)
    assert {e["plover"] for e in events} >= {"SANCTION", "CONSULT"}
    only = runner.invoke(cli, ["events", "--db", str(db), "--plover", "CONSULT", "--format", "jsonl"]).output
    assert {e["plover"] for e in _jsonl(only)} == {"CONSULT"}
    timeline = runner.invoke(cli, ["timeline", "--db", str(db), "--by", "month", "--format", "csv"]).output
    assert "2023-05" in timeline
    assert "country:JPN" in runner.invoke(cli, ["dyads", "--db", str(db)]).output
    assert "country:JPN" in runner.invoke(cli, ["actors", "--db", str(db)]).output


def test_show_marks_the_sentence(runner, db):
    rows = _jsonl(runner.invoke(cli, ["events", "--db", str(db), "--plover", "SANCTION", "--format", "jsonl"]).output)
    result = runner.invoke(cli, ["show", rows[0]["id"], "--db", str(db)])
    assert result.exit_code == 0
    assert "[imposed]" in result.output or "[sanctions]" in result.output
    assert "{Japan}" in result.output


def test_show_unknown_id_is_a_clear_error(runner, db):
    result = runner.invoke(cli, ["show", "fe_nope", "--db", str(db)])
    assert result.exit_code != 0 and "no event" in result.output


@pytest.mark.parametrize("fmt", ["gdelt", "gdelt-mentions", "plover", "csv", "mentions-csv", "quotes", "gkg-quotations"])
def test_exports(runner, db, fmt):
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", fmt])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line]
    if fmt == "gdelt":
        assert lines and all(len(line.split("\t")) == 61 for line in lines)
    if fmt == "plover":
        assert all(json.loads(line)["event"] for line in lines)


def test_parquet_export_needs_a_file(runner, db, tmp_path):
    assert runner.invoke(cli, ["export", "--db", str(db), "--format", "parquet"]).exit_code != 0
    out = tmp_path / "e.parquet"
    assert runner.invoke(cli, ["export", "--db", str(db), "--format", "parquet", "-o", str(out)]).exit_code == 0
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows >= 2


def test_actors_show_by_date(runner):
    r2021 = runner.invoke(cli, ["actors", "show", "the US president", "--date", "2021-12-31", "--db", "/nonexistent.db"])
    r2025 = runner.invoke(cli, ["actors", "show", "the US president", "--date", "2025-06-01", "--db", "/nonexistent.db"])
    assert "person:joe-biden" in r2021.output and "person:donald-trump" in r2025.output


def test_user_actors_override_and_extend(runner, tmp_path):
    db = tmp_path / "u.db"
    add = runner.invoke(cli, ["actors", "add", "person:ada-quill", "--name", "Ada Quill", "--country", "GBR",
                              "--title", "foreign minister", "--start", "2030-01-01", "--db", str(db)])
    assert add.exit_code == 0, add.output
    shown = runner.invoke(cli, ["actors", "show", "Ada Quill", "--date", "2030-06-01", "--db", str(db)])
    assert "person:ada-quill" in shown.output
    data = tmp_path / "more.yaml"
    data.write_text("- {id: 'org:river-league', name: River League, sector: IGO}\n")
    assert runner.invoke(cli, ["actors", "import", str(data), "--db", str(db)]).exit_code == 0
    assert "org:river-league" in runner.invoke(cli, ["actors", "show", "River League", "--db", str(db)]).output
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {name: nobody}\n")
    result = runner.invoke(cli, ["actors", "import", str(bad), "--db", str(db)])
    assert result.exit_code != 0 and "id" in result.output


def test_quotes_command(runner, tmp_path):
    db = tmp_path / "q.db"
    text = 'Mexico\'s president said that the talks with the United States were over. "We will not pay," he said.'
    src = tmp_path / "q.jsonl"
    src.write_text(json.dumps({"id": "q1", "text": text, "date": "2023-02-01"}) + "\n")
    assert runner.invoke(cli, ["ingest", str(src), "--db", str(db), "--workers", "1"]).exit_code == 0
    rows = json.loads(runner.invoke(cli, ["quotes", "--db", str(db), "--format", "json"]).output)
    assert rows and all(r["speaker"] for r in rows)
    assert any((r["speaker"] or {}).get("country") == "MEX" for r in rows)
    gkg = runner.invoke(cli, ["export", "--db", str(db), "--format", "gkg-quotations"]).output.splitlines()
    doc, field = gkg[0].split("\t")
    blocks = [b.split("|") for b in field.split("#")]
    assert doc == "q1" and all(len(b) == 4 and int(b[0]) >= 0 and int(b[1]) > 0 for b in blocks)
    assert any("We will not pay" in b[3] for b in blocks)


def test_lexicon_lint(runner):
    result = runner.invoke(cli, ["lexicon", "lint"])
    assert result.exit_code == 0 and result.output.startswith("ok:")


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


def test_every_command_and_option_has_help_and_is_documented():
    readme = (REPO / "README.md").read_text()
    for path, command in _commands(cli):
        assert command.help, f"{' '.join(path)} has no help"
        assert re.search(rf"eventwire {' '.join(path)}\b", readme), f"README does not mention `eventwire {' '.join(path)}`"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{' '.join(path)} {param.opts} has no help"


def test_change_feed(runner, corpus, db, tmp_path):
    rows = _jsonl(runner.invoke(cli, ["changes", "--db", str(db), "--format", "jsonl"]).output)
    assert rows and {r["kind"] for r in rows} <= {"created", "updated", "merged", "deleted"}
    last = max(r["seq"] for r in rows)
    assert _jsonl(runner.invoke(cli, ["changes", "--db", str(db), "--since", str(last), "--format", "jsonl"]).output) == []
    extra = tmp_path / "more.jsonl"
    extra.write_text(json.dumps({"id": "c", "text": "Chile recalled its ambassador from Israel on Monday.", "date": "2023-11-01"}) + "\n")
    assert runner.invoke(cli, ["ingest", str(extra), "--db", str(db), "--workers", "1"]).exit_code == 0
    new = _jsonl(runner.invoke(cli, ["changes", "--db", str(db), "--since", str(last), "--with-events", "--format", "jsonl"]).output)
    assert new and all(r["seq"] > last for r in new)
    assert any(r["kind"] == "created" and r["event"]["source"]["id"] == "country:CHL" for r in new)
