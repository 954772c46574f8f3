"""citebot's engine: load, clean, chunk, embed, store, search, answer, evaluate.

The public API — the only names front ends import. Names are loaded on first use, so importing
`retrieval` (and `citebot --help`) costs almost nothing:

    >>> from retrieval import Engine, Filters, load_settings
    >>> engine = Engine(load_settings())                               # doctest: +SKIP
    >>> engine.ingest(["seeds/"])                                      # doctest: +SKIP
    >>> engine.answer("Where did Dong Jun call for talks?").text       # doctest: +SKIP

The layout follows a question: `ingest/` (files and pages → articles → passages), `index/` (Chroma,
the tantivy index, the corpus that keeps them in step, search), `answer/` (plan, backends,
citations, the chain), `evaluation/`, `text/` (words, sentences, languages, injections).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Answer": "models", "Article": "models", "Chunk": "models", "Citation": "models", "Filters": "models",
    "Hit": "models", "SourceRef": "models", "Turn": "models", "RelatedStory": "models",
    "CitebotError": "errors",
    "ConfigError": "config", "Settings": "config", "load_settings": "config", "BACKENDS": "config",
    "Engine": "engine", "Stats": "engine",
    "StreamEvent": "answer.chain", "Plan": "answer.plan",
    "IngestReport": "ingest.sync", "parse_date": "ingest.loaders",
    "LockTimeout": "index.locks", "StoreError": "index.store",
    "METRICS": "evaluation", "Evaluator": "evaluation", "Report": "evaluation", "EvalFormatError": "evaluation",
    "feedback_to_questions": "evaluation", "format_table": "evaluation", "load_questions": "evaluation",
    "read_feedback_log": "evaluation", "split_for_review": "evaluation",
    "say": "messages", "choose_language": "messages", "languages": "messages", "localized_date": "messages",
    "plural": "messages", "detect_language": "text.language", "small_talk_kind": "answer.intent",
    "LibraryProfile": "library", "date_span": "library", "examples": "library", "facts": "library",
    "profile": "library",
}

__all__ = [
    "BACKENDS",
    "METRICS",
    "Answer",
    "Article",
    "Chunk",
    "Citation",
    "CitebotError",
    "ConfigError",
    "Engine",
    "EvalFormatError",
    "Evaluator",
    "Filters",
    "Hit",
    "IngestReport",
    "LibraryProfile",
    "LockTimeout",
    "Plan",
    "RelatedStory",
    "Report",
    "Settings",
    "SourceRef",
    "Stats",
    "StoreError",
    "StreamEvent",
    "Turn",
    "choose_language",
    "date_span",
    "detect_language",
    "examples",
    "facts",
    "feedback_to_questions",
    "format_table",
    "languages",
    "load_questions",
    "load_settings",
    "localized_date",
    "parse_date",
    "plural",
    "profile",
    "read_feedback_log",
    "say",
    "small_talk_kind",
    "split_for_review",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'retrieval' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from .answer.chain import StreamEvent
    from .answer.intent import small_talk_kind
    from .answer.plan import Plan
    from .config import BACKENDS, ConfigError, Settings, load_settings
    from .engine import Engine, Stats
    from .errors import CitebotError
    from .evaluation import (
        METRICS,
        EvalFormatError,
        Evaluator,
        Report,
        feedback_to_questions,
        format_table,
        load_questions,
        read_feedback_log,
        split_for_review,
    )
    from .index.locks import LockTimeout
    from .index.store import StoreError
    from .ingest.loaders import parse_date
    from .ingest.sync import IngestReport
    from .library import LibraryProfile, date_span, examples, facts, profile
    from .messages import choose_language, languages, localized_date, plural, say
    from .models import Answer, Article, Chunk, Citation, Filters, Hit, RelatedStory, SourceRef, Turn
    from .text.language import detect_language
