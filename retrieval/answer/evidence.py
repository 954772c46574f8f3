"""How well the retrieved passages answer a question, sentence by sentence.

Every sentence of every passage is a candidate, scored by the share of the question's content
words it covers (each weighted by how rare it is among the candidates; the words naming what is
asked — "which *news agency*" — count double), by what its neighbouring sentences cover (who is
speaking is often in the next sentence: "…," he told RIA Novosti), and by its passage's retrieval
score. The *evidence* of the whole is the weighted share of question words covered by the best
few sentences together, cut sharply when a name the question asks about appears nowhere.

    >>> ev = Evidence.of("Where did Dong Jun call for talks?", hits, top=3)   # doctest: +SKIP
    >>> ev.score, ev.sentences[0].text                                         # doctest: +SKIP
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import Hit
from ..text.countries import countries_named, country_of, named_in
from ..text.language import transliterated_names
from ..text.localnames import english_names
from ..text.names import cyrillic_pinyin, han_pairs, is_latin
from ..text.words import (
    COUNTRIES,
    _wh_phrase,
    content_stems,
    focus_stems,
    foreign_head,
    numbers,
    proper_nouns,
    stem,
)
from .actor import printed_names
from .asked import (
    PRONOUN,
    corporate_tails,
    holds,
    initialled,
    name_groups,
    names_in,
    preamble,
    question_names,
    quote_confirms,
    quoted_words,
    story_scope,
    surnamed,
    unknown_cyrillic_name,
    unknown_name,
)
from .candidates import HEADLINE, Sentence, past_headline, sentences_of
from .heads import KIND_HEADS
from .predicate import predicate_covered
from .record import asks_publisher, asks_report_date
from .spans import ROLE_NOUN
from .together import seat_for_nation, together

_COUNTRIES = " ".join(sorted(COUNTRIES))
Similarity = Callable[[str, list[str]], list[float]]  # question, sentences → cosine similarities
# question, sentences → each question word's best similarity to a word of the sentences, and those words' stems
Translate = Callable[[str, list[str]], dict[str, tuple[float, frozenset[str]]]]
RERANK = 10  # candidates re-scored by meaning
SEMANTIC_WEIGHT = 0.35
ACROSS_SPREAD = 0.03  # across languages, a sentence this far below the best similarity scores 0
NEARER = 0.5  # … though one nearer in meaning than the best keeps this much
NEAR_TIE = 0.005  # (or as near, within this, when the best outran it by the words it quotes, not by meaning)
_HAN = re.compile(r"[\u4e00-\u9fff]")
OFFICE_WEIGHT = 0.02  # across languages, a sentence naming the office of the one a "who" question asks for
_MONTH_NAMES = frozenset(calendar.month_name[1:])
NAMES_SUPPORT = 0.04  # across languages, the question's own names in the best sentence add this to its evidence
SURE_MEANING = 0.865  # a word this near an English one is no unknown name ("Präsident" 0.91, "Macron" 0.86)
TRANSLATED_HEAD = 8  # across languages, the leading sentences re-scored by the question's words they hold
TRANSLATED_WEIGHT = 0.04  # … worth this much similarity for all of them (chosen on the cross-lingual set)
QUOTED_WEIGHT = 0.15  # a sentence holding words the question quotes ("… if 'more fuel is added to the flames'?")
QUOTED_HEAD = 12  # across languages, the leading sentences whose quotations are compared with the question's
# "at least 20", "more than $5 million", "fewer than 3%": a count a yes/no question compares with
COMPARISON = re.compile(r"\b(at least|no (?:fewer|less) than|more than|over|above|greater than|exceed(?:ed|s)?|"
                        r"fewer than|less than|under|below|at most|no more than)\s+(\$?\d[\d,]*(?:\.\d+)?)\s*"
                        r"(million|billion|thousand|%|percent)?", re.IGNORECASE)
# words a question quotes: three or more, in double or single quotes (an apostrophe inside a word opens none)




@dataclass
class Evidence:
    score: float
    sentences: list[Sentence]  # best first
    weights: dict[str, float]  # question stem → weight
    by_hit: dict[int, list[Sentence]]  # every candidate of a passage, in reading order
    together: bool = True  # the question's distinctive names stand together somewhere (not in separate stories)
    predicate: float = 1.0  # how much of what is asked *about* the names the best sentences cover
    translated: set[str] = field(default_factory=set)  # across languages: English stems the question's words mean
    asked_names: list[tuple[str, bool]] = field(default_factory=list)  # … and its names in Latin letters (fuzzy?)
    printed: list[set[str]] = field(default_factory=list)  # … those some story prints, each as the words of a
    # person's full name it is part of ("gang" → qin, gang)
    stories: dict[str, str] = field(default_factory=dict)  # … and the retrieved text of each story, by article

    @property
    def question_stems(self) -> set[str]:
        return set(self.weights)

    def coverage(self, stems: set[str]) -> float:
        total = sum(self.weights.values()) or 1.0
        return sum(w for t, w in self.weights.items() if t in stems) / total

    def names_asked_name(self, text: str) -> bool:
        """Across languages: `text` names one of the question's names, in whatever script it was asked (or is
        one syllable of a Chinese name it asks about: "Qin" of 秦刚, "qin gang")."""
        folded = text.casefold().strip()
        return any(names_in([n], text, fuzzy=fuzzy) or folded in n.split(" ")[:1] for n, fuzzy in self.asked_names)

    def names_all_printed(self, text: str, article_id: str = "") -> bool:
        """Across languages: `text` holds each name of the question that the stories print ("Якого числа Ван Ї
        зустрівся з Путіним?" — not "Wang … met Lavrov on Tuesday"), a person's by any word of their full name
        ("Qin said"); where it says "he" or "she", its story may hold them ("…,” he said")."""
        where = f"{text} {self.stories.get(article_id, '')}" if PRONOUN.search(text) else text
        words = {w.casefold() for w in re.findall(r"[^\W\d_]+", where)}
        return all(name & words for name in self.printed)

    def neighbours(self, s: Sentence) -> list[Sentence]:
        return [n for n in self.by_hit.get(s.hit, []) if abs(n.index - s.index) == 1]

    @classmethod
    def by_meaning(cls, question: str, hits: list[Hit], similarity: Similarity, exclude: set[str] | None = None,
                   depth: int = 32, translate: Translate | None = None, office: str = "") -> Evidence:
        """For a question in another language than its sources: sentences scored by the multilingual
        model's similarity (shared words mean nothing across scripts), a name the question shares with a
        sentence (in any script) breaking near-ties. The evidence is the best sentence's similarity.

        Measured on the cross-lingual set (evals/crosslingual_questions.jsonl): the similarity alone puts
        the right article's sentence first for 35 of 42 questions; mixing in the passages' retrieval
        score, as for English, lowers that to 32. The question's words looked up among the leading sentences'
        words (`translate`) put the sentence holding the answer first for 28 rather than 23."""
        cands, by_hit = sentences_of(hits, exclude)
        if not cands:
            return cls(0.0, cands, {}, by_hit)
        cands.sort(key=lambda c: hits[c.hit].score, reverse=True)  # the best passages' sentences first
        head = cands[:depth]  # each new sentence costs ~26 ms to encode on two cores: 32 as good as 48 here
        # names in Latin letters or Cyrillic are matched loosely ("shoygu" ~ "Shoigu"); syllables of Chinese
        # characters only exactly ("xiangshan", "dong jun"), as most pairs of them are no name at all
        by_article: dict[str, str] = {}
        for h in hits:  # the outlet too: "за блогом Agnes Isika" names the story, which no sentence prints
            by_article[h.article_id] = f"{by_article.get(h.article_id, '')} {h.headline} {h.source} {h.text}"
        loose = [n.casefold() for n in proper_nouns(question) if is_latin(n)] + transliterated_names(question) \
            + cyrillic_pinyin(question) + _typed_lower(question, " ".join(by_article.values()))
        exact = [a + b for a, b in han_pairs(question)] + [f"{a} {b}" for a, b in han_pairs(question)]
        names = loose + exact

        def share(text: str, among: list[str]) -> float:
            return sum(1 for n in among if names_in([n], text, fuzzy=n in loose)) / len(among) if among else 0.0

        # a name stands capitalised in an English story: a German noun ("Art", "Bericht") is no name of the
        # question's that a story must hold, though some story prints "art"
        capitalised = {a: " ".join(re.findall(r"\b[A-Z][\w'’-]*", text)) for a, text in by_article.items()}
        found = [n for n in names if any(share(text, [n]) for text in capitalised.values())]
        counted = loose + [n for n in exact if n in found]  # most pairs of Chinese syllables are no name
        holding: dict[int, set[str]] = {}  # the question's names each sentence holds

        def names_of(c: Sentence) -> set[str]:
            if id(c) not in holding:
                holding[id(c)] = {n for n in counted if names_in([n], c.text, fuzzy=n in loose)}
            return holding[id(c)]

        def around(c: Sentence) -> float:  # a quotation's speaker is often named in the sentence before it
            near = [n for n in by_hit.get(c.hit, []) if abs(n.index - c.index) <= 1] or [c]
            return len(set().union(*map(names_of, near))) / len(counted) if counted else 0.0

        quoting: set[int] = set()  # the sentences holding the words the question quotes
        for i, (c, sim) in enumerate(zip(head, similarity(question, [c.text for c in head]), strict=True)):
            c.coverage = max(0.0, float(sim))
            c.score = c.coverage + 0.04 * around(c)
            if i < QUOTED_HEAD and quote_confirms(question, c.text, similarity):
                quoting.add(id(c))
                c.score += QUOTED_WEIGHT  # the words it quotes, translated: "« nouvelles contributions à la cause
                # de la paix »" — “… new contributions to the cause of peace …”
        head.sort(key=lambda c: c.score, reverse=True)
        # the evidence: the best similarity, raised where the names the question gives (not mere countries:
        # "Chine", "Russie") stand in that sentence — "Коли Кулеба зустрічався з Ван І в Гуанчжоу?" at 0.80
        distinct = [n for n in counted if not names_in([n], _COUNTRIES, fuzzy=n in loose)]
        # (in the sentence or beside it: "…,” he said" quotes the one the sentence before names)
        nearby = " ".join(n.text for n in by_hit.get(head[0].hit, []) if abs(n.index - head[0].index) <= 1)
        best = head[0].coverage + NAMES_SUPPORT * share(nearby or head[0].text, distinct)
        if quote_confirms(question, head[0].text, similarity):  # its quotation is the one the question quotes
            best += NAMES_SUPPORT  # ("за статтею про «невидиму руку»" — “an invisible hand”)
        translated, meant = set(), {}
        if translate is not None:  # the question's words, looked up among the leading sentences' words
            lead = head[:TRANSLATED_HEAD]
            meant = translate(question, [c.text for c in lead])
            meanings = [m for _, m in meant.values()]
            if (counted := foreign_head(question)) not in ("", "long"):  # "combien de *pays*": what is counted
                meanings.append({counted})
            translated = set().union(*meanings)
            for c in lead:
                c.score += TRANSLATED_WEIGHT * sum(1 for m in meanings if m & c.stems) / max(1, len(meanings))
            head.sort(key=lambda c: c.score, reverse=True)
        # "¿Quién era el *portavoz* …?": the sentences naming a spokesperson, of those near in meaning
        naming = {id(c) for c in head if office and re.search(office, c.text, re.IGNORECASE)}
        if naming:
            for c in head:
                c.score += OFFICE_WEIGHT * (id(c) in naming)
            head.sort(key=lambda c: c.score, reverse=True)
        # e5 similarities crowd into a narrow band (0.78–0.87): spread the scores so that a sentence
        # ACROSS_SPREAD below the best weighs nothing downstream (short answers, companions).
        # (a sentence nearer in meaning than the best, which lost to its names or quotation marks only, stays in
        # the running: "…," he told the RIA Novosti news agency — not for a question in Chinese, whose similarities
        # it made answer six near misses of the cross-lingual sets wrongly, for three answers gained)
        top, nearest = head[0].score, head[0].coverage if not _HAN.search(question) else math.inf
        nearest -= NEAR_TIE if id(head[0]) in quoting else 0.0  # (as near as one that won by its quotation marks)
        story = hits[head[0].hit].article_id  # (of the best one's story — "Wang Wenbin …" is no nearer "Wang Yi" —
        # or naming the office asked for)
        for c in head:
            kept = c.coverage > nearest and (hits[c.hit].article_id == story or id(c) in naming)
            c.score = max(0.0, 1.0 - (top - c.score) / ACROSS_SPREAD, NEARER if kept else 0.0)
        # Names the stories print that never stand in one story ("Что Шойгу сказал на Сяншаньском форуме?":
        # Shoigu and the Xiangshan Forum are in different reports) ask what the library does not hold.
        together = len(found) < 2 or any(share(text, found) >= 0.999 for text in capitalised.values())
        sure = {w for w, (sim, _) in meant.items() if sim >= SURE_MEANING}
        stories = " ".join(by_article.values())
        if translate is not None and (unknown_name(question, stories, sure) or
                                      unknown_cyrillic_name(question, stories, set(meant)) or
                                      any(not named_in(c, stories) for c in countries_named(question))):
            best = 0.0  # "Was hat Olaf Scholz … gesagt?", "… Deutschland zugesagt?": no retrieved story names them
        return cls(best, head, {}, by_hit, together, translated=translated,
                   asked_names=[(n, n in loose) for n in names] +  # … and its cities by their English names
                   [(e.casefold(), False) for e in english_names(question) if e not in _MONTH_NAMES],
                   printed=printed_names(found, loose, hits, _COUNTRIES), stories=by_article)

    @classmethod
    def of(cls, question: str, hits: list[Hit], top: int = 3, exclude: set[str] | None = None,
           similarity: Similarity | None = None) -> Evidence:
        q = [t for t in content_stems(question, drop_question_words=True) if t not in _generic(question)]
        cands, by_hit = sentences_of(hits, exclude)
        if not q or not cands:
            return cls(0.0, cands, {}, by_hit)
        body = [c for c in cands if c.index != HEADLINE]  # how rare a word is, among the reports' own sentences
        n = len(body)
        focus = set(focus_stems(question))
        weights = {t: (math.log(1 + n / (1 + sum(1 for c in body if t in c.stems))) + 0.5) * (2 if t in focus else 1)
                   for t in q}
        total = sum(weights.values())
        _corefer_names(question, cands, hits, by_hit)  # after the weights: a name's rarity is that of its full form
        best_retrieval = max((h.score for h in hits), default=1.0) or 1.0
        scope = set(content_stems(f"{story_scope(question)} {preamble(question)}"))
        for c in cands:  # a headline matching the words that say which story is meant only names the story
            c.coverage = sum(weights[t] for t in q if t in c.stems and not (c.index == HEADLINE and t in scope)) / total
            in_context = sum(weights[t] for t in q if t in c.context and not (c.index == HEADLINE and t in scope)) \
                / total
            c.score = 0.55 * c.coverage + 0.25 * in_context + 0.2 * (hits[c.hit].score / best_retrieval)
        cands.sort(key=lambda c: c.score, reverse=True)
        if similarity is not None:  # meaning, not only shared words ("start" ~ "begin"), for the leading few
            head = cands[:RERANK]
            for c, sim in zip(head, similarity(question, [c.text for c in head]), strict=True):
                c.score = 0.75 * c.score + SEMANTIC_WEIGHT * max(0.0, float(sim))
            cands[:RERANK] = sorted(head, key=lambda c: c.score, reverse=True)
        if quoted := quoted_words(question):  # the very words asked about: their sentence, whatever else it says
            head = cands[:RERANK]
            for c in head:  # (a headline quoted names the story, not the sentence asked about)
                if c.index != HEADLINE and holds(quoted, c.text):
                    c.score += QUOTED_WEIGHT
            cands[:RERANK] = sorted(head, key=lambda c: c.score, reverse=True)
        past_headline(cands, hits, weights, RERANK)
        covered: set[str] = set()
        for c in cands[:top]:
            covered |= c.stems
        if asks_report_date(question):  # "When did The Verge run Sean Hollister's recap of …?": all of it says
            scope = set(q)  # which story is meant — its record (outlet, byline, headline) as much as its text
        if scope := scope & set(q):  # "according to the Independent's piece
            # on Friendsgiving": which story is meant is said by the story (headline, outlet), not by a sentence
            tops = {hits[c.hit].article_id for c in cands[:top]}
            covered |= scope & set(content_stems(" ".join(f"{h.headline} {h.title} {h.source} {h.ref.author} {h.text}"
                                                          for h in hits if h.article_id in tops)))
        score = sum(weights[t] for t in q if t in covered) / total
        # A name — or a number — the question asks about that no passage (text, headline or outlet) mentions:
        # not answerable here.
        every = " ".join(f"{h.headline} {h.source} {h.ref.author} {h.text} {_dated(h)}" for h in hits)
        have = set(content_stems(every)) | initialled(question, every)  # "SBF" names Sam Bankman-Fried
        outlets = re.sub(r"[^a-z]", "", " ".join({h.source.casefold() for h in hits}))  # "CBSSports.com" holds "CBS"
        first_names = surnamed(question, every) | corporate_tails(question, every)
        if any(stem(p) not in have and p.casefold() not in outlets and p not in first_names
               and not seat_for_nation(question, stem(p), have) and not _nation_named(p, every)
               for p in question_names(question)) or \
                not _numbers(COMPARISON.sub(" ", question)) <= _numbers(every) or \
                any(not re.search(rf"\b{w}[\s-]+{n}\b", every, re.IGNORECASE) for w, n in _numbered(question)):
            # (a count compared with need not be); "… starter for *Game 4*?" where the reports tell only Game 3
            score *= 0.3
        return cls(score, cands, weights, by_hit, together(question, cands, hits),
                   predicate_covered(question, cands[:top], weights))


def _typed_lower(question: str, stories: str) -> list[str]:
    """A question typed without capitals ("wer hat kuleba … abgelöst?"): its words the stories print only as names
    ("Kuleba", never "kuleba")."""
    if re.search(r"(?<!^)(?<![.?!]\s)\b[A-Z]", question.strip()):
        return []
    printed = set(re.findall(r"\b[A-Z][a-z'’-]{3,}", stories))
    lower = {w.casefold() for w in re.findall(r"\b[a-z][a-z'’-]{3,}", stories)}
    return [w for w in dict.fromkeys(re.findall(r"\b[a-z][a-z'’-]{3,}", question.strip()))
            if w.capitalize() in printed and w not in lower and not country_of(w)]  # (countries are matched apart)


def _nation_named(name: str, text: str) -> bool:
    """"Which *American* president …?" — "*US* President Donald Trump": the nation by another of its names."""
    return bool(code := country_of(name)) and named_in(code, text)


# Nouns that name the type of the answer, which the answering sentence seldom repeats ("In which *city* …?" →
# "… in Moscow", "What *sum* …?" → "$200 million"): not evidence either way. "How many years" keeps its unit
# ("five years").
_TYPE_NOUNS = frozenset("citi town countri place locat day week month year person peopl money amount sum kind type "
                        "sort thing".split())
_NAMED_KINDS = KIND_HEADS["organization"]
_WH = re.compile(r"(?:\b(?:which|what)|^\W*(?:name|list)(?:\s+(?:every|each|all|the))*)\s+((?:\S+\s+){0,4}\S+)",
                 re.IGNORECASE)  # ("*List the* three things …")


def _generic(question: str) -> set[str]:
    if re.search(r"\bhow\s+much\s+money\b", question, re.IGNORECASE):
        return {"money"}  # the answer is a sum ("$200 million"), seldom the word
    if re.search(r"\bhow\s+(?:many|much|long|old)\b", question, re.IGNORECASE):
        return set()
    m = _WH.search(question)
    generic = set(content_stems(m.group(1))) & _TYPE_NOUNS if m else set()
    # "Which *institutions* is the programme run with?": the sentence names them, seldom by that noun
    head = next((stem(w) for w in reversed(_wh_phrase(question)) if w[:1].islower()), "")
    # "What site ran the story '…'?": the outlet is on the story's record; its text seldom says "site" or "ran"
    framing = _RECORD_WORDS if asks_publisher(question) else set()
    return generic | framing | ({head} if head in _NAMED_KINDS else set())


_RECORD_WORDS = frozenset({"site", "websit", "blog", "outlet", "run", "carri", "publish", "post", "stori",
                           "articl", "piec"})


_PRONOUN_OPENING = re.compile(r"^\W*(?:He|She)\b")


def _corefer_names(question: str, cands: list[Sentence], hits: list[Hit],
                   by_hit: dict[int, list[Sentence]]) -> None:
    """"Wang" in a story that names Wang Yi is Wang Yi, and so is the "He" that opens the next sentence: a
    sentence with part of a name the question gives in full — or opening with he/she right after one —
    covers the whole name when its passage names the whole."""
    groups = [g for g in name_groups(question) if len(g) > 1]
    if not groups:
        return
    # … by a part that names them, not their title: "Minister Lauri Koskinen" is not "Prime Minister Jaan Rebane"
    titles = {stem(w) for w in re.findall(r"[A-Za-z]+", question) if ROLE_NOUN.match(w)}
    whole: dict[int, set[str]] = {}
    for c in cands:
        before = [p for p in by_hit.get(c.hit, []) if p.index == c.index - 1]
        opens = bool(_PRONOUN_OPENING.match(c.text)) and bool(before)
        for g in groups:
            if g <= c.stems or not (c.stems & (g - titles) or (opens and before[0].stems & g)):
                continue
            if c.hit not in whole:
                h = hits[c.hit]
                whole[c.hit] = set(content_stems(f"{h.headline} {h.text}"))
            if g <= whole[c.hit]:
                c.stems = c.stems | g


def _dated(h: Hit) -> str:
    """A report's own date as numbers: "the February 2024 article" names its year, which no sentence need print."""
    return f"{h.published.year} {h.published.day}" if h.published else ""


_MONTH_ABBR = frozenset(calendar.month_abbr[1:]) | {"Sept"}  # "Sept. 13" (the stop ends no name)
_NUMBERED = re.compile(r"\b([A-Z][a-z]{2,})\s+(\d{1,3})\b(?![.,:]?\d|\s*[-–]\s*\d)")  # (not a score: "United 1-0")


def _numbered(question: str) -> list[tuple[str, str]]:
    """The numbered names a question gives ("Game 4", "Week 13", "Chapter 11") — not a month's day."""
    return [(w, n) for w, n in _NUMBERED.findall(question) if w not in _MONTH_NAMES and w[:3] not in _MONTH_ABBR]


def _numbers(text: str) -> set[str]:
    return {n for n in numbers(text) if len(n) >= 2}
