"""Plain-text rendering shared by the terminal front ends."""

from __future__ import annotations

import sys

from retrieval import Answer, Citation, Hit, SourceRef, localized_date, say


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def source_line(item: Hit | Citation | SourceRef, language: str = "en") -> str:
    """title · outlet · date, leaving out what is unknown."""
    parts = [item.title or say("untitled", language)]
    if item.source:
        parts.append(item.source)
    if item.published:
        parts.append(localized_date(item.published.isoformat(), language))
    also = getattr(item, "also", ())
    return " · ".join(parts) + (f" ({say('also_in', language, outlets=', '.join(also))})" if also else "")


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


def _source_lines(c: Citation, language: str, limit: int | None) -> list[str]:
    line = f"[{c.marker}] {source_line(c, language)}"
    if c.url:
        line += f" · {c.url}"
    lines = [line]
    if c.story:
        lines.append(f"    ({say('related_story', language, story=c.story)})")
    if c.quote and limit:
        lines.append(f"    “{shorten(c.quote, limit)}”")
    return lines


def answer_text(answer: Answer, quotes: bool = True) -> str:
    """The lead answer, the cited sentences, then the numbered sources (title · outlet · date · url) with
    the quoted passage."""
    lines = [f"{answer.short_answer}. {answer.text}" if answer.short_answer else answer.text]
    if answer.note:
        lines += ["", f"({answer.note})"]
    if answer.nearest:
        lines += ["", say("nearest", answer.language)] + [f"  · {source_line(r, answer.language)}"
                                                          for r in answer.nearest]
    if answer.citations:
        lines += ["", say("sources", answer.language) + ":"]
        for c in answer.citations:
            lines += _source_lines(c, answer.language, 300 if quotes else None)
    return "\n".join(lines)


def sources_text(answer: Answer) -> str:
    """/sources in the terminal: every source of the answer with its whole quote."""
    lines = [say("sources_last", answer.language) + ":"]
    for c in answer.citations:
        lines += _source_lines(c, answer.language, 3000)
    return "\n".join(lines)
