"""The candidate sentences of retrieved passages: every usable sentence, each story's headline as one of
its own, and the order a headline yields in.

    >>> cands, by_hit = sentences_of(hits, exclude=None)                     # doctest: +SKIP
    >>> cands[0].text, cands[0].index == HEADLINE                            # doctest: +SKIP
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Entity, Hit
from ..text.injection import is_injection
from ..text.words import content_stems, stem, stopwords
from .spans import with_currency

HEADLINE = -10  # the sentence index of a story's headline: next to none of its sentences
YIELD, REST = 0.7, 0.2  # a headline yields to its story's sentence scoring ≥ 0.7 of it and saying ≥ 0.2 of the rest


@dataclass
class Sentence:
    """One candidate sentence, where it sits, and what it covers."""

    hit: int  # index into the hits
    index: int  # sentence number within the passage
    text: str
    start: int  # offset within the passage text
    stems: set[str]
    entities: list[Entity] = field(default_factory=list)  # offsets within `text`
    context: set[str] = field(default_factory=set)
    coverage: float = 0.0
    score: float = 0.0


_COUNTED = frozenset({"MONEY", "CARDINAL", "PERCENT", "QUANTITY", "DATE", "TIME", "ORDINAL"})


def headline_entities(h: Hit) -> list[Entity]:
    """A headline's entities; in a Title Case headline, where the tagger reads most capitalised words as
    names ("Fantasy Football QB Rankings"), only its numbers and dates and the names the story's text
    repeats ("Taylor Swift is Time's Person of the Year" above "… Swift has shared …"). Each part of a
    headline ("… Rankings Week 14: Who to start …") is judged apart, by the words outside the names it
    tags when there are enough: a part full of names may be in sentence case ("Wild fire HC Dean Evason,
    hire John Hynes as replacement")."""
    text = h.headline

    def title_case(part: tuple[int, int]) -> bool:
        words = list(_WORDS.finditer(text, *part))
        if len(words) < 4:
            words = list(_WORDS.finditer(text))
        if len(words) < 4 or sum(m.group()[:1].isupper() for m in words) < 0.6 * len(words):
            return False
        outside = [m.group() for m in words if not any(a <= m.start() < b for a, b, _ in h.title_entities)
                   and m.group().casefold() not in stopwords()]  # Title Case leaves "is", "of", "the" small
        return len(outside) < 4 or sum(w[:1].isupper() for w in outside) >= 0.6 * len(outside)

    parts, start = [], 0
    for m in _PART_BREAK.finditer(text):
        parts.append((start, m.start()))
        start = m.end()
    parts.append((start, len(text)))
    judged = {p: title_case(p) for p in parts}

    def repeated(a: int, b: int) -> bool:
        last = text[a:b].split()[-1].strip(".,:;’'")
        return len(last) >= 3 and re.search(rf"\b{re.escape(last)}\b", h.text) is not None

    def cased(a: int) -> bool:
        return next((judged[p] for p in parts if p[0] <= a < p[1]), False)

    return [e for e in with_currency(text, h.title_entities)
            if not cased(e[0]) or e[2] in _COUNTED or repeated(e[0], e[1])]


_WORDS = re.compile(r"[^\W\d_][\w’'-]*")
_PART_BREAK = re.compile(r":\s|\s[-–—|]\s")


def story_people(hits: list[Hit]) -> dict[str, set[str]]:
    """Per article, the full names (two words or more) its passages tag as people — up to the first lower-case
    word ("Wang Wenbin downplayed Dong's", as the small tagger reads it, is Wang Wenbin)."""
    out: dict[str, set[str]] = {h.article_id: set() for h in hits}
    for h in hits:
        for a, b, label in h.entities:
            name = _name_part(h.text[a:b]) if label == "PERSON" else ""
            if len(name.split()) >= 2:
                out[h.article_id].add(name)
    return out


def _name_part(span: str) -> str:
    words: list[str] = []
    for word in span.split():
        if not word[:1].isupper():
            break
        words.append(re.sub(r"['’]s$", "", word))
        if words[-1] != word:
            break  # a possessive ends the name
    return " ".join(words)


def _missed_people(text: str, names: set[str], ents: list[Entity]) -> list[Entity]:
    """The story's people where the tagger missed them in this sentence ("… under the leadership of Xi Jinping
    and Vladimir Putin" tags only Putin)."""
    out: list[Entity] = []
    for name in names:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not any(a < m.end() and m.start() < b for a, b, _ in [*ents, *out]):
                out.append((m.start(), m.end(), "PERSON"))
    return out


def sentences_of(hits: list[Hit], exclude: set[str] | None) -> tuple[list[Sentence], dict[int, list[Sentence]]]:
    """Every usable sentence of the passages (not repeated, not too short, never one that talks to a model),
    and each passage's sentences in reading order; `exclude`d ones (already said) only as context."""
    cands: list[Sentence] = []
    by_hit: dict[int, list[Sentence]] = {}
    seen: set[str] = set()
    titled: set[str] = set()
    people = story_people(hits)
    for i, h in enumerate(hits):
        headline = " ".join(h.headline.split())
        if headline and h.article_id not in titled and len(headline.split()) >= 4 and not is_injection(headline):
            # a headline states facts too ("… online sales nudge up to $5.6B"): a sentence of its own, quoted
            # and cited like any other, beside no other sentence (HEADLINE as its index)
            titled.add(h.article_id)
            seen.add(headline)
            cands.append(Sentence(i, HEADLINE, headline, -1, set(content_stems(headline)), headline_entities(h),
                                  set(content_stems(headline))))
        spans = h.sentences or [(0, len(h.text))]
        texts = h.sentence_texts()
        stems = [set(content_stems(s)) for s in texts]
        for j, (text, (a, b)) in enumerate(zip(texts, spans, strict=False)):
            key = " ".join(text.split())
            if key in seen or len(text.split()) < 4 or is_injection(text):
                continue
            seen.add(key)
            ents = [(s - a, e - a, label) for s, e, label in h.entities if a <= s and e <= b]
            ents += _missed_people(text, people[h.article_id], ents)
            context = set().union(*stems[max(0, j - 1): j + 2])
            sentence = Sentence(i, j, text, a, stems[j], ents, context)
            by_hit.setdefault(i, []).append(sentence)
            if not (exclude and key in exclude):
                cands.append(sentence)
    return cands, by_hit


def past_headline(cands: list[Sentence], hits: list[Hit], weights: dict[str, float], among: int) -> None:
    """A headline names the story a question asks about, seldom what it asks: where the best candidate is
    a headline, a sentence of its story saying more of what the headline leaves out goes first
    ("Which conflict were the EU's earlier actions against X tied to?": "Its earlier actions … the
    Israel-Hamas war", not "Elon Musk's X faces first DSA probe in EU …"), from the first `among`."""
    if not cands or cands[0].index != HEADLINE:
        return
    top = cands[0]
    rest = {t: w for t, w in weights.items() if t not in top.stems}
    if not rest:
        return
    story = hits[top.hit].article_id
    for k, c in enumerate(cands[1:among], 1):
        if hits[c.hit].article_id != story or c.score < YIELD * top.score:
            continue
        if sum(w for t, w in rest.items() if t in c.stems) >= REST * sum(rest.values()):
            cands.insert(0, cands.pop(k))
            return


def restates(headline: Sentence, asked: set[str]) -> bool:
    """A headline that says no more than the question: one new word at most, and that no name or figure ("McRae
    reveals hidden message he carried under collar …" — not "Flipboard adopts *ActivityPub*", "… raises *$40m*"; in
    a headline of capitalised words only a figure or an inner capital marks a name)."""
    new = headline.stems - asked
    if len(new) > 1 or any(c.isdigit() for w in new for c in w):
        return False
    words = re.findall(r"[^\W_][\w’'-]*", headline.text)
    title_case = len(words) >= 4 and sum(w[0].isupper() for w in words[1:]) >= 0.6 * (len(words) - 1)
    names = {stem(w) for w in words if any(c.isupper() for c in w[1:]) or (w[0].isupper() and not title_case)}
    return not new & names
