"""Terminal rendering: the progress bar shows only on a terminal and only for long runs."""

from __future__ import annotations

import io

from bot.render import ProgressBar, answer_text, shorten


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_for_long_runs_on_a_terminal(monkeypatch):
    tty = Tty()
    monkeypatch.setattr("sys.stderr", tty)
    bar = ProgressBar("embedding", min_total=10)
    bar(1, 5)
    assert tty.getvalue() == ""
    bar(3, 50)
    bar(50, 50)
    bar.close()
    assert "embedding" in tty.getvalue() and "50/50" in tty.getvalue()
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    quiet = ProgressBar("embedding", min_total=1)
    quiet(5, 50)
    quiet.close()
    assert pipe.getvalue() == ""


def test_answer_text_and_shorten():
    from retrieval import Answer

    assert answer_text(Answer("q", "No sources.", abstained=True)) == "No sources."
    assert shorten("a " * 100, 20).endswith("…") and len(shorten("a " * 100, 20)) <= 20
