"""What a page prints around the passages a search found, fetched for the questions that need it.

A search returns the passages that best match a question; some questions need more of the same pages:
"Who wrote …?" — bylines live on the articles' records; "Who took the photo …?" — credits in caption passages a
search seldom returns; "Which Chinese *foreign minister* …?" — the title a story gives a person in its lead.

    >>> hits = page_details(plan, hits, store)   # doctest: +SKIP
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..index.store import hit_from
from ..models import Hit
from .asked import question_names, story_scope
from .credits import asks_credit, credits_in
from .plan import Plan
from .roles import asked_nations, asks_office
from .speech import asks_writer

TOLD_DEPTH = 2  # the leading passages whose stories are read further for a question name they leave out
LEAD_DEPTH = 3  # the leading stories whose first passage is read for the titles of the people they name


def page_details(plan: Plan, hits: list[Hit], store) -> list[Hit]:
    """`hits` with the passages and record fields of their pages that the question asks for (refs gain bylines)."""
    question, hits = plan.search_query, list(hits)
    printed = " ".join(f"{h.headline} {h.source} {h.text}" for h in hits).casefold()
    # … and for a name no passage prints, which may be a byline ("According to The Verge's Elizabeth Lopatto, …")
    records: dict = {}
    if asks_writer(question) or any(n.casefold() not in printed for n in question_names(question)):
        records = store.get_articles(sorted({h.article_id for h in hits}))
        for h in hits:
            if (rec := records.get(h.article_id)) is not None and rec.author:
                h.ref = replace(h.ref, author=rec.author)
    # a name saying which story is meant ("… per the report on the Wang-Kuleba call") that its passages found
    # leave out, printed further down: that passage too (not a name asked about: "What did Kuleba say at the
    # Xiangshan Forum?" is not answered by a forum story quoting him elsewhere)
    names = question_names(story_scope(question)) if plan.language == "en" else []
    told = {h.article_id: "" for h in hits[:TOLD_DEPTH]} if names else {}
    for h in hits:
        if h.article_id in told:
            told[h.article_id] += f" {h.headline} {h.text}".casefold()
    if lacking := [a for a, text in told.items() if any(n.casefold() not in text for n in names)]:
        have = {h.chunk_id for h in hits}
        hits += [hit_from(cid, text, meta) for cid, text, meta in store.chunks_of(lacking) if cid not in have
                 and any(n.casefold() not in told[meta.get("article_id", "")] and
                         re.search(rf"\b{re.escape(n)}\b", text, re.IGNORECASE) for n in names)]
    if plan.answer_type == "person" and plan.language == "en" and (asks_office(question) or asked_nations(question)):
        # "Which Chinese foreign minister praised …?" — "Qin also praised …": the story calls him minister in
        # its lead ("Qin Gang, China's Foreign Minister, …"), which the search for the praise left out
        have = {h.chunk_id for h in hits}
        top = list(dict.fromkeys(h.article_id for h in hits))[:LEAD_DEPTH]
        hits += [hit_from(cid, text, meta) for cid, text, meta in store.chunks_of(top)
                 if cid not in have and cid.rsplit(":", 1)[-1] == "0"]
    if asks_credit(question, plan.language):
        have = {h.chunk_id for h in hits}
        top = list(dict.fromkeys(h.article_id for h in hits))[:3]
        hits += [hit_from(cid, text, meta) for cid, text, meta in store.chunks_of(top)
                 if cid not in have and credits_in(text)]
        # … or the story's own picture's (no caption on its page), kept on its record: that line, cited
        records = records if set(top) <= records.keys() else store.get_articles(top)
        hits += [Hit(chunk_id=f"{aid}:credit", article_id=aid, text=rec.credit, ref=rec.ref,
                     language=rec.language) for aid in top if (rec := records.get(aid)) and rec.credit]
    return hits
