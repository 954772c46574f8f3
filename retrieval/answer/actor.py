"""Who a question names: the person it says did what it asks about, and whether a sentence tells what *they* did;
across languages, its names as the stories print them.

"Which Chinese official did President Zelensky meet in Guangzhou?" — the story that names Zelensky also says
"Kuleba said after the meeting with his Chinese counterpart Wang Yi in Guangzhou …": that meeting is
Kuleba's. A sentence answers for the actor when it names them (a part of their name, not their title:
"Minister Koskinen" is not "Prime Minister Rebane"), or says "he", "she", "they" or "the two (men)" in
a passage that names them.

    >>> actor = Actor("Which official did Jaan Rebane meet?", {"jaan", "rebane", "lauri", "koskinen"}, [])
    >>> actor.names(Sentence(0, 0, "Koskinen met Tamm.", 0, {"koskinen", "meet", "tamm"}))
    False
"""

from __future__ import annotations

import re

from ..models import Hit
from ..text.words import content_stems, stem, words
from .asked import PRONOUN, names_in
from .candidates import Sentence, story_people
from .speech import doer_of_question


class Actor:
    """The question's doer, as the words of a name the stories give a person (none when it names none)."""

    def __init__(self, question: str, people: set[str], hits: list[Hit]):
        doer, _ = doer_of_question(question)
        self.stems = {stem(w) for w in doer.split() if w.casefold() in people}
        self.hits = hits
        self._passages: dict[int, set[str]] = {}

    def names(self, s: Sentence) -> bool:
        """Whether the sentence can tell what the actor did: it names them, or a pronoun stands for them in a
        passage that names them."""
        if not self.stems:
            return True
        if PRONOUN.search(s.text):
            return bool(self.stems & self._passage(s.hit))
        return bool(self.stems & s.stems)

    def _passage(self, i: int) -> set[str]:
        if i not in self._passages:
            self._passages[i] = set(content_stems(f"{self.hits[i].headline} {self.hits[i].text}"))
        return self._passages[i]


def name_words(hits: list[Hit]) -> dict[str, set[str]]:
    """Per article, the words of the full names it gives people ("Wang Yi" → wang, yi)."""
    return {a: {w.casefold() for n in names for w in n.split()} for a, names in story_people(hits).items()}


def printed_names(found: list[str], loose: list[str], hits: list[Hit], countries: str) -> list[set[str]]:
    """Across languages: the question's names the stories print (none of the `countries`, no outlet or author,
    no single syllable), each as the words of the people's full names it belongs to ("gang" → {qin, gang}:
    "Qin said …" names him), or as the words the stories spell it with ("putinym" → {putin})."""
    people = {n.casefold() for names in story_people(hits).values() for n in names}
    records = " ".join(f"{h.source} {h.ref.author}" for h in hits)  # "за блогом Agnes Isika": which story, not who
    out = []
    for n in found:
        fuzzy = n in loose
        if len(n.replace(" ", "")) < 4 or names_in([n], countries, fuzzy=fuzzy) or names_in([n], records, fuzzy=fuzzy):
            continue
        full = {w.casefold() for p in people if names_in([n], p, fuzzy=fuzzy) for w in p.split()}
        spelled = {w.casefold() for text in (h.text for h in hits) for w in re.findall(r"\b[A-Z][a-z]+", text)
                   if names_in([n], w, fuzzy=fuzzy)} if not full else set()
        out.append(full or spelled or set(n.split()))
    return out


_MET = re.compile(r"\b(?:meet(?:s|ing)?|met|see|visit(?:s|ing)?|talks?\s+with|call\s+with|sit\s+down\s+with)\s+"
                  r"((?:[^\W\d_][\w’'-]*\s+){0,2}[^\W\d_][\w’'-]*)", re.IGNORECASE)


def another_party(question: str, sentence: Sentence, evidence: list[Sentence]) -> bool:
    """A sentence that names someone the question does not, and not the one it asks a meeting with: the date it
    gives is of another meeting ("When is Wang Yi to meet *Putin*?" — "Wang … met his Russian counterpart *Sergei
    Lavrov* for talks on Tuesday"). People are known by the evidence's tagged names."""
    def folded(text: str) -> set[str]:
        return {w.casefold() for w in words(text)}

    def people(s: Sentence) -> list[set[str]]:
        return [folded(s.text[a:b]) for a, b, label in s.entities if label == "PERSON"]

    met = set().union(*(folded(m.group(1)) for m in _MET.finditer(question)))
    said, asked = folded(sentence.text), folded(question)
    missing = any(p & met and not p & met & said for s in evidence for p in people(s))
    return missing and any(not p & asked for p in people(sentence))
