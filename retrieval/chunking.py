"""Split articles into token-bounded chunks along sentence boundaries.

Sentences come from pysbd (rule-based, handles "Mr.", "U.S.", "Sept. 13." …) within each
paragraph; they are packed into chunks of at most `chunk_tokens` cl100k tokens, and each
chunk starts with the last sentences of the previous one, up to `overlap` tokens. A sentence
longer than a chunk is cut by tokens.

Usage:
    >>> chunker = Chunker(chunk_tokens=200, overlap=40)
    >>> chunks = chunker.split(article)            # doctest: +SKIP
    >>> all(chunker.count(c.text) <= 200 for c in chunks)  # doctest: +SKIP
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .models import Article, Chunk
from .offline import get_encoding

_PARA = re.compile(r"\n\s*\n|\n")
_TRAILING = re.compile(r"[.!?…\"'”’)\]\s]+$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def sentence_spans(text: str) -> list[Span]:
    """Character spans of the sentences of `text`, never crossing a paragraph break."""
    spans: list[Span] = []
    pos = 0
    for para_match in [*_PARA.finditer(text), None]:
        end = para_match.start() if para_match else len(text)
        para = text[pos:end]
        if para.strip() and not any(c in ".!?…" for c in _TRAILING.sub("", para)):
            # One sentence (no stop inside it): pysbd costs ~1 ms a sentence, skip it.
            lead = len(para) - len(para.lstrip())
            spans.append(Span(pos + lead, pos + lead + len(para.strip())))
        elif para.strip():
            cursor = 0
            for sent in _segmenter().segment(para):
                s = sent.strip()
                if not s:
                    continue
                at = para.find(s, cursor)
                if at < 0:  # pysbd normalised something: fall back to the rest of the paragraph
                    at = cursor
                    s = para[cursor:].strip()
                spans.append(Span(pos + at, pos + at + len(s)))
                cursor = at + len(s)
                if cursor >= len(para):
                    break
        if para_match is None:
            break
        pos = para_match.end()
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


class Chunker:
    """Article → list[Chunk], token-aware and sentence-respecting."""

    def __init__(self, chunk_tokens: int = 200, overlap: int = 40, encoding: str = "cl100k_base"):
        if chunk_tokens < 16:
            raise ValueError("chunk_tokens must be at least 16")
        if not 0 <= overlap < chunk_tokens:
            raise ValueError("overlap must be at least 0 and smaller than chunk_tokens")
        self.chunk_tokens = chunk_tokens
        self.overlap = overlap
        self._enc = get_encoding(encoding)

    def count(self, text: str) -> int:
        return len(self._enc.encode(text, disallowed_special=()))

    def _pieces(self, text: str) -> list[tuple[Span, int]]:
        """Sentences with their token counts; over-long sentences cut into token windows."""
        out: list[tuple[Span, int]] = []
        for span in sentence_spans(text):
            sent = text[span.start : span.end]
            tokens = self._enc.encode(sent, disallowed_special=())
            if len(tokens) <= self.chunk_tokens:
                out.append((span, len(tokens)))
                continue
            offset = span.start
            for i in range(0, len(tokens), self.chunk_tokens):
                piece = self._enc.decode(tokens[i : i + self.chunk_tokens])
                at = text.find(piece.strip(), offset)
                if at < 0:  # a multi-byte character was cut at the boundary
                    at = offset
                end = min(span.end, at + len(piece.strip()))
                out.append((Span(at, end), min(self.chunk_tokens, len(tokens) - i)))
                offset = end
        return out

    def split(self, article: Article) -> list[Chunk]:
        text = article.text
        pieces = self._pieces(text)
        groups: list[list[int]] = []
        current: list[int] = []
        tokens = 0
        for i, (_, n) in enumerate(pieces):
            if current and tokens + n > self.chunk_tokens:
                groups.append(current)
                # Carry the tail of the previous chunk forward, within the overlap budget.
                carry: list[int] = []
                carried = 0
                for j in reversed(current):
                    if carried + pieces[j][1] > self.overlap or carried + pieces[j][1] + n > self.chunk_tokens:
                        break
                    carry.insert(0, j)
                    carried += pieces[j][1]
                current, tokens = carry, carried
            current.append(i)
            tokens += n
        if current:
            groups.append(current)

        chunks = []
        for index, group in enumerate(groups):
            start, end = pieces[group[0]][0].start, pieces[group[-1]][0].end
            spans = [(pieces[i][0].start - start, pieces[i][0].end - start) for i in group]
            chunks.append(
                Chunk(
                    chunk_id=f"{article.article_id}:{article.content_hash[:10]}:{index}",
                    article_id=article.article_id,
                    index=index,
                    text=text[start:end],
                    title=article.title,
                    source=article.source,
                    url=article.url,
                    published=article.published,
                    start_char=start,
                    end_char=end,
                    sentences=spans,
                )
            )
        return chunks
