"""The answer chain: plan → retrieve → generate (a backend) → verify citations → Answer.

One path for every front end: `stream()` runs the steps and yields draft text while a model writes,
then the checked Answer; `answer()` consumes `stream()`; `chain` is the same steps as langchain-core
runnables (`pipeline.chain.invoke({"question": …})`), for LangChain users who trace or batch it.
The steps pass a typed `Work` record, not a dict.

Usage:
    >>> pipeline = AnswerPipeline(searcher, make_backend(settings), settings, library)   # doctest: +SKIP
    >>> answer = pipeline.answer("What did he tell Shoigu?", history=[Turn("Who is China's defense minister?",
    ...     "Dong Jun …")])                                                              # doctest: +SKIP
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from ..config import Settings
from ..index.search import HybridSearcher, Preference
from ..messages import languages, say
from ..models import Answer, Filters, Hit, SourceRef, Turn
from ..text.spelling import mended, slips
from ..text.truecase import truecased
from ..text.words import content_stems
from .aspects import cover
from .backends import Backend, BackendError, Draft
from .bridge import described, split, with_name
from .citations import CitationVerifier
from .extractive import ExtractiveBackend
from .leads import display
from .pages import page_details
from .passages import Search, by_outlet, read_in_scope, with_events
from .plan import Plan, Planner
from .timescope import told_in_text

log = logging.getLogger("citebot.answer")
STRONG_EVIDENCE_MARGIN = 0.25  # above the abstain threshold by this much, the sources answer without a model


@dataclass
class StreamEvent:
    """`delta`: more draft text (unverified, for live display); `answer`: the final, checked Answer."""

    kind: str
    text: str = ""
    answer: Answer | None = None


@dataclass
class Work:
    """What the steps hand each other."""

    plan: Plan
    k: int
    hits: list[Hit] = field(default_factory=list)
    nearest: list[SourceRef] = field(default_factory=list)
    draft: Draft | None = None
    timings: dict[str, float] = field(default_factory=dict)


class _Outage:
    """Logs a model's failure once when it starts and once when it ends, not on every question."""

    def __init__(self):
        self.down = False
        self._lock = threading.Lock()  # questions answered at once must not both see the start of an outage

    def failed(self, backend: str, problem: str) -> None:
        with self._lock:
            was, self.down = self.down, True
        if not was:
            log.warning("the %s backend is failing: %s", backend, problem)

    def worked(self, backend: str) -> None:
        with self._lock:
            was, self.down = self.down, False
        if was:
            log.warning("the %s backend answers again", backend)


class AnswerPipeline:
    """Question (+ history, filters) → Answer whose every marker points to a supporting source."""

    def __init__(self, searcher: HybridSearcher, backend: Backend, extractive: ExtractiveBackend, settings: Settings,
                 describe_library: Callable[[str], str] = lambda language: ""):
        self.searcher = searcher
        self.backend = backend  # may be `extractive` itself
        self.extractive = extractive  # the evidence gate and the fallback of every other backend
        self.settings = settings
        self.describe_library = describe_library
        self.verifier = CitationVerifier()
        self.planner = Planner(backend.condense, self.extractive.rules, library=searcher.corpus.profile)
        self.outage = _Outage()

    # --- steps ---------------------------------------------------------------------------------
    def plan(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
             now: date | None = None, language: str | None = None) -> Plan:
        return self.planner.plan(question, history, filters, now, language)

    def retrieve(self, plan: Plan, k: int | None = None, max_per_article: int | None = None) -> list[Hit]:
        """The passages a plan's answer is written from (also what evaluation ranks)."""
        if not plan.retrieves:
            return []
        k = k or self.settings.search_k
        cap = max_per_article or self.settings.max_chunks_per_article
        if plan.language != "en" and self.searcher.multilingual is not None:
            # across languages the answer is chosen sentence by sentence by meaning, which finds it in a
            # wider pool than the fused ranking's first few passages (cross-lingual set: the answering
            # article's sentence first for 36 → 38 of 42)
            k, cap = k * 2, cap + 2
        pool, weight = self.settings.search_aspect_pool, self.settings.search_aspect_weight
        if not (plan.aspects and weight > 0) and not plan.days:
            return with_events(plan, self._ranked(plan, k, cap), self._search(plan, k, cap))
        # A question of several clauses: the articles re-chosen to cover each clause, from a pool as deep
        # whatever k is asked (so the answer's 6 passages and evaluation's 10 articles agree). Then, after
        # the first, the articles (of the outlets it names) published on a day the question names.
        hits = self._ranked(plan, max(k, pool), max(cap, 2))
        by_article: dict[str, list[Hit]] = {}
        for h in hits:
            by_article.setdefault(h.article_id, []).append(h)
        order = cover(hits, plan.aspects, weight) if plan.aspects and weight > 0 else list(by_article)
        if plan.days:
            dated = {a for a, hs in by_article.items() if hs[0].published in plan.days and (
                not plan.outlets or hs[0].source in plan.outlets)}
            order = order[:1] + [a for a in order[1:] if a in dated] + [a for a in order[1:] if a not in dated]
        return with_events(plan, [h for a in order for h in by_article[a][:cap]][:k], self._search(plan, k, cap))

    def _search(self, plan: Plan, k: int, cap: int) -> Search:
        """A search as the plan prefers: filters, query, k and passages per article default to the plan's."""
        def search(filters: Filters | None = None, query: str | None = None, k: int = k, cap: int = cap) -> list[Hit]:
            return self.searcher.search(plan.search_query if query is None else query, k=k, max_per_article=cap,
                                        filters=plan.filters if filters is None else filters, prefer=plan.prefer,
                                        language=plan.language)

        return search

    def _ranked(self, plan: Plan, k: int, cap: int) -> list[Hit]:
        search = self._search(plan, k, cap)
        if plan.outlets:
            return by_outlet(plan, search, k, cap)
        if not (plan.followup and plan.focus_articles):
            return read_in_scope(plan, search(plan.filters), search)
        # A follow-up that continues the last answer: the passages it quoted, then the rest of its articles,
        # and only if those hold nothing, the library at large.
        hits = search(replace(plan.filters, articles=list(plan.focus_articles))) or search(plan.filters)
        have = {h.chunk_id for h in hits}
        said = [h for cid, h in self.searcher.lexical.get_hits(list(plan.given_chunks)).items() if cid not in have]
        for h in said:
            h.score = 1.0
        return said + hits

    def _retrieve(self, work: Work) -> None:
        t = time.perf_counter()
        plan = work.plan
        if plan.period is not None and not self._period_has_articles(plan):
            hits = self.retrieve(plan, work.k)
            if told_in_text(plan.period, plan.search_query, hits):  # no report from then dates the event to it
                work.hits = hits
            elif hits and hits[0].published is None:  # … or the best report is undated: it may be from then
                work.hits = [h for h in hits if h.published is None]
            else:  # an explicit period that holds nothing: say so, and offer the nearest articles
                nearest = self.searcher.search(plan.search_query, k=work.k, filters=plan.filters,
                                               prefer=Preference(plan.period.since, plan.period.until,
                                                                 half_life_days=180.0, weight=3.0),
                                               language=plan.language)
                work.nearest = list({h.article_id: h.ref for h in nearest}.values())[:3]
        else:
            work.hits = self.retrieve(plan, work.k)
            # the period's articles answer it when they can — unless a passage dates the event to the period
            # itself ("In November, he made his way to Buenos Aires …" in a report of another month)
            if plan.period is not None and not told_in_text(plan.period, plan.search_query, work.hits):
                # (an undated report may be from then: "… have lived with war since 2022" in an undated story)
                work.hits = [h for h in work.hits if h.published is None or plan.period.holds(h.published)] \
                    or work.hits
        if work.hits and plan.language == "en":
            work.plan = as_printed(plan, work.hits)
        if work.hits:
            work.hits = page_details(work.plan, work.hits, self.searcher.store)
        work.timings["retrieve_ms"] = (time.perf_counter() - t) * 1000

    def _period_has_articles(self, plan: Plan) -> bool:
        assert plan.period is not None
        within = replace(plan.filters, since=plan.period.since, until=plan.period.until)
        found = self.searcher.lexical.filtered_passages(within, 1)
        return found is None or bool(found)  # None: more than one passage

    def _gate(self, plan: Plan, hits: list[Hit]) -> Draft | None:
        """Before asking a model: decline when the sources cover too little of the question."""
        ev = self.extractive.evidence(plan.search_query, hits, language=plan.language)
        if not hits or not self.extractive.supported(ev, plan.language):
            return Draft("", abstained=True, evidence=ev.score, backend=self.backend.name)
        return None

    def _sources_answer(self, plan: Plan, hits: list[Hit], note: str, problem: str = "") -> Draft:
        draft = self.extractive.generate(plan, hits)
        draft.note, draft.problem = note, problem
        return draft

    def _generate(self, work: Work) -> Iterator[str]:
        """Draft text pieces as a model writes them; leaves the Draft in `work.draft`."""
        t = time.perf_counter()
        plan, hits = work.plan, work.hits
        try:
            if self.backend is self.extractive:
                work.draft = self.extractive.generate(plan, hits)
                return
            weak = self._gate(plan, hits)
            if weak is not None:
                work.draft = weak
                return
            try:
                for item in self.backend.stream(plan, hits):
                    if isinstance(item, Draft):
                        work.draft = item
                    else:
                        yield item
                self.outage.worked(self.backend.name)
            except BackendError as exc:
                self.outage.failed(self.backend.name, str(exc))
                key = "llm_missing" if "llama-cpp-python" in str(exc) else "llm_unavailable"
                work.draft = self._sources_answer(plan, hits, key, str(exc))
        finally:
            work.timings["generate_ms"] = (time.perf_counter() - t) * 1000

    def _bridged(self, work: Work) -> None:
        """A question declined as asked that names someone by a deed another story tells ("The Chinese defence
        chief who told Shoigu … — where did he speak in June?"): the one described is found first, by the
        description's own search; then the question is asked again, the same way, with their name in place of
        "he", and the sentence that told who it is joins the answer as a source of its own."""
        plan = work.plan
        if work.draft is None or not work.draft.abstained or plan.language != "en" or plan.intent != "question" \
                or (bridge := split(plan.question)) is None:
            return  # (English only: the description's candidates are read by English rules)
        t = time.perf_counter()
        try:
            told = Work(self.plan(bridge.description, None, plan.filters, plan.now, plan.language), work.k)
            self._retrieve(told)
            if (who := described(self.extractive, told.plan.search_query, bridge, told.hits)) is None or \
                    who.sentence is None:
                return
            asked = Work(self.plan(with_name(bridge, display(who.text)), None, plan.filters, plan.now,
                                   plan.language), work.k)
            self._retrieve(asked)
            for _ in self._generate(asked) if asked.hits else ():
                pass
        finally:
            work.timings["bridge_ms"] = (time.perf_counter() - t) * 1000  # (spent whether or not it answers)
        if asked.draft is None or asked.draft.abstained:
            return
        passage = told.hits[who.hit]
        work.plan = replace(asked.plan, question=plan.question)
        # its passage cited by the number it already has among the answer's, else added after them
        number = next((i + 1 for i, h in enumerate(asked.hits) if h.chunk_id == passage.chunk_id), None)
        work.hits = asked.hits if number else [*asked.hits, passage]
        number = number or len(work.hits)
        work.draft = replace(asked.draft, text=f"{asked.draft.text} {who.sentence.text.strip()} [{number}]")

    def _finish(self, work: Work) -> Answer:
        t = time.perf_counter()
        plan, hits = work.plan, work.hits
        answer = Answer(question=plan.question, text="", standalone_question=plan.standalone, intent=plan.intent,
                        answer_type=plan.answer_type, language=plan.language, hits=hits, nearest=work.nearest,
                        plan=plan)
        if plan.intent in ("small_talk", "about_bot"):
            answer.text = self._own_words(plan)
            answer.backend = "none"
            answer.timings = dict(work.timings)
            return answer
        draft = work.draft or Draft("", abstained=True, backend=self.backend.name)
        checked = None
        if not draft.abstained:
            checked = self.verifier.verify(draft.text, hits)
            if checked.empty and draft.backend != self.extractive.name:
                # Nothing the model wrote survived the check: answer from the sources themselves.
                draft = self._sources_answer(plan, hits, "llm_unsupported",
                                             f"the {draft.backend} answer was not supported by the sources")
                checked = self.verifier.verify(draft.text, hits) if not draft.abstained else None
        elif draft.backend != self.extractive.name and hits:
            # The model declined; when the sources plainly answer, say what they say.
            strong = self.extractive.generate(plan, hits)
            if not strong.abstained and (plan.language != "en" or
                                         strong.evidence >= self.settings.abstain_threshold + STRONG_EVIDENCE_MARGIN):
                draft = strong
                draft.note = "llm_declined"
                checked = self.verifier.verify(draft.text, hits)
        answer.backend = draft.backend
        answer.note = say(draft.note, plan.language) if draft.note else ""
        answer.problem = draft.problem
        if checked is not None and not checked.empty:
            answer.text, answer.citations = checked.text, self._with_alternates(checked.citations)
            answer.short_answer = draft.short_answer
        if not answer.citations:
            answer.abstained, answer.citations, answer.short_answer = True, [], ""
            answer.text = self._decline(plan, work)
            if draft.note == "no_verdict":  # the reports near it are the reader's to judge
                answer.text, answer.note = say("no_verdict", plan.language), ""
                answer.nearest = list({hits[i].article_id: hits[i].ref for i in draft.nearest}.values())
        work.timings["verify_ms"] = (time.perf_counter() - t) * 1000
        answer.timings = dict(work.timings)
        return answer

    def _with_alternates(self, citations: list) -> list:
        """Each source with the other outlets that ran the same story (syndicated copies folded at ingest)."""
        records = self.searcher.store.get_articles(sorted({c.article_id for c in citations}))
        for c in citations:
            rec = records.get(c.article_id)
            outlets = [a.get("source") or a.get("title") or "" for a in (rec.alternates if rec else [])]
            c.also = tuple(dict.fromkeys(o for o in outlets if o and o != c.source))
        return citations

    def _decline(self, plan: Plan, work: Work) -> str:
        if work.nearest and plan.period is not None:
            return say("nothing_in_period", plan.language, period=plan.period.phrase.strip() or "that period")
        if plan.language == "en" or plan.language not in languages():  # English: the configured message
            return self.settings.abstain_message
        return say("abstain", plan.language)

    def _own_words(self, plan: Plan) -> str:
        if plan.intent == "about_bot":
            return self.describe_library(plan.language)
        from .intent import small_talk_kind

        return say(small_talk_kind(plan.question), plan.language)

    # --- entry points ----------------------------------------------------------------------------
    def stream(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
               now: date | None = None, k: int | None = None, language: str | None = None) -> Iterator[StreamEvent]:
        """Draft text as the model writes it, then the verified Answer (always the last event)."""
        t = time.perf_counter()
        p = time.perf_counter()
        work = Work(self.plan(question, history, filters, now, language), k or self.settings.search_k)
        work.timings["plan_ms"] = (time.perf_counter() - p) * 1000
        if work.plan.retrieves:
            self._retrieve(work)
            if work.hits:
                for piece in self._generate(work):
                    yield StreamEvent("delta", piece)
            self._bridged(work)
        answer = self._finish(work)
        answer.timings["total_ms"] = (time.perf_counter() - t) * 1000
        yield StreamEvent("answer", answer=answer)

    def answer(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
               now: date | None = None, k: int | None = None, language: str | None = None) -> Answer:
        for event in self.stream(question, history, filters, now, k, language):
            if event.answer is not None:
                return event.answer
        raise AssertionError("the answer stream ended without an answer")  # pragma: no cover

    @cached_property
    def chain(self):
        """The same steps as langchain-core runnables: {question, history?, filters?, now?, k?} → Answer."""
        from langchain_core.runnables import RunnableLambda

        def plan_step(inputs: dict) -> Work:
            plan = self.plan(inputs["question"], inputs.get("history"), inputs.get("filters"), inputs.get("now"),
                             inputs.get("language"))
            return Work(plan, inputs.get("k") or self.settings.search_k)

        def retrieve_step(work: Work) -> Work:
            if work.plan.retrieves:
                self._retrieve(work)
            return work

        def generate_step(work: Work) -> Work:
            if work.hits:
                for _ in self._generate(work):
                    pass
            self._bridged(work)
            return work

        return (RunnableLambda(plan_step, name="plan") | RunnableLambda(retrieve_step, name="retrieve")
                | RunnableLambda(generate_step, name="generate") | RunnableLambda(self._finish, name="verify"))


def as_printed(plan: Plan, hits: list[Hit]) -> Plan:
    """The plan's question as its sources print its words: typing slips mended ("speek" → "speak") and, when
    typed all in lower case, its names capitalised ("what date is wang yi meeting putin") — the answering rules
    read both. A well-formed question (capitals, no slip) is left as it is, at no cost."""
    questions = {plan.standalone, plan.search_query}
    if not any(slips(q) for q in questions) and all(any(c.isupper() for c in q[1:]) for q in questions):
        return plan
    printed = " ".join(f"{h.headline} {h.text}" for h in hits)
    stems = set(content_stems(printed))
    names_printed = Counter(w.casefold() for w in re.findall(r"\b[A-Z][^\W\d_]{3,}", printed))
    names = [(h.text[a:b], label) for h in hits for a, b, label in h.entities]
    texts = [h.text for h in hits]

    read = {q: truecased(mended(q, stems, names_printed), names, texts) for q in questions}
    return replace(plan, standalone=read[plan.standalone], search_query=read[plan.search_query])
