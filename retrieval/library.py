"""What the library holds, in words: counts, outlets, dates, topics from the headlines, and example
questions drawn from it — for "what can you do?", /start and /help.

Computed from the article records and the headline entities found at ingest; cached per store
generation, so it costs nothing until the library changes.

    >>> profile(engine).examples        # doctest: +SKIP
    ['What did Dong Jun say?', 'What is the latest on Ukraine?', …]
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .messages import say
from .text.words import proper_phrases

if TYPE_CHECKING:
    from .engine import Engine

_cache: dict[tuple[str, int], LibraryProfile] = {}
_lock = threading.Lock()


@dataclass
class LibraryProfile:
    articles: int = 0
    outlets: list[str] = field(default_factory=list)
    first: str | None = None
    last: str | None = None
    topics: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


def _entities(engine: Engine, article_ids: list[str]) -> list[tuple[str, str]]:
    """(text, label) of the named entities in these articles' headlines."""
    records = engine.store.all_articles()
    first_chunks = [r.chunk_ids()[0] for a in article_ids if (r := records.get(a)) and r.n_chunks]
    out = []
    for cid, hit in engine.lexical.get_hits(first_chunks).items():
        del cid
        out += [(hit.headline[a:b], label) for a, b, label in hit.title_entities]
    return out


def profile(engine: Engine) -> LibraryProfile:
    stats = engine.stats()
    key = (engine.store.identity, stats.generation)
    with _lock:
        if key in _cache:
            return _cache[key]
    records = [r for r in engine.store.all_articles().values() if not r.canonical]
    records.sort(key=lambda r: (r.ref.published.isoformat() if r.ref.published else "", r.article_id), reverse=True)
    names: Counter[str] = Counter()
    for r in records:
        for phrase in proper_phrases(r.ref.title):
            names[phrase] += 1
    entities = _entities(engine, [r.article_id for r in records[:50]])
    labelled: Counter[tuple[str, str]] = Counter((t, label) for t, label in entities if len(t) > 2)
    for (text, _label), n in labelled.items():
        names[text] += n
    topics = [t for t, _ in names.most_common(8)]
    people = [t for (t, label), _ in labelled.most_common() if label == "PERSON"]
    places = [t for (t, label), _ in labelled.most_common() if label in ("GPE", "ORG", "NORP", "EVENT")]
    examples = []
    if people:
        examples.append(f"What did {people[0]} say?")
    if places:
        examples.append(f"What is the latest on {places[0]}?")
    if len(people) > 1:
        examples.append(f"Who is {people[1]}?")
    for r in records:
        if len(examples) >= 3:
            break
        examples.append(f"What happened: “{r.ref.title}”?")
    result = LibraryProfile(stats.articles, list(stats.outlets)[:6], stats.earliest, stats.latest, topics,
                            examples[:3])
    with _lock:
        _cache[key] = result
    return result


def describe(engine: Engine, language: str = "en") -> str:
    p = profile(engine)
    if not p.articles:
        return say("library_empty", language)
    outlets = say("library_outlets", language, outlets=", ".join(p.outlets)) if p.outlets else ""
    span = say("library_span", language, first=p.first, last=p.last) if p.first and p.last else ""
    lines = [say("library", language, articles=p.articles, outlets=outlets, span=span)]
    if p.topics:
        lines.append(say("library_topics", language, topics=", ".join(p.topics[:6])))
    if p.examples:
        lines.append(say("library_examples", language))
        lines += [f"• {q}" for q in p.examples]
    return "\n".join(lines)
