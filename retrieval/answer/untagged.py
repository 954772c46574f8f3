"""Names the entity tagger missed, as a last resort for "who"/"which organisation" questions.

spaCy's small English model leaves some surnames and brands untagged ("Wullaert equalised for Belgium …
to fire in a 85th minute winning penalty"). When no tagged candidate answers a typed question, a
capitalised run of the best sentences that no entity covers, which the question does not name and which
the story repeats (its headline, another sentence), is offered at a reduced score. The sentence must
still say what the question asks about its names, so near misses keep declining.

    >>> from retrieval.answer.evidence import Evidence                        # doctest: +SKIP
    >>> untagged_names(question, Evidence.of(question, hits), hits)[0].text   # doctest: +SKIP
    'Wullaert'
"""

from __future__ import annotations

import re

from ..models import Hit
from ..text.words import NATIONS, stem, stopwords
from .asked import asking_part, name_groups
from .evidence import Evidence
from .leads import Candidate, key_of
from .shortanswer import ShortAnswers

UNTAGGED_WEIGHT = 0.4  # below a tagged name of the asked type, above nothing
_TITLES = frozenset("mr mrs ms dr sir madam prof gen col lt sgt capt".split())  # "Mr. Wang": not the name
PREDICATE = 0.5  # the sentence covers at least this much of what is asked (0.3 + 0.7 × share)
_RUN = re.compile(r"\b[A-Z][\w’'-]*[a-z][\w’'-]*(?:\s+[A-Z][\w’'-]*[a-z][\w’'-]*){0,3}")


_SPEAKS = re.compile(r"\s+(?:[a-z]+ly\s+|further\s+|also\s+)?(?:said|says|noted|added|told|explained|wrote|argued|"
                     r"warned|stated)\b")


def untagged_names(question: str, ev: Evidence, hits: list[Hit], depth: int = 2) -> list[Candidate]:
    """Capitalised runs no entity covers in the `depth` best sentences, repeated in their story, best first."""
    if not ev.sentences:
        return []
    asked = {stem(w) for g in name_groups(question) for w in g} | {stem(w) for w in re.findall(r"\w+", question)}
    best = ev.sentences[0].score or 1.0
    found: dict[str, Candidate] = {}
    for s in ev.sentences[:depth]:
        if not ShortAnswers.says_what_is_asked(s, ev, asking_part(question), at_least=PREDICATE):  # (not its context)
            continue
        story = hits[s.hit].article_id
        told = " ".join(f"{h.headline} {h.text}" for h in hits if h.article_id == story)
        for m in _RUN.finditer(s.text):
            a, b = m.span()
            words = m.group().replace("’s", "").replace("'s", "").split()
            if any(ea < b and a < eb for ea, eb, _ in s.entities):
                continue  # the tagger saw it (as something else)
            stems = {stem(w) for w in words}
            if stems & asked or words[0].casefold() in stopwords() | _TITLES or stems <= NATIONS:
                continue
            if len(re.findall(rf"(?<![\w-]){re.escape(m.group())}(?![\w-])", told)) < 2 and \
                    not (a > 0 and _SPEAKS.match(s.text, b)):
                continue  # said once: as likely a capitalised word as a name — unless it speaks mid-sentence
                # ("…,” Pachl further noted.")
            cand = found.setdefault(key_of(m.group()), Candidate(m.group(), key_of(m.group()), "UNTAGGED",
                                                                 sentence=s, hit=s.hit))
            cand.sources.add(story)
            cand.score = max(cand.score, UNTAGGED_WEIGHT * s.score / best)
    return sorted(found.values(), key=lambda c: c.score, reverse=True)
