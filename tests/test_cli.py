"""The citebot command line: ingest, search, stats (JSON for scripts), exit codes, errors."""

from __future__ import annotations

import json

import pytest

from bot.cli import main

from .conftest import SEEDS


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(tmp_path / "data"))
    for var in ("CHROMA_HOST", "ANSWER_BACKEND"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_ingest_search_stats(cli_env, capsys):
    code, out, _ = run(capsys, "ingest", str(SEEDS), "--json")
    assert code == 0 and len(json.loads(out)["added"]) == 5

    code, out, _ = run(capsys, "search", "Xiangshan Forum", "--k", "2")
    assert code == 0 and out.startswith("1. Chinese defense minister calls for talks")
    assert "Xiangshan Forum" in out.split("2. ")[0]

    code, out, _ = run(capsys, "search", "Xiangshan Forum", "--json", "--since", "2024-01-01")
    data = json.loads(out)
    assert code == 0 and all(h["published"] >= "2024-01-01" for h in data["hits"])

    code, out, _ = run(capsys, "stats", "--json")
    stats = json.loads(out)
    assert code == 0 and stats["articles"] == 5 and stats["chunks"] == stats["lexical_rows"] > 5
    code, out, _ = run(capsys, "stats")
    assert "articles:   5" in out


def test_skipped_input_gives_exit_code_3_and_names_the_file(cli_env, capsys):
    (cli_env / "bad.txt").write_bytes(b"\x00\x00")
    code, _out, err = run(capsys, "ingest", str(cli_env / "bad.txt"), str(cli_env / "missing"))
    assert code == 3
    assert "bad.txt: binary file" in err and "missing: no such file or directory" in err


def test_bad_configuration_is_one_clear_line(cli_env, capsys, monkeypatch):
    monkeypatch.setenv("CHUNK_TOKENS", "lots")
    code, _, err = run(capsys, "stats")
    assert code == 1 and "CHUNK_TOKENS" in err and "Traceback" not in err


def test_bad_arguments(cli_env, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["search", "x", "--k", "0"])
    assert exc.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def _one_line(err: str) -> str:
    # argparse prints its usage lines first (wrapped, indented); the error itself is one line
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith(("usage:", " "))]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_errors_people_cause_end_in_one_line(cli_env, capsys, monkeypatch):
    """Each with its documented exit code: 1 for errors, 2 for bad usage (before any work is done)."""
    (cli_env / "afile").write_text("x")
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(cli_env / "afile"))  # a file where a folder should be
    code, _, err = run(capsys, "stats")
    assert code == 1 and "cannot open the embedded store" in _one_line(err)
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(cli_env / "data"))

    (cli_env / "latin1.jsonl").write_bytes('{"id": "q1", "question": "Caf\xe9?"}\n'.encode("latin-1"))
    code, _, err = run(capsys, "eval", str(cli_env / "latin1.jsonl"))
    assert code == 1 and "latin1.jsonl: not UTF-8 text" in _one_line(err)
    (cli_env / "feedback.jsonl").write_bytes(b"\xff\xfe{}")
    code, _, err = run(capsys, "feedback-to-eval", str(cli_env / "feedback.jsonl"), "--out", "q.jsonl")
    assert code == 1 and "not UTF-8 text" in _one_line(err)

    good = ('{"id": "q1", "question": "Where did Dong Jun call for talks?", "answer": ["Xiangshan Forum"], '
            '"evidence_article_ids": [], "question_type": "single_fact", "abstain_expected": false}\n')
    (cli_env / "bom.jsonl").write_text("\ufeff" + good, encoding="utf-8")  # a BOM is fine
    for argv, fragment in [
        (["eval", str(cli_env / "bom.jsonl"), "--out", "missing/folder/report.json"], "does not exist"),
        (["search", "talks", "--since", "2024-02-01", "--until", "2024-01-01"], "--since is after --until"),
        (["ask", "talks", "--since", "2024-02-30"], "not a date"),
    ]:
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2 and fragment in _one_line(capsys.readouterr().err)


def test_a_corrupt_store_file_is_one_line_and_nothing_else_is_touched(cli_env, capsys):
    assert run(capsys, "ingest", str(SEEDS), "--quiet")[0] == 0
    sqlite = cli_env / "data" / "chroma" / "chroma.sqlite3"
    sqlite.write_bytes(b"not a database" * 10)
    for argv in (["stats"], ["ask", "What did Dong Jun tell Shoigu?"], ["ingest", str(SEEDS)]):
        code, _, err = run(capsys, *argv)
        assert code == 1 and "file is not a database" in _one_line(err)
    assert sqlite.read_bytes() == b"not a database" * 10  # left for the operator to restore, not "repaired" away
