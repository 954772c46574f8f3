"""The data that flows through citebot: Article → Chunk → Hit → Answer with Citations.

Every stage carries the same frozen `SourceRef` (title, outlet, URL, publication date), so what a
source is called is decided once, at loading, and shown the same way in a hit, a citation and /stats.
Plain dataclasses: front ends never see Chroma, tantivy or LangChain objects.

    >>> ref = SourceRef("Talks resume", source="Reuters", published=date(2024, 2, 5))
    >>> chunk_id("a1", "0123456789abcdef", 2)
    'a1:0123456789:2'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

Span = tuple[int, int]
Entity = tuple[int, int, str]  # start, end (within the passage text), spaCy label (PERSON, ORG, GPE, DATE, …)


def chunk_id(article_id: str, content_hash: str, index: int) -> str:
    """The one definition of a chunk's id: a new article version gets new ids (its hash changes)."""
    return f"{article_id}:{content_hash[:10]}:{index}"


@dataclass(frozen=True)
class SourceRef:
    """How a source is named wherever it is shown: headline, outlet, link, publication date — and its
    byline, when an answer needs it (kept on the article's record, not on every passage)."""

    title: str
    source: str = ""  # outlet, e.g. "Reuters"; "" when unknown
    url: str = ""
    published: date | None = None
    author: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = {"title": self.title, "source": self.source, "url": self.url,
             "published": self.published.isoformat() if self.published else None}
        return {**d, "author": self.author} if self.author else d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceRef:
        published = d.get("published")
        return cls(title=d.get("title") or "", source=d.get("source") or "", url=d.get("url") or "",
                   published=date.fromisoformat(published) if published else None, author=d.get("author") or "")


class _Referenced:
    """Shorthands for the SourceRef fields, so `hit.title` reads as it always did."""

    ref: SourceRef

    @property
    def title(self) -> str:
        return self.ref.title

    @property
    def source(self) -> str:
        return self.ref.source

    @property
    def url(self) -> str:
        return self.ref.url

    @property
    def published(self) -> date | None:
        return self.ref.published


@dataclass
class RelatedStory:
    """Another story's paragraphs printed on the same page (a teaser, a "related" block)."""

    title: str
    text: str


@dataclass
class Article(_Referenced):
    """One cleaned news article."""

    article_id: str
    ref: SourceRef
    text: str
    content_hash: str
    author: str = ""
    origin: str = ""  # where it was loaded from: a file path (plus "#L<n>" for JSONL lines) or a URL
    language: str = "en"
    related: list[RelatedStory] = field(default_factory=list)
    credit: str = ""  # the credit of the story's picture, printed on a line of its own

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, **self.ref.to_dict(), "text": self.text,
                "content_hash": self.content_hash, "author": self.author, "origin": self.origin,
                "language": self.language, "related": [asdict(r) for r in self.related], "credit": self.credit}


@dataclass
class Chunk(_Referenced):
    """A token-bounded window of an article's sentences, carrying the article's SourceRef."""

    chunk_id: str
    article_id: str
    index: int
    text: str
    ref: SourceRef
    start_char: int = 0  # offsets into the article's text (or into its related story's text)
    end_char: int = 0
    sentences: list[Span] = field(default_factory=list)  # spans within `text`, found at ingest
    entities: list[Entity] = field(default_factory=list)  # named entities within `text`, found at ingest
    title_entities: list[Entity] = field(default_factory=list)  # … within the headline (`story or title`)
    story: str = ""  # the related story's headline when the passage is not from the article itself
    language: str = "en"

    @property
    def headline(self) -> str:
        return self.story or self.title

    def embedding_text(self) -> str:
        """What gets embedded: a short title/date header, then the passage."""
        header = self.headline
        if self.published:
            header += f" ({self.published.isoformat()})"
        return f"{header}\n{self.text}" if header else self.text


@dataclass
class Hit(_Referenced):
    """A retrieved passage with its fused score and the evidence that produced it."""

    chunk_id: str
    article_id: str
    text: str
    ref: SourceRef
    score: float = 0.0
    story: str = ""
    language: str = "en"
    sentences: list[Span] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    title_entities: list[Entity] = field(default_factory=list)
    dense_rank: int | None = None
    lexical_rank: int | None = None
    dense_similarity: float | None = None  # cosine similarity, when the dense side found it
    lexical_score: float | None = None  # BM25 score, when the lexical side found it
    article_rank: int | None = None  # rank of the article among the articles found

    @property
    def headline(self) -> str:
        return self.story or self.title

    def sentence_texts(self) -> list[str]:
        if not self.sentences:
            from .text.sentences import sentence_spans

            self.sentences = [(s.start, s.end) for s in sentence_spans(self.text, self.language)]
        return [self.text[a:b] for a, b in self.sentences]

    def snippet(self, query: str, limit: int = 320) -> str:
        """The sentences of this passage that best match `query` (two at most), for display."""
        from .text.words import content_stems

        sentences = self.sentence_texts() or [self.text]
        want = set(content_stems(query))
        scores = [len(want & set(content_stems(s))) for s in sentences]
        best = max(range(len(sentences)), key=scores.__getitem__)
        out = sentences[best]
        if best + 1 < len(sentences) and len(out) + len(sentences[best + 1]) < limit:
            out += " " + sentences[best + 1]
        return out if len(out) <= limit else out[: limit - 1].rsplit(" ", 1)[0] + "…"

    def to_dict(self) -> dict[str, Any]:
        return {"chunk_id": self.chunk_id, "article_id": self.article_id, "text": self.text, **self.ref.to_dict(),
                "score": self.score, "story": self.story, "language": self.language, "dense_rank": self.dense_rank,
                "lexical_rank": self.lexical_rank, "dense_similarity": self.dense_similarity,
                "lexical_score": self.lexical_score, "article_rank": self.article_rank}


@dataclass
class Citation(_Referenced):
    """A numbered source of an answer: one article, the passage and the exact quote used."""

    marker: int
    article_id: str
    chunk_id: str
    ref: SourceRef
    quote: str
    story: str = ""  # set when the quote comes from another story printed on the article's page
    also: tuple[str, ...] = ()  # other outlets that ran the same (syndicated) story

    def to_dict(self) -> dict[str, Any]:
        return {"marker": self.marker, "article_id": self.article_id, "chunk_id": self.chunk_id,
                **self.ref.to_dict(), "quote": self.quote, "story": self.story, "also": list(self.also)}


@dataclass
class Filters:
    """Restrictions on what may be retrieved."""

    sources: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None
    articles: list[str] = field(default_factory=list)  # only these articles (a follow-up on the last answer)

    def is_empty(self) -> bool:
        return not self.sources and self.since is None and self.until is None and not self.articles


@dataclass
class Turn:
    """One earlier exchange of a conversation, as a follow-up needs it."""

    question: str
    answer: str = ""
    standalone: str = ""
    articles: list[str] = field(default_factory=list)  # the article ids the answer cited
    quotes: list[str] = field(default_factory=list)  # the source sentences the answer already gave
    chunks: list[str] = field(default_factory=list)  # the passages those sentences came from
    short_answer: str = ""

    @property
    def resolved(self) -> str:
        return self.standalone or self.question


@dataclass
class Answer:
    """What the engine returns for a message."""

    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    short_answer: str = ""  # the lead: a name, number, date or phrase; "" when the answer is the sentences
    standalone_question: str = ""
    intent: str = "question"  # question | follow_up | small_talk | about_bot
    answer_type: str = "other"
    language: str = "en"
    backend: str = ""
    note: str = ""  # for people, e.g. "The language model is unavailable right now, …"
    problem: str = ""  # the technical reason behind a note, for logs and scripts
    hits: list[Hit] = field(default_factory=list)
    nearest: list[SourceRef] = field(default_factory=list)  # offered when the asked-for period holds nothing
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per stage
    plan: Any = field(default=None, repr=False)  # the answer.plan.Plan it followed (evaluation re-ranks with it)

    @property
    def has_sources(self) -> bool:
        return bool(self.citations)

    def turn(self) -> Turn:
        """This exchange as history for the next question."""
        return Turn(self.question, "" if self.abstained else self.text, self.standalone_question,
                    articles=[c.article_id for c in self.citations],
                    quotes=[q for c in self.citations for q in c.quote.split(" … ") if q],
                    chunks=[c.chunk_id for c in self.citations], short_answer=self.short_answer)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "standalone_question": self.standalone_question,
            "text": self.text,
            "short_answer": self.short_answer,
            "abstained": self.abstained,
            "intent": self.intent,
            "answer_type": self.answer_type,
            "language": self.language,
            "backend": self.backend,
            "note": self.note,
            "problem": self.problem,
            "citations": [c.to_dict() for c in self.citations],
            "cited": [c.article_id for c in self.citations],
            "retrieved": [h.chunk_id for h in self.hits],
            "nearest": [r.to_dict() for r in self.nearest],
            "timings_ms": {k: round(v, 2) for k, v in self.timings.items()},
        }
