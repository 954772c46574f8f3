"""The extractive answer backend: the embedded default, needing no model server.

It leads with the short answer the question asks for — a name, an organisation, a place, a date, a
number, yes or no, the items of a list — then gives the source sentence(s) that state it, each
with its citation. It never writes a word that is not in a source (the lead is a span of a cited
passage or headline, or a cited article's publication date or byline).

It declines by evidence, not only by overlap: when the best sentences cover too little of the
question, when a name the question asks about appears nowhere, or when the question asks for a
person, organisation, place or number and no sentence that covers it holds one ("How many tanks
did X deliver?" with no such count in the library).

Follow-ups that continue the last answer ("When was that?", "What else did he say?", "Who
else?", "Why?") are answered from the previous answer's articles, skipping what was already said.

Usage:
    >>> backend = ExtractiveBackend(max_sentences=3, threshold=0.45)
    >>> draft = backend.generate(plan, hits)                 # doctest: +SKIP
    >>> draft.short_answer, draft.text                       # doctest: +SKIP
    ('Bloomberg', "China's Defense Minister Dong Jun called for negotiations … Bloomberg reported [1].")
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from ..messages import localized_date, say
from ..models import Hit, Turn
from ..text.countries import is_country
from ..text.words import focus_stems, proper_nouns, proper_phrases, stem
from .actor import another_party
from .ages import age_of, asks_age
from .asked import asking_part, nation_swapped
from .backends import Draft
from .candidates import HEADLINE, Sentence, restates, story_people
from .cited import sources_cited
from .credits import asks_credit, credit_quoted
from .evidence import Evidence, Similarity, Translate
from .followup import RuleCondenser
from .interval import between
from .labels import counted_before_kind, label_weights, list_element, listed_as_kind, listed_before_kind
from .leads import Candidate, display, key_of
from .phrase import phrase_lead
from .reasons import reason_of, tells_what_is_asked
from .record import asks_publisher, asks_report_date
from .relative import resolved
from .roles import holds_asked_role, nation_untold, office_words, role_of, role_swapped, role_verdict, title_holder
from .shortanswer import ShortAnswers
from .speech import (
    WHICH_SAID,
    WHO_SAID,
    asks_for_sources,
    asks_writer,
    described_doer,
    event_of_question,
    full_name,
    said_by,
    speaker_of_question,
    speakers,
    tells_event,
)
from .support import Support
from .timescope import year_for_day
from .together import bridge_names, from_named_story, story_names_all
from .untagged import untagged_names
from .verdict import decide, opposite_told

if TYPE_CHECKING:
    from .plan import Plan

TYPED = ("person", "organization", "place", "number")  # no candidate of the type: decline
# A tagged candidate scoring less is not what the sources say. Measured over 265 typed questions of six
# sets: below 0.25, 10 of 15 answers given were wrong or should have been declines; above 0.4, 9 of 211.
MIN_CANDIDATE = 0.25
NEARLY, STRONG_CANDIDATE = 0.9, 0.7  # evidence just under the bar, with a candidate far above MIN_CANDIDATE
# … and a person of no nation the sources tell, for a question asking one of a nation, scoring less (over the
# ~3,000 questions of all sets: one wrong answer declined, none lost)
UNTOLD_NATION = 0.4
MIN_UNTAGGED = 0.1  # a name the tagger missed is scored on its own scale (untagged.py)
MIN_CANDIDATE_ACROSS = 0.05  # across languages candidates score lower (meaning, not shared words)
CROSS_THRESHOLD = 0.81  # multilingual-e5 similarity a question in another language needs (calibrated, README)
_FUTURE = re.compile(r"\b(?:will|is (?:expected|set|due|scheduled) to|plans? to)\s+(?:also\s+|soon\s+|then\s+)?(\w+)",
                     re.IGNORECASE)
_ASKS_FUTURE = re.compile(r"^\W*(?:and\s+)?when\b[^,;?]*\b(?:will|scheduled to|due to|set to|expected to|going to|"
                          r"plan(?:s|ned)? to)\b", re.IGNORECASE)  # (in its own clause: not "…, a spirit they will …")

class ExtractiveBackend:
    """Plan + hits → Draft: the lead answer and the sentences that state it."""

    name = "extractive"
    can_stream = False

    def __init__(self, max_sentences: int = 3, threshold: float = 0.45, redundancy: float = 0.6,
                 max_list: int = 5, similarity: Similarity | None = None, cross: Similarity | None = None,
                 cross_threshold: float = CROSS_THRESHOLD, translate: Translate | None = None):
        self.similarity = similarity  # question ~ sentence by meaning (the embedding model), when given
        self.cross = cross  # … across languages (the multilingual model), for questions not in English
        self.cross_threshold = cross_threshold
        self.translate = translate  # … and what a question's words mean among the sources' words
        self.max_sentences = max_sentences
        self.threshold = threshold
        self.max_list = max_list
        self.support = Support(max_sentences, threshold, redundancy)
        self.rules = RuleCondenser()
        self.short = ShortAnswers()

    def condense(self, question: str, history: list[Turn]) -> str:
        return self.rules.condense(question, history)

    def stream(self, plan: Plan, hits: list[Hit]) -> Iterator[Draft]:
        yield self.generate(plan, hits)

    def evidence(self, question: str, hits: list[Hit], given: tuple[str, ...] = (), language: str = "en",
                 kind: str = "") -> Evidence:
        exclude = {" ".join(g.split()) for g in given} or None
        if language != "en" and self.cross is not None:
            return Evidence.by_meaning(question, hits, self.cross, exclude=exclude, translate=self.translate,
                                       office=office_words(question, language) if kind == "person" else "")
        return Evidence.of(question, hits, top=self.max_sentences, exclude=exclude, similarity=self.similarity)

    def supported(self, ev: Evidence, language: str) -> bool:
        """Enough evidence to answer: the calibrated share of the question covered, or (across languages)
        the multilingual model's similarity."""
        if language != "en" and self.cross is not None:
            return ev.score >= self.cross_threshold
        return ev.score >= self.threshold

    # --- composing ---------------------------------------------------------------------------------
    def generate(self, plan: Plan, hits: list[Hit]) -> Draft:
        question = plan.search_query
        continuing = plan.followup and plan.focus_articles
        ev = self.evidence(question, hits, plan.given if plan.followup == "more" else (), plan.language,
                           plan.answer_type)
        if plan.answer_type == "list" and asks_for_sources(question) and (cited := sources_cited(question, ev, hits)):
            # who a report relies on is named beside what it reports, whatever the overlap
            return self._listed(ev, hits, cited[: self.max_list])
        # a photo's credit is printed beside its caption, however little of the question it repeats; across
        # languages, none fitting, no one else in the story took it
        if asks_credit(question, plan.language) and ((credit := credit_quoted(question, plan, ev, hits))
                                                     or plan.language != "en"):
            return self._with_lead(ev, hits, *credit) if credit else self._decline(ev)
        if plan.answer_type == "number" and ev.sentences and (person := asks_age(question)):
            # "How old is X?": X's age, not a span of time; "Sherri Geerts, 81," by her full name is evidence
            # enough however little else of the question the sentence repeats
            age = age_of(person, ev, exact=not self.supported(ev, plan.language))
            return self._with_lead(ev, hits, age.text, self.support.of_candidate(ev, age)) if age else self._decline(ev)
        if plan.answer_type == "number" and plan.language == "en" and (span := between(
                question, hits, lambda q: self.evidence(q, hits), lambda q, e: self.short.best("date", q, e, hits)
                if self.supported(e, "en") else None)):  # "How many days after A did B?": each dated, subtracted
            return self._with_lead(ev, hits, *span)
        if not ev.sentences or (not self.supported(ev, plan.language) and not continuing
                                and not self._nearly_with_a_strong_answer(plan, ev, hits)):
            return self._decline(ev)
        # its names are in separate stories, or nothing says what is asked about them (a report's date, outlet and
        # writer are on its record: no text need say "published" or "ran")
        if not continuing and (not ev.together or (ev.predicate == 0.0 and not asks_report_date(question)
                                                   and not asks_publisher(question) and not asks_writer(question)
                                                   and not (plan.answer_type == "yes_no" and plan.language == "en"
                                                            and opposite_told(question, ev.sentences[:3])))):
            return self._decline(ev)
        kind = plan.answer_type
        # an answer comes from a story that names what the question names, not one about someone else
        checked: dict[str, bool] = {}  # by article

        def named(hit: int) -> bool:
            if plan.language != "en" or continuing:
                return True
            aid = hits[hit].article_id
            if aid not in checked:
                checked[aid] = story_names_all(question, ev, hits, hit)
            return checked[aid]

        if kind not in (*TYPED, "list", "date") and not named(ev.sentences[0].hit):
            return self._decline(ev)
        top = ev.sentences[0]
        if plan.language == "en" and not continuing and nation_swapped(question, top.text, top.stems):
            return self._decline(ev)  # the best match places it in another nation ("… study in Ukraine")
        if asks_writer(question) and not continuing and (byline := self._on_record(ev, hits, named, "author")):
            return byline
        if asks_publisher(question) and not continuing and (outlet := self._on_record(ev, hits, named, "source")):
            return outlet
        if kind == "list" or plan.followup == "who_else":
            return self._list(plan, ev, hits)
        if kind == "date":
            return self._date(plan, ev, hits)
        if kind == "person" and WHO_SAID.match(question) and not continuing and plan.language == "en":
            # "Who said …?": the named speaker of the sentence that says it, whatever the tagger calls it
            voice = next((v for v in speakers(top.text) if v and not ev.names_asked_name(v)), "")
            if len(voice.split()) == 1:  # "Lavrov said": the full name the sources give him ("Sergei Lavrov")
                voice = full_name(voice, story_people(hits)[hits[top.hit].article_id], (
                    x.text[a:b] for x in ev.sentences[:8] for a, b, label in x.entities if label == "PERSON"))
            if voice:
                return self._with_lead(ev, hits, display(voice), self.support.companions(ev, hits, top))
        if kind in TYPED:
            cands = [c for c in self.short.candidates(kind, question, ev, hits) if from_named_story(c, ev, named)
                     and not (plan.language == "en" and c.sentence and role_swapped(question, c.sentence.text))]
            if kind == "person" and not described_doer(question):  # "Who is Ukraine's foreign minister?":
                # someone the sources call so (not in "Who did China's top diplomat meet?": that is the doer)
                cands = [c for c in cands if holds_asked_role(c, question, ev, plan.language)]
            if bridge := bridge_names(question, ev.sentences):  # one who did both: named beside each
                cands = [c for c in cands if {stem(w) for w in c.text.split()} & bridge]
            cand = cands[0] if cands else None
            missed = None
            if kind in ("person", "organization") and plan.language == "en" and (cand is None or cand.score < 0.2):
                # a name the tagger missed ("Wullaert equalised … winning penalty"), when it answers far better
                # than the weak tagged one (a name in the next sentence)
                missed = next((c for c in untagged_names(question, ev, hits) if from_named_story(c, ev, named)
                               and (kind != "person" or holds_asked_role(c, question, ev))), None)
                if missed and (cand is None or cand.score < MIN_CANDIDATE or missed.score >= 2 * cand.score):
                    cand = missed
            floor = MIN_CANDIDATE_ACROSS if plan.language != "en" else MIN_UNTAGGED if cand is missed else \
                MIN_CANDIDATE
            if plan.language != "en" and kind == "person" and cand is not None and cand.label != "PERSON":
                floor = MIN_CANDIDATE  # "哪位记者 …?": a body (the Financial Times named in the question) answers
                # "who" only when it plainly does
            if (cand is None or cand.score < floor) and kind == "person" and plan.language == "en" and \
                    WHICH_SAID.match(question) and (voice := next((v for v in speakers(top.text) if v), "")) and \
                    holds_asked_role(Candidate(voice, key_of(voice), "PERSON", sentence=top), question, ev):
                # "…, Grant suggests" (of the nation asked: not the Chinese minister for "Which US official claimed …?")
                return self._with_lead(ev, hits, display(voice), self.support.companions(ev, hits, top))
            if (cand is None or cand.score < floor) and kind == "number" and plan.language == "en" and \
                    self.short.says_what_is_asked(top, ev, question) and (listed := counted_before_kind(top.text,
                                                                                                       question)):
                # "In how many areas …?" — "… political, military and economic cooperation": 3, the sentence
                # listing them right after
                return self._with_lead(ev, hits, str(len(listed)), self.support.companions(ev, hits, top))
            if cand is None or cand.score < floor:
                return self._decline(ev)  # the sources talk about it, but none says what is asked
            if kind == "person" and plan.language == "en" and cand.score < UNTOLD_NATION and cand is not missed and \
                    nation_untold(cand, question, ev):
                return self._decline(ev)  # "Which US official …?" — a weak match whose nation no source gives
            return self._with_lead(ev, hits, display(cand.text), self.support.of_candidate(ev, cand))
        if kind == "yes_no":
            lead, by = role_verdict(question, ev), None  # "Is Dong Jun China's foreign minister?" — No
            if not lead:
                lead, by = decide(ev, question, self.cross if plan.language != "en" else None)
            if not lead:  # no sentence settles it: no yes or no, only where to read on
                return Draft("", abstained=True, evidence=ev.score, backend=self.name, note="no_verdict",
                             nearest=(ev.sentences[0].hit,))
            if plan.language != "en":  # in the reader's words: "Oui", "Так"
                lead = say("verdict_yes" if lead == "Yes" else "verdict_no", plan.language)
            # the sentence that decided leads the evidence (not a headline that only names the story); across
            # languages the best match leads, and the one that decided follows it
            first = by if by is not None and plan.language == "en" else ev.sentences[0]
            shown = self.support.companions(ev, hits, first)
            if by is not None and all(s is not by for s in shown):
                shown.insert(1, by)
            return self._with_lead(ev, hits, lead, shown)
        if kind == "role":
            holder = title_holder(plan.standalone)
            names = [holder] if holder else proper_phrases(question) or proper_nouns(question)
            role = role_of(names[-1], ev) if names else None
            if role is None and holder:
                return self._decline(ev)  # "What is Tye Brady's job title?": no source gives him one
            first = role.sentence if role and role.sentence else ev.sentences[0]
            lead = display(role.text) if role else ""
            return self._with_lead(ev, hits, lead, self.support.companions(ev, hits, first))
        speaker = speaker_of_question(question)
        if (kind == "quote" and not continuing) or (speaker and plan.followup == "more"):
            if (first := said_by(speaker, question, ev.sentences, hits)) is None:
                return self._decline(ev)
            return self._with_lead(ev, hits, self._phrase(plan, first), self.support.companions(ev, hits, first))
        if kind == "reason" or plan.followup == "why":
            if (reason := reason_of(ev)) is None:
                return self._decline(ev)  # a headline promising why, and no sentence saying it
            first, quoted = reason
            if plan.language == "en" and not continuing and not tells_what_is_asked(question, first, quoted):
                return self._decline(ev)
            return self._with_lead(ev, hits, self._phrase(plan, first),
                                   quoted or self.support.companions(ev, hits, first))
        first = ev.sentences[0]
        return self._with_lead(ev, hits, self._phrase(plan, first), self.support.companions(ev, hits, first))

    def _on_record(self, ev: Evidence, hits: list[Hit], named, field: str) -> Draft | None:
        """"Who wrote the Guardian's rundown of …?" (its author), "Which outlet published the article …?" (its
        source): that field of the record of the best-matching story that names what the question names, with
        that story's best sentence; none known, the question goes on as asked."""
        top = next((s for s in ev.sentences if named(s.hit)), None)
        value = getattr(hits[top.hit].ref, field) if top is not None else ""
        return self._with_lead(ev, hits, value, [top]) if top is not None and value else None

    def _nearly_with_a_strong_answer(self, plan: Plan, ev: Evidence, hits: list[Hit]) -> bool:
        """Evidence just under the bar still answers when a name of the asked kind stands out ("Which
        billionaire … board vote?" — "… for Sir Jim Ratcliffe as he seeks board vote" in a headline).
        Measured over 600 questions of eight sets: between 0.9 × the bar and the bar, a candidate scoring 0.7 or
        more was right once and never wrong; at 0.3 or more it was wrong or not in the sources 3 times in 5."""
        if plan.language != "en" or plan.answer_type not in TYPED or ev.score < NEARLY * self.threshold:
            return False
        best = self.short.best(plan.answer_type, plan.search_query, ev, hits)
        return best is not None and best.score >= STRONG_CANDIDATE

    @staticmethod
    def _phrase(plan: Plan, first: Sentence) -> str:
        """The phrase of the answering sentence a what/how/why question asks for (English questions)."""
        return display(phrase_lead(plan.search_query, first.text)) if plan.language == "en" else ""

    def _decline(self, ev: Evidence) -> Draft:
        return Draft("", abstained=True, evidence=ev.score, backend=self.name)

    def _with_lead(self, ev: Evidence, hits: list[Hit], lead: str, sentences: list[Sentence]) -> Draft:
        if not lead and len(sentences) == 1 and sentences[0].index == HEADLINE and ev.weights and \
                restates(sentences[0], ev.question_stems):
            return self._decline(ev)  # a headline restating the question ("McRae reveals hidden message …")
        text = " ".join(f"{s.text.strip()} [{s.hit + 1}]" for s in sentences)
        return Draft(text, evidence=ev.score, backend=self.name, short_answer=lead)

    def _date(self, plan: Plan, ev: Evidence, hits: list[Hit]) -> Draft:
        """A date in the text that states it, or else the publication date of the report."""
        pool = ev.sentences
        if plan.followup == "when" and plan.given:  # "When was that?": the date of what was just said
            given = {" ".join(g.split()) for g in plan.given}
            said = [s for s in ev.sentences if " ".join(s.text.split()) in given]
            pool = said or pool
        focus = _ranked(ev, pool)
        first = pool[0]
        published = hits[first.hit].published
        # "When was the article … published?" asks the report's date, never one its text gives
        report = asks_report_date(plan.search_query)
        cand = None if report else self.short.best("date", plan.search_query, focus, hits)
        if cand is not None and year_for_day(plan.search_query, cand.text):
            cand = None  # "On what date did he testify?": "2021" is no day
        if cand is not None and cand.sentence is not None and cand.score >= 0.25 and \
                not another_party(plan.search_query, cand.sentence, ev.sentences):
            lead = localized_date(display(cand.text), plan.language)
            if meant := resolved(cand.text, hits[cand.hit].published, cand.sentence.text):  # "Tuesday (2025-04-01)"
                lead = f"{lead} ({localized_date(meant, plan.language)})"
            return self._with_lead(ev, hits, lead, self.support.of_candidate(focus, cand))
        event = "" if report else event_of_question(asking_part(plan.search_query))
        if not report and not tells_event(event, first.stems | first.context):
            return self._decline(ev)  # no date of what is asked, and the best match is about something else
        # the report's date dates what it tells, not a meeting it says *will* be ("He will also meet Putin …"),
        # nor (across languages) another meeting than the one asked about
        later = any(tells_event(event, {stem(m.group(1))}) for m in _FUTURE.finditer(first.text)) if event else \
            plan.language != "en" and bool(_FUTURE.search(first.text))  # (across languages the event is unknown)
        later = later or bool(_FUTURE.search(first.text) and _ASKS_FUTURE.search(plan.search_query))  # "… to meet …?"
        if published is not None and not later and ev.names_all_printed(first.text, hits[first.hit].article_id):
            lead = say("date_of_report", plan.language, date=localized_date(published.isoformat(), plan.language))
            return self._with_lead(ev, hits, lead, [first])
        return self._decline(ev)  # "when …?" with no date in the text and an undated report: nothing says when

    def _list(self, plan: Plan, ev: Evidence, hits: list[Hit]) -> Draft:
        """Every supported item, each with the sentence that names it."""
        element = "person" if plan.followup == "who_else" else list_element(plan.search_query)
        if not element:
            return self._with_lead(ev, hits, "", self.support.companions(ev, hits, ev.sentences[0]))
        exclude = set()
        if plan.followup == "who_else":  # the people already named are not "else"
            named = " ".join((*plan.given, plan.standalone))
            exclude = {c.key for c in self.short.candidates("person", named, Evidence.of(named, []), [])}
            exclude |= {w.casefold() for w in re.findall(r"[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*", named)}
        cands = self.short.candidates(element, plan.search_query, ev, hits, exclude=exclude)
        if element == "person":  # "Which Chinese officials …": not the Ukrainian minister they met
            cands = [c for c in cands if holds_asked_role(c, plan.search_query, ev, plan.language)]
        fits = label_weights("list", plan.search_query) if plan.followup != "who_else" else {"PERSON": 1.0}
        cands = [c for c in cands if fits.get(c.label, 0.0) >= 0.9]  # items of the very type listed, no near-fits
        if set(focus_stems(plan.search_query)) & {"countri", "nation"}:  # "which countries": not Beijing for China
            cands = [c for c in cands if is_country(c.text)]
        if element != "person":  # "which companies *supply dual-use goods*": the item's sentence says so, or
            # lists it among the kind asked for ("dozens of countries, including Russia and the U.S.")
            cands = [c for c in cands if c.sentence is not None and (self.short.says_what_is_asked(
                c.sentence, ev, plan.search_query, kin=True) or listed_as_kind(c.sentence.text, c.text,
                                                                                plan.search_query))]
        floor = 0.35 * cands[0].score if cands else 0.0
        items = [c for c in cands if c.sentence is not None and c.score >= floor][: self.max_list]
        for s in ev.sentences[:2]:  # "the Donetsk and Luhansk regions", where the tagger saw one or none
            if s is ev.sentences[0] or self.short.says_what_is_asked(s, ev, plan.search_query):
                items += [Candidate(n, key_of(n), "LISTED", s.score, s, s.hit) for n in listed_before_kind(
                    s.text, plan.search_query) if key_of(n) not in {x.key for x in items}][: self.max_list]
        if not items:  # a list of people, places or organisations, and none is named: nothing to list
            return self._decline(ev)
        first = {id(c.sentence): i for i, c in reversed(list(enumerate(items)))}  # a sentence's items as it names them
        items.sort(key=lambda c: (first[id(c.sentence)], c.sentence.text.find(c.text)))
        return self._listed(ev, hits, [(display(c.text), c.sentence) for c in items])

    def _listed(self, ev: Evidence, hits: list[Hit], items: list[tuple[str, Sentence]]) -> Draft:
        """A list answer: the items joined as the lead ("A, B and C"), then the sentence naming each, once."""
        sentences: list[Sentence] = []
        for _, sentence in items:
            if sentence not in sentences:
                sentences.append(sentence)
        names = [name for name, _ in items]
        lead = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return self._with_lead(ev, hits, lead, sentences[: max(self.max_sentences, self.max_list)])


def _ranked(ev: Evidence, pool: list[Sentence]) -> Evidence:
    """The same evidence with its sentences in another order of preference."""
    return replace(ev, sentences=pool)

