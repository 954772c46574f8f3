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
