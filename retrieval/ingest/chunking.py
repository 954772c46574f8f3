"""Split articles into token-bounded chunks along sentence boundaries.

Sentences (retrieval.text.sentences) are packed into chunks of at most `chunk_tokens` cl100k tokens, and each
chunk starts with the last sentences of the previous one, up to `overlap` tokens. A sentence
longer than a chunk is cut by tokens. Related stories printed on the article's page get chunks of
their own after the article's, marked with the story's headline.

Usage:
    >>> chunker = Chunker(chunk_tokens=200, overlap=40)
    >>> chunks = chunker.split(article)            # doctest: +SKIP
    >>> all(chunker.count(c.text) <= 200 for c in chunks)  # doctest: +SKIP
    True
"""

from __future__ import annotations

from ..index.offline import get_encoding
from ..models import Article, Chunk, chunk_id
from ..text.sentences import Span, sentence_spans


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

    def _pieces(self, text: str, language: str) -> list[tuple[Span, int]]:
        """Sentences with their token counts; over-long sentences cut into token windows."""
        out: list[tuple[Span, int]] = []
        for span in sentence_spans(text, language):
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
        """The article's chunks, then each related story's (marked with the story's headline)."""
        chunks = self._windows(article, article.text, story="", first=0)
        for related in article.related:
            chunks += self._windows(article, related.text, story=related.title or "Another story on this page",
                                    first=len(chunks))
        return chunks

    def _windows(self, article: Article, text: str, story: str, first: int) -> list[Chunk]:
        pieces = self._pieces(text, article.language)
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
        for offset, group in enumerate(groups):
            start, end = pieces[group[0]][0].start, pieces[group[-1]][0].end
            spans = [(pieces[i][0].start - start, pieces[i][0].end - start) for i in group]
            index = first + offset
            chunks.append(Chunk(
                chunk_id=chunk_id(article.article_id, article.content_hash, index), article_id=article.article_id,
                index=index, text=text[start:end], ref=article.ref, start_char=start, end_char=end,
                sentences=spans, story=story, language=article.language,
            ))
        return chunks
