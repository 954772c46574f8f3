"""The short answer a question asks for: a person, an organisation, a place, a date, a number.

Candidates are the named entities found at ingest (spaCy) in the best sentences, their neighbours
and the headlines, plus patterns for numbers, money, percentages, durations and dates. Each is
weighed by how well its type fits the question (an outlet is often tagged as a place, so a place
still counts a little for "which agency"), by the score of the sentences that hold it, by how close
it stands to the question's words, and by how many sources agree on it. A candidate that merely
repeats the question ("China" for "Who is China's defense minister?") is never the answer.

    >>> pick = ShortAnswers().best(plan, evidence, hits)        # doctest: +SKIP
    >>> pick.text, pick.sentence.text                            # doctest: +SKIP
    ('Bloomberg', "China's Defense Minister Dong Jun called for …, Bloomberg reported.")
"""

from __future__ import annotations

import math
import re

from ..models import Hit
from ..text.countries import countries_named, named_in, no_city
from ..text.words import (
    NATIONS,
    asks_city,
    content_stems,
    event_kin,
    focus_stems,
    foreign_head,
    head_noun,
    is_demonym,
    numbers,
    proper_nouns,
    stem,
    stopwords,
)
from .actor import Actor, name_words
from .asked import acronyms, asking_part, event_names, initialled, initials, kin_of_named, mentions
from .candidates import HEADLINE, Sentence, headline_entities
from .counted import UNIT_HEADS, focus_fit
from .evidence import ACROSS_SPREAD, Evidence
from .heads import EXACTLY, VAGUE, counts_kind
from .labels import kind_before, label_weights, quoted_names
from .leads import Candidate, key_of, merge_names
from .outlets import (
    PLACES,
    asks_outlet,
    names_cited,
    outlet_name,
    outlet_weight,
    outlets_cited,
)
from .predicate import done_event, not_predicate, only_planned, said_by_the_story
from .spans import (
    Placing,
    asks_duration,
    clean_span,
    deals_after,
    is_duration,
    length_end,
    opponent,
    setting,
    spans,
    team_named,
    wrong_span_of_time,
)
from .speech import (
    acts_after,
    described_before,
    described_doer,
    doer_of_question,
    event_of_question,
    someone_else_does,
    subject_verb,
    tells_event,
)
from .timescope import MONTH

ORG_DOER = 0.6  # "who …?": an organisation opening the best sentence is its doer
HEADLINE_FLOOR = 0.4  # a headline scoring this share of the best sentence or less adds nothing; twice it, all
_POSSESSIVE = re.compile(r"['’]s?\b")


def _stems(surface: str, key: str, said: set[str], counted: set[str] = frozenset()) -> set[str]:
    """A candidate's content stems; initials have none ("U.S."): their own key, unless the question `said`
    them (its words as keys). Less the words of a count's `counted` thing, the question's own ("both *sides*",
    "76 rush *yards*")."""
    stems = set(content_stems(surface))
    stems = stems if stems or key in said else {key}
    return (stems - counted) or {key} if counted else stems


def _said(question: str) -> set[str]:
    return {w.rstrip(".?,") for w in key_of(question).split()}


# a name's number right after it: "Nifty 50", "Fortune 500" (not "March 5")
_NAMED_NUMBER = re.compile(rf"(?<![.!?]\s)(?<!^)\b(?!(?i:{MONTH})\b)[A-Z][a-z]+\s$")
_YEAR_AFTER = re.compile(r"\b(?:in|for|since|of|by|until|from|during|through)\s+(?:19|20)\d\d$", re.IGNORECASE)
_KNOWN_FEW = re.compile(r"\b(?:the|our|their|these|those|its|both)\s+(?:two|three|four|both)$", re.IGNORECASE)
# words many names share: "Michigan State" is not named by a question about "Oregon State"
_NAME_COMMONS = frozenset({"state", "citi", "universiti", "unit", "nation", "new", "north", "south", "east", "west",
                           "great", "saint", "st", "fc", "club", "council", "republ", "kingdom"})


def _repeats(stems: set[str], asked: set[str], named: set[str], commons: frozenset[str] = _NAME_COMMONS) -> bool:
    """The candidate only repeats the question's words or names one of its names."""
    return stems <= asked or bool((stems & named) - commons) or (stems <= named)


def _named_in_full(span: str, people: set[str]) -> bool:
    """Every word of the span is a word of the people's full names the stories give ("Wang Yi")."""
    return all(w in people for w in key_of(span).split())


class ShortAnswers:
    """Typed candidates from the evidence; the best one, or every supported one for a list."""

    def __init__(self, depth: int = 8):
        self.depth = depth

    def candidates(self, answer_type: str, question: str, ev: Evidence, hits: list[Hit],
                   exclude: set[str] = frozenset()) -> list[Candidate]:
        weights = label_weights(answer_type, question)
        duration = answer_type == "number" and asks_duration(question)
        if not weights or not ev.sentences:
            return []
        asked = set(content_stems(question))
        said = _said(question)  # … as keys: initials ("U.S.") have no content stems
        near = asked | ev.translated  # an answer stands near the question's words (across languages, their meaning)
        named = {stem(w) for w in proper_nouns(question)}
        short = acronyms(question)  # names the question gives by their initials ("SBF's testimony")
        head = head_noun(question)
        head = "age" if head == "old" else head  # "how many years old is the conflict": an age, no thing counted
        focus = {head} if head else set()
        city = head in ("citi", "town", "capit") or asks_city(question)  # "In which city …": no country answers
        found: dict[str, Candidate] = {}
        best = ev.sentences[0].score or 1.0
        pool: list[tuple[Sentence, float]] = []
        for s in ev.sentences[: self.depth]:
            pool.append((s, s.score / best))
            for n in ev.neighbours(s):  # "…," he told RIA Novosti: the answer next door
                pool.append((n, 0.6 * s.score / best))
        # the asking part's, if it names any (not its context's); else all ("Australia … Whom did *they* face?")
        names = (event_names(asking_part(question)) or event_names(question)) if answer_type == "place" else []
        actors = [g for g in event_names(question) if not g <= NATIONS] if ev.weights else []

        def about_actors(i: int) -> bool:  # a headline (or its outlet) naming whom the question names
            told = set(content_stems(f"{hits[i].headline} {hits[i].source}")) | initialled(question, hits[i].headline)
            return all(mentions(told, g) for g in actors)
        tally = answer_type == "number" and bool(focus - UNIT_HEADS)  # "how many *countries*"
        given = numbers(question) if answer_type == "number" else set()  # "… with a $2.7M seed extension"
        counted = tally and not ev.weights
        if counted:  # across languages: the best similarity, and the story it stands in
            meant = max(s.coverage for s in ev.sentences[: self.depth])
            story = hits[ev.sentences[0].hit].article_id
        outlet = "ORG" in weights and answer_type != "place" and asks_outlet(question)  # (not "in which city …, the
        # minister told state media?")
        doer, verb = doer_of_question(question)
        role = described_doer(question) if answer_type == "person" else ""
        acting = subject_verb(question) if answer_type == "person" else ""  # "Who beat Oregon?": "Washington beat …"
        # a team or a body answers "who"/"which organisation", seldom "where" ("Ohio State" for a Penn State game)
        commons = _NAME_COMMONS if answer_type in ("person", "organization") else frozenset()
        commons |= NATIONS if outlet else frozenset()  # "China Daily" is no repeat of the question's "China"
        described: set[str] = set()
        asking = asking_part(question)  # what is dated is what the question asks, not its sentence of context
        event = event_of_question(asking) if answer_type == "date" else ""
        dated_names = [g for g in event_names(asking) if not g <= NATIONS] if event else []
        people = name_words(hits)
        everyone = set().union(*people.values()) if people else set()  # ("Shoigu made …" tagged ORG: a person)
        if (first := re.match(r"\W*([A-Z][\w-]+)", question)) and any(first.group(1).casefold() in p
                                                                       for p in people.values()):
            named.add(stem(first.group(1)))  # "Kuleba is now a former minister. Who replaced him?": a name too
        actor = Actor(question, everyone, hits)
        own = asked if answer_type == "number" else set()  # a count's thing is the question's own word
        placing = Placing(question)
        exact = answer_type == "number" and bool(EXACTLY.search(question))
        # across languages, a count answers only where its sentence means something else the question says
        # ("Wie viele Länder haben Chinas Friedensplan unterstützt?" — not "officials from dozens of countries")
        said = ev.translated - focus - {foreign_head(question)} - NATIONS if answer_type == "number" and \
            not ev.weights else set()
        done = done_event(question) if answer_type == "number" else ""
        # across languages, a figure of the countries the question names ("Wie viel Geld hat *China* zugesagt?" —
        # not "The World Bank will provide $200 million …")
        nations = countries_named(question) if answer_type == "number" and not ev.weights else set()
        for s, strength in pool:
            if done and only_planned(done, s.text):
                continue  # "How many … have been evacuated?": not the 6,000 they "talked about evacuating"
            if doer and someone_else_does(doer, verb, s.text):
                continue  # where Abdullah grew up is not where his co-founder did
            if said and not said & (s.stems | s.context):
                continue
            if nations and not all(named_in(code, s.text) for code in nations):
                continue
            if event and not tells_event(event, s.stems | s.context):
                continue  # "When was Qin Gang appointed?": a date beside no appointment is another event's
            predicate = self._predicate_fit(s, ev, question, kin=answer_type in ("date", "place"),
                                            dated=answer_type == "date")
            if names and not all(g & (s.stems | s.context) for g in names):
                predicate *= 0.3  # where *Qin Gang* called for talks: not where Dong Jun did
            if s.index == HEADLINE and not about_actors(s.hit):
                predicate *= 0.3  # a headline about others (as below, for its names)
            if not actor.names(s):
                continue  # "Which official did *Zelensky* meet?": not whom Kuleba met, in a story naming Zelensky
            dated_apart = answer_type == "date" and not ev.weights and \
                not ev.names_all_printed(s.text, hits[s.hit].article_id)  # (across languages, by the names it prints)
            if dated_apart or (event and not all(mentions(s.stems, g) for g in dated_names)):
                continue  # "On what date did Wang Yi meet *Putin*?": "… met Lavrov on Tuesday" dates another meeting
            found_here = [(a, b, "ORG") for a, b in names_cited(s.text, s.entities)] if outlet else []
            found_here += quoted_names(s.text)
            cited = outlets_cited(s.text, s.entities) + [(a, b) for a, b, _ in found_here] if outlet else []
            for a, b, label in spans(s.text, s.entities) + found_here:
                word = s.text[a:b].strip(" ,.;:").casefold() if " " not in s.text[a:b].strip() else ""  # one word
                if team_named(s.text, a, b, label):
                    label = "ORG"
                elif word and label != "PERSON" and word in (people[hits[s.hit].article_id] | everyone):
                    label = "PERSON"  # "Wang said" tagged ORG, where the story names Wang Yi
                elif label == "ORG" and answer_type == "organization" and not word and \
                        _named_in_full(s.text[a:b], everyone):
                    label = "PERSON"  # "top diplomat Wang Yi told …" tagged ORG, a person the stories name in full
                elif word and label == "PERSON" and answer_type == "organization" and word not in everyone:
                    label = "ORG"  # "Why Mozilla is betting on …" tagged a person: no one the story names in full
                elif word and label == "NORP" and answer_type == "organization" and not is_demonym(word) and \
                        stem(word) not in NATIONS:
                    label = "ORG"  # "We look at Valve and …": one word that is no people's name
                elif label in ("GPE", "LOC", "NORP", "FAC") and (kind_before(s.text, a) == "organization"
                                                                 or deals_after(s.text, b)):
                    label = "ORG"  # "Brazilian outlet Metropoles", "Palo Alto in talks to buy …", tagged a place
                w = weights.get(label, 0.0)
                if answer_type == "person" and label == "ORG" and s is ev.sentences[0] and \
                        not re.sub(r"^(?:the|a|an)\b", "", s.text[:a].strip(), flags=re.IGNORECASE):
                    w = ORG_DOER  # "Who is putting up $200 million …?" — "The World Bank will provide $200 million …"
                if label in ("ORG", "GPE", "NORP") and acts_after(s.text, b, acting):
                    w = max(w, ORG_DOER)
                if outlet:
                    w = outlet_weight(w, (a, b) in cited, label)
                trimmed = clean_span(s.text, a, b, label, bool(duration)) if w > 0 else None
                if trimmed is None:
                    continue
                a, b = trimmed
                if duration and (end := length_end(question, s.text, b)):
                    b = end  # "How long was the field goal?": a length, not a span of time
                elif duration and (not is_duration(s.text[a:b]) or wrong_span_of_time(question, s.text, b)):
                    continue  # "how long": a span of time, not any number (nor the time between two events)
                if answer_type == "number" and ((a > 0 and s.text[a - 1] in "./") or s.text[b:b + 1] == "/"
                                                or (label != "PATTERN_SCORE" and _NAMED_NUMBER.search(s.text, 0, a))):
                    continue  # ".349/.421/.575": a fragment of a stat line; "Nifty 50": a name's; not a count
                if role and described_before(s.text, a, role):
                    described.update(key_of(s.text[a:b].strip(" ,.;:")).split())  # the doer, not whom it met
                    continue
                surface = s.text[a:b].strip(" ,.;:")
                key = key_of(surface)
                stems = _stems(surface, key, said, own)
                if (city and label not in ("GPE", "LOC")) or (answer_type == "place" and "-" in surface and
                                                              is_demonym(surface.rsplit("-", 1)[-1])) or \
                        (answer_type == "place" and opponent(s.text, a)):
                    continue  # "In which city …?": a city, not a forum met there; no "*Russo-Ukrainian* war"
                if w <= 0 or not key or key in exclude or (_repeats(stems, asked, named, commons) and not (
                        label == "PERSON" and kin_of_named(surface, question))) or \
                        (city and (stems <= NATIONS or no_city(surface))) or \
                        ev.names_asked_name(outlet_name(surface) if outlet else surface) or numbers(surface) & given \
                        or (short and initials(surface) in short):
                    continue  # the question's own names (and numbers, and initials: "SBF") are not its answer
                if tally and (key == "one" or _YEAR_AFTER.search(s.text, 0, b)):
                    continue  # "the security of one country": a determiner; "injured in 2023": a year, not a count
                if (exact and VAGUE.fullmatch(key)) or (head == "score" and not re.search(r"\d\s?[-–]\s?\d", surface)):
                    continue  # "*Exactly* how many countries …?": "dozens" is no figure; a score is "31-17", not "Ten"
                if answer_type == "number" and _KNOWN_FEW.search(s.text[max(0, a - 12): b]):
                    continue  # "the two men", "our two countries": ones the story has named, not a count it reports
                if key.startswith("both ") and not (focus and ev.weights and counts_kind(key, question)):
                    continue  # "both sides" counts what a question names ("how many sides"), not anything at all
                if _POSSESSIVE.match(s.text, b) and answer_type != "person":
                    continue  # "China's Foreign Minister Qin Gang": a title's modifier, not an answer
                fit = focus_fit(s, a, b, focus, answer_type, label, near)
                if fit == 0.0:
                    continue
                if counted and fit > 1.0 and hits[s.hit].article_id == story:  # "combien de pays": "dozens
                    # of *countries*" in the best sentence's story is what is asked, though the best sentence
                    # names the forum (across languages only meaning ranks sentences, in a narrow band)
                    strength = max(strength, 1.0 - (meant - s.coverage) / (2 * ACROSS_SPREAD))
                score = strength * w * predicate * self._closeness(s.text, a, b, near) * fit * \
                    placing.factor(s.text, a, b)
                if answer_type == "place":
                    score *= setting(s.text, a)
                cand = found.setdefault(key, Candidate(surface, key, label, hit=s.hit))
                cand.sources.add(hits[s.hit].article_id)
                if cand.sentence is None or score > cand.score:
                    cand.text, cand.sentence, cand.hit, cand.label = surface, s, s.hit, label
                cand.score = max(cand.score, score) + 0.15 * min(cand.score, score)  # agreement adds up
        # Headlines name what the story is about ("… ban TikTok"); across languages (no shared words to
        # weigh them by) only the headline above the best sentence counts.
        heads = list(enumerate(hits[:4])) if ev.weights else [(ev.sentences[0].hit, hits[ev.sentences[0].hit])]
        titled = {hits[s.hit].article_id: s.score / best for s in ev.sentences if s.index == HEADLINE}
        for i, h in heads:
            # … as much as the headline says what is asked: one far below the best sentence only names the story
            # ("European roundup: *Bellingham* helps …" above "… and Kane cut the deficit with his eighth goal")
            says = min(1.0, max(0.0, (titled.get(h.article_id, 1.0) - HEADLINE_FLOOR) / HEADLINE_FLOOR)) \
                if ev.weights else 1.0
            # … and names who the question asks about ("which team did the *Commanders* have a dud against" — not
            # "Jaguars beat Texans in AFC South battle" above "The Commanders are coming off a dud … Giants")
            says *= 1.0 if about_actors(i) else 0.3
            for a, b, label in headline_entities(h):
                if team_named(h.headline, a, b, label):
                    label = "ORG"
                elif label == "ORG" and answer_type == "organization" and _named_in_full(h.headline[a:b], everyone):
                    label = "PERSON"  # (as in the sentences: a person the stories name, tagged ORG)
                w = weights.get(label, 0.0)
                surface = h.headline[a:b].strip(" ,.;:")
                if duration and not is_duration(surface):
                    continue  # "… in same month that …": no span of time
                if surface.split()[-1].casefold() in stopwords():
                    continue  # a run of a Title Case headline, not a name ("China Solicits For Peace Inorder To")
                key = key_of(surface)
                stems = _stems(surface, key, said, own)
                if w <= 0 or not key or key in exclude or _repeats(stems, asked, named, commons) or \
                        (city and (stems <= NATIONS or no_city(surface))) or \
                        ev.names_asked_name(outlet_name(surface) if outlet else surface) or \
                        numbers(surface) & given or (tally and _YEAR_AFTER.search(h.headline, 0, b)) or \
                        (outlet and label in PLACES) or (short and initials(surface) in short):
                    continue
                cand = found.setdefault(key, Candidate(surface, key, label, hit=i))
                cand.sources.add(h.article_id)
                cand.score += (0.25 if answer_type == "place" else 0.5) * w * (h.score or 0.5) * says  # headlines name
                # what a story is about far more often than where it happened
        for key in [k for k in found if described and set(k.split()) <= described]:
            del found[key]
        merge_names(found)
        self._discount_topics(found, ev, answer_type == "place")
        return sorted(found.values(), key=lambda c: c.score, reverse=True)

    @staticmethod
    def _discount_topics(found: dict[str, Candidate], ev: Evidence, where: bool = False) -> None:
        """A name most retrieved sentences mention ("Ukraine" in a library about the war) is the topic,
        seldom the answer: discount it by how common it is among them — by half as much, for a "where"
        question, when it is named as a setting ("… at the Xiangshan Forum in *Beijing*")."""
        texts = [s.text.casefold() for s in ev.sentences]
        n = len(texts)
        if n < 4:
            return
        for c in found.values():
            if c.label not in ("GPE", "NORP", "LOC"):
                continue  # countries and nations are what a library is *about*; people and bodies answer
            df = sum(1 for t in texts if c.key in t) or 1
            discount = math.log(1 + n / df) / math.log(1 + n)
            at = c.sentence.text.find(c.text) if where and c.sentence is not None else -1
            c.score *= math.sqrt(discount) if at >= 0 and setting(c.sentence.text, at) > 1.0 else discount

    @staticmethod
    def _closeness(text: str, a: int, b: int, asked: set[str]) -> float:
        """Nearer the question's own words is likelier the answer (in words between them)."""
        positions = [m.start() for m in re.finditer(r"[^\W_]+", text) if stem(m.group(0)) in asked]
        if not positions:
            return 0.5
        gap = min(abs(p - a) if p < a else max(0, p - b) for p in positions)
        return 1.0 / (1.0 + gap / 60.0)

    @staticmethod
    def _predicate_fit(s: Sentence, ev: Evidence, question: str, kin: bool = False, dated: bool = False) -> float:
        """How much of what the question says *about* its names (its verbs and nouns, less the names and
        the asked-for noun) the sentence and its neighbours cover: 0 when none of it."""
        names = {stem(w) for p in proper_nouns(question) for w in p.split()}
        predicate = ev.question_stems - names - set(focus_stems(question)) - not_predicate(question)
        if not predicate:
            return 1.0
        have = s.stems | s.context | said_by_the_story(question)
        # when and where something happened: the event told in other words counts ("gives an address" for
        # "speak", "talks" for "negotiations"); not for who did it, where the other side of a meeting is
        # still not the one "also" met
        said = {t for t in predicate if t in have or (kin and event_kin(t, dated) & have)}
        covered = ev.coverage(said) / max(ev.coverage(predicate), 1e-9)
        return 0.3 + 0.7 * covered

    @classmethod
    def says_what_is_asked(cls, s: Sentence, ev: Evidence, question: str, at_least: float = 0.65,
                           kin: bool = False) -> bool:
        """The sentence (with its neighbours) covers at least half (by default) of what the question says
        about its names (`kin`: told in other words too)."""
        return cls._predicate_fit(s, ev, question, kin) >= at_least

    def best(self, answer_type: str, question: str, ev: Evidence, hits: list[Hit],
             exclude: set[str] = frozenset()) -> Candidate | None:
        cands = self.candidates(answer_type, question, ev, hits, exclude)
        return cands[0] if cands else None
