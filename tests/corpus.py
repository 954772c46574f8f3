"""Generated article files for tests that need more than the five seeds."""

from __future__ import annotations

import random
from pathlib import Path

from retrieval.ingest.loaders import load_paths
from retrieval.text.sentences import split_sentences

from .conftest import SEEDS

# a second story, so that a small library is not only the one article a question is about
OTHER_STORY = {"other": ("Title: Markets rally on rate hopes\nSource: Reuters\nDate: 2023-11-20\n\nStocks rose on "
                         "Monday as bond yields eased. Oil prices fell for a third day.\n")}


def sentence_pool() -> list[str]:
    return [s for a in load_paths([SEEDS]).articles for s in split_sentences(a.text) if len(s.split()) >= 6]


def write_corpus(folder: Path, n: int, sentences: int = 10, seed: int = 7) -> list[Path]:
    """n distinct articles of `sentences` seed sentences each, with headers and a unique lead."""
    pool = sentence_pool()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        body = rng.sample(pool, sentences)
        lead = f"Correspondent {i} filed report number {i * 7919 % 10007} from city {i} on the talks."
        path = folder / f"gen_{i:04d}.txt"
        path.write_text(
            f"Title: Generated report {i}\nSource: Outlet {i % 3}\nDate: 2023-{1 + i % 12:02d}-{1 + i % 27:02d}\n"
            f"URL: https://news.example/{i}\n\n" + "\n\n".join([lead, *body]) + "\n"
        )
        paths.append(path)
    return paths


def ingest_texts(engine, tmp_path: Path, articles: dict[str, str]) -> None:
    """A small library of plain-text articles, named by file."""
    library = tmp_path / "lib"
    library.mkdir()
    for name, text in articles.items():
        (library / f"{name}.txt").write_text(text)
    engine.ingest([library])
