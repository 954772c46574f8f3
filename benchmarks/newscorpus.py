"""What the engine benchmarks share: a generated news-like corpus, the benchmark questions and a
stand-in embedder (the pipeline's cost without the model's).

    >>> write_corpus(Path("/tmp/c"), 300)                      # doctest: +SKIP  (~1k chunks)
    >>> StandInEmbedder().embed(["a", "b"]).shape              # doctest: +SKIP
    (2, 384)
"""

from __future__ import annotations

import hashlib
import json
import random
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MULTIHOP = ROOT.parent / "shared" / "eval" / "multihop_rag"
OUTLETS = ["Reuters", "AP", "The Guardian", "Bloomberg", "Kyiv Independent", "BBC", "Al Jazeera", "NYT"]


@lru_cache(maxsize=1)
def sentence_pool() -> tuple[str, ...]:
    from retrieval.ingest.loaders import load_paths
    from retrieval.text.sentences import split_sentences

    paths = [ROOT / "seeds"] + ([MULTIHOP / "articles"] if MULTIHOP.exists() else [])
    pool = {s for a in load_paths(paths).articles for s in split_sentences(a.text) if 6 <= len(s.split()) <= 60}
    return tuple(sorted(pool))


def article_date(i: int) -> str:
    return f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"


def write_corpus(folder: Path, articles: int, seed: int = 11, start: int = 0, year: int = 2023,
                 marker: str = "") -> list[Path]:
    """Realistic news-like articles: headers, 12-24 sentences from real articles in 4-8 paragraphs.
    Article i gets outlet OUTLETS[i % 8] and date 2023-(1 + i % 12)-(1 + i % 28) (or `year`);
    `marker` (with the article number appended) puts a word found in no other article into each."""
    pool = sentence_pool()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + articles):
        sentences = rng.sample(pool, rng.randint(12, 24))
        if marker:
            sentences.insert(1, f"Officials named the operation {marker}{i} in a statement on Tuesday.")
        paras, k = [], 0
        while k < len(sentences):
            n = rng.randint(2, 4)
            paras.append(" ".join(sentences[k:k + n]))
            k += n
        title = " ".join(sentences[0].split()[:9]).rstrip(",.;:")
        path = folder / f"a{i:06d}.txt"
        path.write_text(
            f"Title: {title}\nSource: {OUTLETS[i % len(OUTLETS)]}\nDate: {year}{article_date(i)[4:]}\n"
            f"URL: https://news.example/{i}\n\n" + "\n\n".join(paras) + "\n")
        paths.append(path)
    return paths


def queries(n: int) -> list[str]:
    out = [json.loads(line)["question"] for line in (ROOT / "evals" / "seed_questions.jsonl").open()]
    if MULTIHOP.exists():
        out += [json.loads(line)["question"] for line in (MULTIHOP / "questions.jsonl").open()]
    return out[:n]


class StandInEmbedder:
    """Deterministic random unit vectors (384-d): the pipeline's cost without the model's."""

    name = "stand-in-384"
    dimensions = 384

    def _vec(self, text: str):
        import numpy as np

        rng = np.random.default_rng(int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little"))
        v = rng.standard_normal(384).astype("float32")
        return v / float(np.linalg.norm(v))

    def embed(self, texts, progress=None):
        import numpy as np

        out = np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, 384), dtype="float32")
        if progress:
            progress(len(texts))
        return out

    def embed_documents(self, texts):
        return self.embed(texts).tolist()

    def embed_query(self, text):
        return self._vec(text).tolist()
