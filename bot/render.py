"""Plain-text rendering shared by the terminal front ends."""

from __future__ import annotations

import sys

from retrieval import Answer, Citation, Hit


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def source_line(item: Hit | Citation) -> str:
    """title · outlet · date, leaving out what is unknown."""
    parts = [item.title or "(untitled)"]
    if item.source:
        parts.append(item.source)
    if item.published:
        parts.append(item.published.isoformat())
    return " · ".join(parts)


class ProgressBar:
    """A tqdm bar on stderr, shown only for long runs on a terminal; callable as ingest's progress hook."""

    def __init__(self, label: str, min_total: int = 32):
        self.label = label
        self.min_total = min_total
        self._bar = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < self.min_total or not sys.stderr.isatty():
                return
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=self.label, unit="chunk", file=sys.stderr)
        self._bar.n = done
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def answer_text(answer: Answer, quotes: bool = True) -> str:
    """The answer, then its numbered sources (title · outlet · date · url) with the quoted passage."""
    lines = [answer.text]
    if answer.note:
        lines += ["", f"({answer.note})"]
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            line = f"[{c.marker}] {source_line(c)}"
            if c.url:
                line += f" · {c.url}"
            lines.append(line)
            if quotes and c.quote:
                lines.append(f"    “{shorten(c.quote, 300)}”")
    return "\n".join(lines)
