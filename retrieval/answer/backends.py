"""Answer backends behind one interface, chosen by name (ANSWER_BACKEND, listed once in Settings).

- `extractive` — the embedded default: it answers with the sources' own sentences (extractive.py).
- `openai` — any OpenAI-compatible server: OpenAI, vLLM, llama.cpp's server, LM Studio, Ollama's /v1.
- `ollama` — Ollama's native API.
- `llamacpp` — a local GGUF file through llama-cpp-python (an optional extra; never installed by default).

An LLM backend wraps a LangChain chat model: prompt files in, a draft with `[n]` markers out. Every
call has a deadline; a late, failed or empty reply raises `BackendError`, on which the answer chain
falls back to the extractive answer.

Usage:
    >>> extractive = ExtractiveBackend()                                              # doctest: +SKIP
    >>> make_backend(load_settings(answer_backend="extractive"), extractive).name     # doctest: +SKIP
    'extractive'
"""

from __future__ import annotations

import concurrent.futures as cf
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..config import ConfigError, Settings
from ..errors import CitebotError
from ..models import Hit, Turn
from ..text.injection import is_injection
from .prompts import Prompts

if TYPE_CHECKING:
    from .plan import Plan

NOT_IN_SOURCES = "NOT_IN_SOURCES"
_POOL = cf.ThreadPoolExecutor(max_workers=8, thread_name_prefix="llm")


class BackendError(CitebotError):
    """The model server failed, timed out or answered nothing usable; the message is technical."""


@dataclass
class Draft:
    """A backend's answer before citation checking; markers are 1-based hit numbers."""

    text: str
    abstained: bool = False
    evidence: float = 0.0  # how well the sources cover the question, 0..1
    backend: str = ""
    short_answer: str = ""  # the lead (a name, number, date), when the backend found one
    note: str = ""  # a message key for people (see retrieval.messages), e.g. "llm_unavailable"
    problem: str = ""  # the technical reason, for logs
    nearest: tuple[int, ...] = ()  # a decline's nearest reading: 0-based hits (a yes/no no sentence settles)


class Backend(Protocol):
    """What the answer chain needs from any way of writing an answer."""

    name: str
    can_stream: bool

    def generate(self, plan: Plan, hits: list[Hit]) -> Draft: ...

    def stream(self, plan: Plan, hits: list[Hit]) -> Iterator[str | Draft]:
        """Text pieces as they are written, then the Draft (always the last item)."""
        ...

    def condense(self, question: str, history: list[Turn]) -> str: ...


def _escape(text: str) -> str:
    """Keep article text from closing the <source> block it sits in."""
    return text.replace("</source>", "</ source>").replace("<source", "< source")


def _guarded(hit: Hit) -> str:
    """The passage without sentences addressed to a model: article text is data, and the model never reads
    "SYSTEM: the assistant must state …" as an instruction."""
    sentences = hit.sentence_texts()
    if not any(is_injection(s) for s in sentences):
        return hit.text
    return " ".join(s if not is_injection(s) else "[…]" for s in sentences)


def format_sources(hits: list[Hit], prompts: Prompts) -> str:
    return "\n".join(
        prompts.render("source_block", number=i, title=_escape(h.headline), outlet=_escape(h.source or "unknown"),
                       date=h.published.isoformat() if h.published else "unknown", text=_escape(_guarded(h)))
        for i, h in enumerate(hits, 1)
    )


class LLMBackend:
    """A LangChain chat model asked with the answer prompts, under a deadline."""

    can_stream = True

    def __init__(self, name: str, model: Any, prompts: Prompts, timeout: float = 30.0, max_sentences: int = 3):
        self.name = name
        self.model = model
        self.prompts = prompts
        self.timeout = timeout
        self.max_sentences = max_sentences

    def messages(self, plan: Plan, hits: list[Hit]) -> list:
        from langchain_core.messages import HumanMessage, SystemMessage

        # Constant text first (the system prompt), so a server's prompt cache can reuse it.
        return [
            SystemMessage(self.prompts.render("answer_system", max_sentences=self.max_sentences)),
            HumanMessage(self.prompts.render("answer_user", sources=format_sources(hits, self.prompts),
                                             question=plan.search_query, language=plan.language)),
        ]

    def _invoke(self, messages: list) -> str:
        future = _POOL.submit(self.model.invoke, messages)
        try:
            reply = future.result(timeout=self.timeout)
        except cf.TimeoutError:
            future.cancel()
            raise BackendError(f"the {self.name} model did not answer within {self.timeout:g} s") from None
        except Exception as exc:
            raise BackendError(f"the {self.name} model failed: {type(exc).__name__}: {exc}") from None
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        return text.strip()

    def draft(self, text: str) -> Draft:
        """The model's reply as a Draft: NOT_IN_SOURCES is a decline, nothing at all is an error."""
        if not text:
            raise BackendError(f"the {self.name} model returned an empty answer")
        if NOT_IN_SOURCES in text[:40].upper().replace(" ", "_"):
            return Draft("", abstained=True, backend=self.name)
        return Draft(text, backend=self.name)

    def generate(self, plan: Plan, hits: list[Hit]) -> Draft:
        return self.draft(self._invoke(self.messages(plan, hits)))

    def stream(self, plan: Plan, hits: list[Hit]) -> Iterator[str | Draft]:
        deadline = time.monotonic() + self.timeout
        iterator = iter(self.model.stream(self.messages(plan, hits)))
        pieces: list[str] = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BackendError(f"the {self.name} model did not finish within {self.timeout:g} s")
            future = _POOL.submit(next, iterator, None)
            try:
                chunk = future.result(timeout=left)
            except cf.TimeoutError:
                raise BackendError(f"the {self.name} model did not finish within {self.timeout:g} s") from None
            except Exception as exc:
                raise BackendError(f"the {self.name} model failed: {type(exc).__name__}: {exc}") from None
            if chunk is None:
                break
            piece = chunk.content if isinstance(chunk.content, str) else ""
            if piece:
                pieces.append(piece)
                yield piece
        yield self.draft("".join(pieces).strip())

    def condense(self, question: str, history: list[Turn]) -> str:
        from langchain_core.messages import HumanMessage

        lines = []
        for t in history:
            lines.append(f"User: {t.resolved}")
            if t.answer:
                lines.append(f"Assistant: {t.answer}")
        text = self._invoke([HumanMessage(self.prompts.render("condense", history="\n".join(lines),
                                                              question=question))])
        line = text.strip().splitlines()[0].strip() if text.strip() else ""
        if not line or len(line) > 4 * len(question) + 200:
            raise BackendError("the condense step returned nothing usable")
        return line


def _llamacpp_chat_model(model_path: str, temperature: float):
    """A minimal LangChain chat model over llama-cpp-python (optional; loaded from a local file)."""
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import AIMessage
    from langchain_core.outputs import ChatGeneration, ChatResult

    class LlamaCppChat(BaseChatModel):
        model_path: str
        temperature: float = 0.0
        max_tokens: int = 400
        client: Any = None

        @property
        def _llm_type(self) -> str:
            return "llamacpp"

        def _generate(self, messages, stop=None, run_manager=None, **kwargs):
            if self.client is None:
                try:
                    from llama_cpp import Llama
                except ImportError as exc:
                    raise ConfigError("ANSWER_BACKEND=llamacpp needs llama-cpp-python: see the README "
                                      "(it compiles for minutes)") from exc
                self.client = Llama(model_path=self.model_path, n_ctx=4096, verbose=False)
            roles = {"system": "system", "human": "user", "ai": "assistant"}
            out = self.client.create_chat_completion(
                messages=[{"role": roles.get(m.type, "user"), "content": m.content} for m in messages],
                temperature=self.temperature, max_tokens=self.max_tokens, stop=stop,
            )
            text = out["choices"][0]["message"]["content"] or ""
            return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    return LlamaCppChat(model_path=model_path, temperature=temperature)


def chat_model(settings: Settings):
    """The LangChain chat model for an LLM backend name."""
    name = settings.answer_backend
    if name == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(model=settings.openai_model, base_url=settings.openai_base_url or None,
                          api_key=settings.openai_api_key or "not-needed", timeout=settings.llm_timeout,
                          max_retries=0, temperature=settings.llm_temperature)
    if name == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(model=settings.ollama_model, base_url=settings.ollama_base_url,
                          temperature=settings.llm_temperature, client_kwargs={"timeout": settings.llm_timeout})
    if name == "llamacpp":
        return _llamacpp_chat_model(settings.llamacpp_model_path, settings.llm_temperature)
    raise ConfigError(f"ANSWER_BACKEND={name!r} has no chat model")


def make_backend(settings: Settings, extractive: Backend, model: Any = None, prompts: Prompts | None = None) -> Backend:
    """The backend ANSWER_BACKEND names (`extractive` itself for the default); `model` replaces the chat
    model (tests, apps that bring their own)."""
    if settings.answer_backend == "extractive" and model is None:
        return extractive
    name = settings.answer_backend if settings.answer_backend != "extractive" else "custom"
    return LLMBackend(name, model or chat_model(settings), prompts or Prompts(settings.citebot_prompts_dir),
                      settings.llm_timeout, settings.answer_max_sentences)
