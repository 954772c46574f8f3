"""benchmarks/newsdev: a run of some systems keeps the others' figures only when the corpus is the same."""

from __future__ import annotations

import json

from benchmarks.newsdev.run import _carry_over, format_results


def _row(hits4: float) -> dict:
    m = {"hits@4": hits4, "hits@10": 0.9, "mrr@10": 0.7, "recall_all@4": 0.2, "recall_all@10": 0.4}
    return {"metrics": {"all": m, "temporal_query": {**m, "n": 3}}, "query_ms_p50": 10.0, "query_ms_p95": 20.0}


def _results(sha: str, systems: dict, started: str = "2026-12-05 10:00:00") -> dict:
    return {"corpus_sha256": sha, "documents": 3, "questions": 4, "questions_with_evidence": 3,
            "started": started, "citebot_settings": {"multilingual_index": "off"}, "systems": systems}


def test_systems_not_rerun_keep_their_last_figures_on_the_same_corpus(tmp_path):
    old = tmp_path / "newsdev.json"
    old.write_text(json.dumps(_results("abc", {"langchain": _row(0.5), "citebot-eval": _row(0.8)},
                                       started="2026-12-03 09:30:34")))
    new = _results("abc", {"citebot-eval": _row(0.9)})
    _carry_over(new, old)
    assert list(new["systems"]) == ["langchain", "citebot-eval"]  # the benchmark's own order
    assert new["systems"]["citebot-eval"]["metrics"]["all"]["hits@4"] == 0.9  # the new run wins
    assert new["systems"]["langchain"]["measured"] == "2026-12-03 09:30:34"
    assert "langchain: not re-run; measured 2026-12-03 09:30:34 on the same corpus." in format_results(new)


def test_another_corpus_carries_nothing_over(tmp_path):
    old = tmp_path / "newsdev.json"
    old.write_text(json.dumps(_results("abc", {"langchain": _row(0.5)})))
    new = _results("xyz", {"citebot-eval": _row(0.9)})
    _carry_over(new, old)
    assert list(new["systems"]) == ["citebot-eval"] and "not re-run" not in format_results(new)
    _carry_over(new, tmp_path / "missing.json")  # no earlier report: nothing to keep
    assert list(new["systems"]) == ["citebot-eval"]
