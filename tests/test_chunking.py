"""Token-bounded chunks on sentence boundaries, with overlap and offsets into the article."""

from __future__ import annotations

import itertools

import pytest

from retrieval.ingest.chunking import Chunker
from retrieval.ingest.loaders import content_hash, load_paths
from retrieval.models import Article, SourceRef
from retrieval.text.sentences import sentence_spans, split_sentences

from .conftest import SEEDS


def _article(text: str) -> Article:
    return Article(article_id="x", ref=SourceRef("T"), text=text, content_hash=content_hash(text))


def test_sentence_splitting_handles_abbreviations():
    text = "Mr. Wang met U.S. officials on Sept. 13. They talked for an hour.\n\nA new paragraph starts."
    assert split_sentences(text) == [
        "Mr. Wang met U.S. officials on Sept. 13.", "They talked for an hour.", "A new paragraph starts."]
    for span in sentence_spans(text):
        assert text[span.start:span.end].strip() == text[span.start:span.end]


def test_sentences_glued_by_a_scraper_are_apart():
    text = ("Qin spoke at the National People’s Congress.Qin said the conflict began on February 24 last year. "
            "It serves an agenda.”“The crisis has come to a juncture,” he said. The U.S. team won.")
    assert split_sentences(text) == [
        "Qin spoke at the National People’s Congress.", "Qin said the conflict began on February 24 last year.",
        "It serves an agenda.”", "“The crisis has come to a juncture,” he said.", "The U.S. team won."]


def test_a_straight_quote_opens_the_sentence_it_stands_before():
    text = 'They deepened ties in 2020. "The tunnel will bind us," Koskinen said. He added "we will go." Then he left.'
    assert split_sentences(text) == [
        "They deepened ties in 2020.", '"The tunnel will bind us," Koskinen said.', 'He added "we will go."',
        "Then he left."]


def test_chunks_respect_size_sentences_and_overlap():
    articles = load_paths([SEEDS]).articles
    chunker = Chunker(chunk_tokens=120, overlap=30)
    overlapping = 0
    related = 0
    for a in articles:
        everything = chunker.split(a)
        chunks = [c for c in everything if not c.story]
        for c in everything[len(chunks):]:  # other stories printed on the page come after, marked
            assert c.story and any(r.text[c.start_char:c.end_char] == c.text for r in a.related)
            related += 1
        sentences = set(split_sentences(a.text))
        assert len(chunks) >= 2
        for c in chunks:
            assert chunker.count(c.text) <= 120
            assert a.text[c.start_char:c.end_char] == c.text
            assert any(c.text.startswith(s) for s in sentences), "chunk must start at a sentence"
            assert any(c.text.endswith(s) for s in sentences), "chunk must end at a sentence"
        # Consecutive chunks share a boundary sentence when it fits the overlap budget; nothing is skipped.
        for prev, nxt in itertools.pairwise(chunks):
            assert nxt.start_char < prev.end_char or not a.text[prev.end_char:nxt.start_char].strip()
            overlapping += nxt.start_char < prev.end_char
        assert chunks[0].start_char == 0 and chunks[-1].end_char == len(a.text.rstrip())
        assert [c.index for c in everything] == list(range(len(everything)))
        assert len({c.chunk_id for c in everything}) == len(everything)
    assert overlapping >= 3 and related >= 3


def test_over_long_sentence_is_cut_by_tokens():
    text = "word " * 500 + "end."
    chunker = Chunker(chunk_tokens=64, overlap=8)
    chunks = chunker.split(_article(text.strip()))
    assert len(chunks) >= 7
    assert all(chunker.count(c.text) <= 64 for c in chunks)


def test_embedding_text_has_title_and_date_header():
    a = load_paths([next(SEEDS.glob("001_*"))]).articles[0]
    c = Chunker(200, 40).split(a)[0]
    assert c.embedding_text().startswith(f"{a.title} (2024-02-05)\n")


def test_bad_chunk_settings_are_rejected():
    with pytest.raises(ValueError):
        Chunker(chunk_tokens=50, overlap=50)
