"""The answer chain, built from langchain-core runnables:

    condense follow-up → time scope → retrieve → generate (backend) → verify citations → Answer

Each step is a small method; the chain is their composition, so a LangChain user can take
`pipeline.chain` and `.invoke({...})` it, `.batch()` it, or trace it like any runnable.

Usage:
    >>> pipeline = AnswerPipeline(searcher, make_backend(settings), settings)   # doctest: +SKIP
    >>> answer = pipeline.answer("What did he tell Shoigu?", history=[Turn("Who is China's defense minister?",
    ...     "Dong Jun …")])                                                         # doctest: +SKIP
    >>> answer.text, [c.title for c in answer.citations]                          # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from .citations import CitationVerifier
from .config import Settings
from .extractive import Draft, ExtractiveBackend
from .followup import RuleCondenser, Turn
from .llm import BackendError, LLMBackend
from .models import Answer, Filters, Hit
from .search import HybridSearcher
from .timefilter import TimeScope, parse_time_scope


@dataclass
class StreamEvent:
    """`delta`: more draft text (unverified, for live display); `answer`: the final, checked Answer."""

    kind: str
    text: str = ""
    answer: Answer | None = None


def merge_filters(user: Filters | None, scope: TimeScope) -> Filters:
    f = replace(user) if user else Filters()
    if scope.since and (f.since is None or scope.since > f.since):
        f.since = scope.since
    if scope.until and (f.until is None or scope.until < f.until):
        f.until = scope.until
    return f


class AnswerPipeline:
    """Question (+ history, filters) → Answer whose every marker points to a supporting source."""

    def __init__(self, searcher: HybridSearcher, backend, settings: Settings):
        self.searcher = searcher
        self.backend = backend
        self.settings = settings
        self.extractive = (
            backend if isinstance(backend, ExtractiveBackend)
            else ExtractiveBackend(settings.answer_max_sentences, settings.abstain_threshold)
        )
        self.verifier = CitationVerifier()
        self.rules = RuleCondenser()
        self.chain: Runnable = (
            RunnablePassthrough.assign(standalone=RunnableLambda(self._condense, name="condense"))
            | RunnablePassthrough.assign(scope=RunnableLambda(self._scope, name="time_scope"))
            | RunnablePassthrough.assign(hits=RunnableLambda(self._retrieve, name="retrieve"))
            | RunnablePassthrough.assign(draft=RunnableLambda(self._generate, name="generate"))
            | RunnableLambda(self._finish, name="verify_citations")
        )

    # --- steps ---------------------------------------------------------------------------------
    @staticmethod
    def _timed(state: dict[str, Any], key: str, started: float) -> None:
        state["timings"][key] = (time.perf_counter() - started) * 1000

    def _condense(self, state: dict[str, Any]) -> str:
        t = time.perf_counter()
        question, history = state["question"], state.get("history") or []
        standalone = question
        if history:
            if isinstance(self.backend, LLMBackend):
                try:
                    standalone = self.backend.condense(question, history)
                except BackendError:
                    standalone = self.rules.condense(question, history)
            else:
                standalone = self.rules.condense(question, history)
        self._timed(state, "condense_ms", t)
        return standalone

    def _scope(self, state: dict[str, Any]) -> TimeScope:
        return parse_time_scope(state["standalone"], state.get("now"))

    def _retrieve(self, state: dict[str, Any]) -> list[Hit]:
        t = time.perf_counter()
        scope: TimeScope = state["scope"]
        filters = merge_filters(state.get("filters"), scope)
        state["effective_filters"] = filters
        hits = self.searcher.search(scope.question or state["standalone"], k=state.get("k") or self.settings.search_k,
                                    filters=filters)
        self._timed(state, "retrieve_ms", t)
        return hits

    def _generate(self, state: dict[str, Any]) -> Draft:
        t = time.perf_counter()
        question, hits = state["scope"].question or state["standalone"], state["hits"]
        try:
            return self._draft(question, hits, state.get("backend") or self.backend)
        finally:
            self._timed(state, "generate_ms", t)

    def _abstain_if_weak(self, question: str, hits: list[Hit], backend) -> Draft | None:
        """Before asking a model: a Draft that declines when the sources cover too little of the question."""
        evidence, _ = self.extractive.evidence(question, hits)
        if not hits or evidence < self.settings.abstain_threshold:
            return Draft("", abstained=True, evidence=evidence, backend=backend.name)
        return None

    def _draft(self, question: str, hits: list[Hit], backend) -> Draft:
        if backend is self.extractive:  # it applies the same evidence threshold itself
            return self.extractive.generate(question, hits)
        weak = self._abstain_if_weak(question, hits, backend)
        if weak is not None:
            return weak
        try:
            return backend.generate(question, hits)
        except BackendError as exc:
            return self._fallback(question, hits, str(exc))

    def _fallback(self, question: str, hits: list[Hit], why: str) -> Draft:
        draft = self.extractive.generate(question, hits)
        draft.note = f"{why}; showing an extractive answer instead."
        return draft

    def _finish(self, state: dict[str, Any]) -> Answer:
        t = time.perf_counter()
        draft: Draft = state["draft"]
        hits: list[Hit] = state["hits"]
        answer = Answer(question=state["question"], text="", standalone_question=state["standalone"],
                        backend=draft.backend, note=draft.note, hits=hits)
        if not draft.abstained:
            checked = self.verifier.verify(draft.text, hits)
            if checked.empty and draft.backend != self.extractive.name:
                # Nothing the model wrote survived the check: answer from the sources themselves.
                draft = self._fallback(state["scope"].question or state["standalone"], hits,
                                       f"the {draft.backend} answer was not supported by the sources")
                answer.note, answer.backend = draft.note, draft.backend
                checked = self.verifier.verify(draft.text, hits) if not draft.abstained else checked
            if not checked.empty:
                answer.text, answer.citations = checked.text, checked.citations
        if not answer.citations:
            answer.text, answer.abstained, answer.citations = self.settings.abstain_message, True, []
        self._timed(state, "verify_ms", t)
        answer.timings = dict(state["timings"])
        return answer

    # --- entry points ----------------------------------------------------------------------------
    def _state(self, question: str, history, filters, now, k, backend=None) -> dict[str, Any]:
        return {"question": question.strip(), "history": list(history or []), "filters": filters, "now": now,
                "k": k, "backend": backend, "timings": {}}

    def answer(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
               now: date | None = None, k: int | None = None) -> Answer:
        t = time.perf_counter()
        state = self._state(question, history, filters, now, k)
        answer = self.chain.invoke(state)
        answer.timings["total_ms"] = (time.perf_counter() - t) * 1000
        return answer

    def stream(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
               now: date | None = None, k: int | None = None) -> Iterator[StreamEvent]:
        """Draft text as the model writes it, then the verified Answer (always the last event)."""
        t = time.perf_counter()
        state = self._state(question, history, filters, now, k)
        state["standalone"] = self._condense(state)
        state["scope"] = self._scope(state)
        state["hits"] = self._retrieve(state)
        q, hits = state["scope"].question or state["standalone"], state["hits"]
        g = time.perf_counter()
        if isinstance(self.backend, LLMBackend):
            weak = self._abstain_if_weak(q, hits, self.backend)
            if weak is not None:
                state["draft"] = weak
            else:
                pieces: list[str] = []
                try:
                    for piece in self.backend.stream(q, hits):
                        pieces.append(piece)
                        yield StreamEvent("delta", piece)
                    state["draft"] = self.backend._draft("".join(pieces).strip())
                except BackendError as exc:
                    state["draft"] = self._fallback(q, hits, str(exc))
        else:
            state["draft"] = self._draft(q, hits, self.backend)
        self._timed(state, "generate_ms", g)
        answer = self._finish(state)
        answer.timings["total_ms"] = (time.perf_counter() - t) * 1000
        yield StreamEvent("answer", answer=answer)
