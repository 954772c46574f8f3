"""The outlets a story attributes its reports to ("Which media did the report rely on?"): "…, Bloomberg
reported", "according to the Financial Times" — named beside what they report, in the stories the question
is about.

    >>> sources_cited("Which outlets did the blog cite on the ceasefire offer?", ev, hits)  # doctest: +SKIP
    [('Financial Times', Sentence(...)), ('Bloomberg', Sentence(...))]
"""

from __future__ import annotations

from ..models import Hit
from ..text.words import content_stems
from .asked import name_groups
from .candidates import Sentence
from .evidence import Evidence
from .leads import display
from .outlets import outlets_cited


def sources_cited(question: str, ev: Evidence, hits: list[Hit]) -> list[tuple[str, Sentence]]:
    """Each outlet cited, with the first sentence citing it, in the stories naming the question's names (else
    the best-matching story)."""
    names = name_groups(question)
    text: dict[str, set[str]] = {}
    for h in hits:
        text.setdefault(h.article_id, set()).update(content_stems(f"{h.headline} {h.text}"))
    about = {a for a, stems in text.items() if all(g & stems for g in names)} if names else \
        {hits[ev.sentences[0].hit].article_id} if ev.sentences else set()
    items: dict[str, Sentence] = {}
    for i, sentences in sorted(ev.by_hit.items()):
        if hits[i].article_id not in about:
            continue
        for s in sentences:
            for a, b in outlets_cited(s.text, s.entities):
                items.setdefault(display(s.text[a:b].strip(" ,.;:")), s)
    return list(items.items())
