"""The data that flows through citebot: Article → Chunk → Hit → Answer with Citations.

Plain dataclasses: front ends never see Chroma or LangChain objects.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass
class Article:
    """One cleaned news article."""

    article_id: str
    title: str
    text: str
    content_hash: str
    source: str = ""  # outlet, e.g. "Reuters"; "" when unknown
    url: str = ""
    published: date | None = None
    author: str = ""
    origin: str = ""  # where it was loaded from: a file path (plus "#L<n>" for JSONL lines)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d


@dataclass
class Chunk:
    """A token-bounded window of an article's sentences, carrying the article's metadata."""

    chunk_id: str
    article_id: str
    index: int
    text: str
    title: str
    source: str = ""
    url: str = ""
    published: date | None = None
    start_char: int = 0  # offsets into Article.text, so a quote can be located
    end_char: int = 0
    sentences: list[tuple[int, int]] = field(default_factory=list)  # spans within `text`, found at ingest

    def embedding_text(self) -> str:
        """What gets embedded: a short title/date header, then the passage."""
        header = self.title
        if self.published:
            header += f" ({self.published.isoformat()})"
        return f"{header}\n{self.text}" if header else self.text


@dataclass
class Hit:
    """A retrieved chunk with its fused score and the ranks that produced it."""

    chunk_id: str
    article_id: str
    text: str
    title: str
    score: float
    source: str = ""
    url: str = ""
    published: date | None = None
    dense_rank: int | None = None
    lexical_rank: int | None = None
    dense_similarity: float | None = None  # cosine similarity, when the dense side found it
    lexical_score: float | None = None  # BM25 score, when the lexical side found it
    sentences: list[tuple[int, int]] = field(default_factory=list)  # spans within `text`

    def snippet(self, query: str, limit: int = 320) -> str:
        """The sentences of this passage that best match `query` (two at most), for display."""
        from .textutil import content_stems

        sentences = self.sentence_texts() or [self.text]
        want = set(content_stems(query))
        scores = [len(want & set(content_stems(s))) for s in sentences]
        best = max(range(len(sentences)), key=scores.__getitem__)
        out = sentences[best]
        if best + 1 < len(sentences) and len(out) + len(sentences[best + 1]) < limit:
            out += " " + sentences[best + 1]
        return out if len(out) <= limit else out[: limit - 1].rsplit(" ", 1)[0] + "…"

    def sentence_texts(self) -> list[str]:
        if not self.sentences:
            from .chunking import sentence_spans

            self.sentences = [(s.start, s.end) for s in sentence_spans(self.text)]
        return [self.text[a:b] for a, b in self.sentences]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("sentences")
        d["published"] = self.published.isoformat() if self.published else None
        return d


@dataclass
class Citation:
    """A numbered source of an answer: one article, the passage and the exact quote used."""

    marker: int
    article_id: str
    chunk_id: str
    title: str
    quote: str
    source: str = ""
    url: str = ""
    published: date | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d


@dataclass
class Answer:
    """What the engine returns for a question."""

    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    standalone_question: str = ""
    backend: str = ""
    note: str = ""  # e.g. "the LLM server did not answer; extractive answer shown"
    hits: list[Hit] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per stage

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "standalone_question": self.standalone_question,
            "text": self.text,
            "abstained": self.abstained,
            "backend": self.backend,
            "note": self.note,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": [h.chunk_id for h in self.hits],
            "timings_ms": {k: round(v, 2) for k, v in self.timings.items()},
        }


@dataclass
class Filters:
    """Restrictions on what may be retrieved."""

    sources: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None

    def is_empty(self) -> bool:
        return not self.sources and self.since is None and self.until is None
