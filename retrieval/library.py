"""What the library holds, in words: counts, outlets, dates, topics from the headlines, people in the
news, and example questions drawn from it — for "what can you do?", /start, /help and /stats.

Computed from the article records and the named entities found at ingest; cached per store
generation (examples per language too), so it costs nothing until the library changes. Example
questions are kept only when the library can answer them (the extractive evidence check, no model),
so a reader who tries one gets an answer, not a decline.

    >>> profile(engine).topics                      # doctest: +SKIP
    ['Ukraine', 'Russia', 'China', 'Beijing']
    >>> examples(engine, "en")                       # doctest: +SKIP
    ['What did Dong Jun say about Ukraine?', 'What did Wang Yi say about Ukraine?', …]
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .messages import localized_date, plural, say

if TYPE_CHECKING:
    from .engine import Engine

SAMPLE_ARTICLES = 50  # the newest articles whose passages are read for topics and people
PASSAGES_PER_ARTICLE = 8
TOPIC_LABELS = ("GPE", "ORG", "LOC", "EVENT", "FAC", "PERSON")
_POSSESSIVE = re.compile(r"['’]s$")

_cache: dict[tuple, object] = {}
_lock = threading.Lock()


@dataclass
class LibraryProfile:
    articles: int = 0
    outlets: list[str] = field(default_factory=list)  # known outlets, most articles first
    first: str | None = None  # ISO dates of the earliest and latest dated article
    last: str | None = None
    dated: int = 0
    linked: int = 0  # articles with a URL (their sources get a link button)
    topics: list[str] = field(default_factory=list)  # places, organisations, events named in headlines
    people: list[str] = field(default_factory=list)  # full names most articles mention
    pairs: dict[str, str] = field(default_factory=dict)  # person → the topic their articles share most
    titles: list[str] = field(default_factory=list)  # newest first


def _cached(key: tuple, make):
    with _lock:
        if key in _cache:
            return _cache[key]
    value = make()
    with _lock:
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = value
    return value


def _clean(name: str) -> str:
    return _POSSESSIVE.sub("", " ".join(name.split())).removeprefix("the ").removeprefix("The ")


def _entities(engine: Engine, records: list) -> tuple[dict[str, set[str]], ...]:
    """Per entity text, the articles that name it: in a headline (topic labels), in the body (topic labels),
    and as a person in the body (full names only); per person, how often the body names them and the articles
    whose first passage does."""
    ids = [cid for r in records for cid in r.chunk_ids()[:PASSAGES_PER_ARTICLE]]
    engine.corpus.ensure_fresh()
    hits = engine.lexical.get_hits(ids)
    headline: dict[str, set[str]] = {}
    body: dict[str, set[str]] = {}
    people: dict[str, set[str]] = {}
    mentions: Counter[str] = Counter()
    leads: dict[str, set[str]] = {}
    for cid, hit in hits.items():
        for a, b, label in hit.title_entities:
            if label in TOPIC_LABELS and label != "PERSON":
                headline.setdefault(_clean(hit.headline[a:b]), set()).add(hit.article_id)
        for a, b, label in hit.entities:
            name = _clean(hit.text[a:b])
            if len(name) < 2:
                continue
            if label in TOPIC_LABELS:
                body.setdefault(name, set()).add(hit.article_id)
            if label == "PERSON" and len(name.split()) >= 2:
                people.setdefault(name, set()).add(hit.article_id)
                mentions[name] += 1
                if cid.endswith(":0"):
                    leads.setdefault(name, set()).add(hit.article_id)
    return headline, body, people, mentions, leads


def profile(engine: Engine) -> LibraryProfile:
    stats = engine.stats()
    return _cached(("profile", engine.store.identity, stats.generation), lambda: _profile(engine, stats))


def _profile(engine: Engine, stats) -> LibraryProfile:
    records = [r for r in engine.store.all_articles().values() if not r.canonical]
    records.sort(key=lambda r: (r.ref.published.isoformat() if r.ref.published else "", r.article_id), reverse=True)
    headline, body, named, mentions, leads = _entities(engine, records[:SAMPLE_ARTICLES])
    # Topics: places, organisations and events the articles name that the headlines name too, ranked by how
    # many headlines say them (robust to a mis-tagged headline), then by how many articles name them.
    titles = [r.ref.title for r in records]
    in_titles = {t: sum(1 for title in titles if re.search(rf"\b{re.escape(t)}\b", title))
                 for t in set(headline) | set(body) if len(t.split()) <= 3}
    topics = sorted((t for t, n in in_titles.items() if n and t in body),
                    key=lambda t: (-in_titles[t], -len(body[t]), t))
    # People: those a story leads with first (named in an article's first passage), then by reach.
    people = sorted(named, key=lambda p: (-len(leads.get(p, ())), -len(named[p]), -mentions[p], p))[:6]
    pairs = {p: max(topics, key=lambda t: (len(named[p] & body[t]), in_titles[t])) for p in people if topics}
    return LibraryProfile(
        articles=stats.articles, outlets=list(stats.outlets), first=stats.earliest, last=stats.latest,
        dated=stats.articles - stats.undated, linked=sum(1 for r in records if r.ref.url),
        topics=topics[:6], people=people, pairs=pairs, titles=[r.ref.title for r in records[:10] if r.ref.title])


def _answerable(engine: Engine, question: str, language: str) -> bool:
    """Whether the sources answer this (the extractive check; no language model is asked)."""
    pipeline = engine.pipeline
    plan = pipeline.plan(question, language=language)
    if not plan.retrieves:
        return False
    hits = pipeline.retrieve(plan)
    return bool(hits) and not pipeline.extractive.generate(plan, hits).abstained


def examples(engine: Engine, language: str = "en", n: int = 3) -> list[str]:
    """Up to n questions about what the library holds that it can answer, in the reader's language."""
    stats = engine.stats()
    key = ("examples", engine.store.identity, stats.generation, language, n)
    return _cached(key, lambda: _examples(engine, profile(engine), language, n))


def _examples(engine: Engine, p: LibraryProfile, language: str, n: int) -> list[str]:
    """One question per person in the news ("What did Dong Jun say about Ukraine?"), then about headlines;
    only those the library answers."""
    candidates = [say("example_said_about", language, name=x, topic=p.pairs[x]) for x in p.people if x in p.pairs]
    candidates += [say("example_said", language, name=x) for x in p.people[:3]]
    candidates += [say("example_title", language, title=t) for t in p.titles[:5]]
    found: list[str] = []
    for q in dict.fromkeys(candidates):
        if len(found) >= n:
            break
        if any(name in q and name in f for f in found for name in p.people):
            continue  # one question per person
        try:
            if _answerable(engine, q, language):
                found.append(q)
        except Exception:  # an example is a nicety: a failing check leaves it out, never breaks /help
            continue
    return found


def date_span(p: LibraryProfile, language: str = "en") -> str:
    """"Published: 5 February 2024 – 1 March 2024." (only what is known), or ""."""
    if not p.first or not p.last:
        return ""
    first, last = localized_date(p.first, language), localized_date(p.last, language)
    span = first if p.first == p.last else f"{first} – {last}"
    if p.dated < p.articles:
        return say("library_dates_some", language, span=span, dated=p.dated, total=p.articles)
    return say("library_dates", language, span=span)


def facts(p: LibraryProfile, language: str = "en") -> list[str]:
    """What the library holds, one short line each, leaving out whatever is unknown."""
    if not p.articles:
        return [say("library_empty", language)]
    lines = [say("library", language, count=f"{p.articles} {plural(p.articles, 'n_articles', language)}")]
    if p.outlets:
        lines.append(say("library_outlets", language, outlets=", ".join(p.outlets[:6])))
    if span := date_span(p, language):
        lines.append(span)
    if p.topics:
        lines.append(say("library_topics", language, topics=", ".join(p.topics)))
    if p.people:
        lines.append(say("library_people", language, people=", ".join(p.people[:4])))
    return lines


def describe(engine: Engine, language: str = "en") -> str:
    """The answer to "what can you do?": what the library holds and questions to try."""
    p = profile(engine)
    lines = facts(p, language)
    tries = examples(engine, language) if p.articles else []
    if tries:
        lines.append(say("library_examples", language))
        lines += [f"• {q}" for q in tries]
    return "\n".join(lines)
