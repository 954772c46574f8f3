"""Answer backends behind one interface, chosen by name (ANSWER_BACKEND).

- `extractive` — the embedded default (see extractive.py).
- `openai` — any OpenAI-compatible server: OpenAI, vLLM, llama.cpp's server, LM Studio, Ollama's /v1.
- `ollama` — Ollama's native API.
- `llamacpp` — a local GGUF file through llama-cpp-python (an optional extra; never installed by default).

An LLM backend wraps a LangChain chat model: prompt files in, a draft with `[n]` markers out.
Every call has a deadline; a late, failed or empty reply raises `BackendError`, on which the
answer pipeline falls back to the extractive backend.

Usage:
    >>> backend = make_backend(load_settings(answer_backend="extractive"))
    >>> backend.name
    'extractive'
"""

from __future__ import annotations

import concurrent.futures as cf
import time
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from .config import ConfigError, Settings
from .errors import CitebotError
from .extractive import Draft, ExtractiveBackend
from .followup import Turn
from .models import Hit
from .prompts import render

NOT_IN_SOURCES = "NOT_IN_SOURCES"
_POOL = cf.ThreadPoolExecutor(max_workers=8, thread_name_prefix="llm")


class BackendError(CitebotError):
    """The model server failed, timed out or answered nothing usable."""


def _escape(text: str) -> str:
    """Keep article text from closing the <source> block it sits in."""
    return text.replace("</source>", "</ source>").replace("<source", "< source")


def format_sources(hits: list[Hit]) -> str:
    return "\n".join(
        render("source_block", number=i, title=_escape(h.title), outlet=_escape(h.source or "unknown"),
               date=h.published.isoformat() if h.published else "unknown", text=_escape(h.text))
        for i, h in enumerate(hits, 1)
    )


class LLMBackend:
    """A LangChain chat model asked with the answer prompts, under a deadline."""

    def __init__(self, name: str, model: BaseChatModel, timeout: float = 30.0, max_sentences: int = 3):
        self.name = name
        self.model = model
        self.timeout = timeout
        self.max_sentences = max_sentences

    def messages(self, question: str, hits: list[Hit]) -> list:
        return [
            SystemMessage(render("answer_system", max_sentences=self.max_sentences)),
            HumanMessage(render("answer_user", sources=format_sources(hits), question=question)),
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

    def _draft(self, text: str) -> Draft:
        if not text:
            raise BackendError(f"the {self.name} model returned an empty answer")
        if NOT_IN_SOURCES in text[:40].upper().replace(" ", "_"):
            return Draft("", abstained=True, backend=self.name)
        return Draft(text, backend=self.name)

    def generate(self, question: str, hits: list[Hit]) -> Draft:
        return self._draft(self._invoke(self.messages(question, hits)))

    def stream(self, question: str, hits: list[Hit]) -> Iterator[str]:
        """Yield text pieces as the model writes them; raise BackendError on a missed deadline."""
        deadline = time.monotonic() + self.timeout
        iterator = iter(self.model.stream(self.messages(question, hits)))
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
                return
            piece = chunk.content if isinstance(chunk.content, str) else ""
            if piece:
                yield piece

    def condense(self, question: str, history: list[Turn]) -> str:
        lines = []
        for t in history:
            lines.append(f"User: {t.resolved}")
            if t.answer:
                lines.append(f"Assistant: {t.answer}")
        text = self._invoke([HumanMessage(render("condense", history="\n".join(lines), question=question))])
        line = text.strip().splitlines()[0].strip() if text.strip() else ""
        if not line or len(line) > 4 * len(question) + 200:
            raise BackendError("the condense step returned nothing usable")
        return line


class LlamaCppChat(BaseChatModel):
    """A minimal LangChain chat model over llama-cpp-python (optional; loaded from a local file)."""

    model_path: str
    temperature: float = 0.0
    max_tokens: int = 400
    client: Any = None

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        from langchain_core.messages import AIMessage
        from langchain_core.outputs import ChatGeneration, ChatResult

        if self.client is None:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise ConfigError(
                    "ANSWER_BACKEND=llamacpp needs llama-cpp-python: see the README (it compiles for minutes)"
                ) from exc
            self.client = Llama(model_path=self.model_path, n_ctx=4096, verbose=False)
        roles = {"system": "system", "human": "user", "ai": "assistant"}
        out = self.client.create_chat_completion(
            messages=[{"role": roles.get(m.type, "user"), "content": m.content} for m in messages],
            temperature=self.temperature, max_tokens=self.max_tokens, stop=stop,
        )
        text = out["choices"][0]["message"]["content"] or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


def chat_model(settings: Settings) -> BaseChatModel:
    """The chat model for an LLM backend name."""
    name = settings.answer_backend
    if name == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.openai_model, base_url=settings.openai_base_url or None,
            api_key=settings.openai_api_key or "not-needed", timeout=settings.llm_timeout, max_retries=0,
            temperature=settings.llm_temperature,
        )
    if name == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(model=settings.ollama_model, base_url=settings.ollama_base_url,
                          temperature=settings.llm_temperature, client_kwargs={"timeout": settings.llm_timeout})
    if name == "llamacpp":
        return LlamaCppChat(model_path=settings.llamacpp_model_path, temperature=settings.llm_temperature)
    raise ConfigError(f"ANSWER_BACKEND={name!r} has no chat model")


BACKEND_NAMES = ("extractive", "openai", "ollama", "llamacpp")


def make_backend(settings: Settings, model: BaseChatModel | None = None):
    """The backend ANSWER_BACKEND names; `model` replaces the chat model (tests, embedding apps)."""
    extractive = ExtractiveBackend(settings.answer_max_sentences, settings.abstain_threshold)
    if settings.answer_backend == "extractive" and model is None:
        return extractive
    name = settings.answer_backend if settings.answer_backend != "extractive" else "custom"
    return LLMBackend(name, model or chat_model(settings), settings.llm_timeout, settings.answer_max_sentences)
