"""citebot's engine: load, clean, chunk, embed, store, search, answer, evaluate.

The public API — the only names front ends import:

    >>> from retrieval import Engine, Filters, load_settings
    >>> engine = Engine(load_settings())                               # doctest: +SKIP
    >>> engine.ingest(["seeds/"])                                      # doctest: +SKIP
    >>> engine.search("Xiangshan Forum", k=3, filters=Filters())       # doctest: +SKIP
"""

from .chain import StreamEvent
from .config import ConfigError, Settings, load_settings
from .engine import Engine, Stats
from .errors import CitebotError
from .evaluate import (
    METRICS,
    Evaluator,
    Report,
    feedback_to_questions,
    format_table,
    load_questions,
    read_feedback_log,
)
from .followup import Turn
from .ingest import IngestReport
from .loaders import parse_date
from .models import Answer, Article, Chunk, Citation, Filters, Hit

__all__ = [
    "METRICS",
    "Answer",
    "Article",
    "Chunk",
    "Citation",
    "CitebotError",
    "ConfigError",
    "Engine",
    "Evaluator",
    "Filters",
    "Hit",
    "IngestReport",
    "Report",
    "Settings",
    "Stats",
    "StreamEvent",
    "Turn",
    "feedback_to_questions",
    "format_table",
    "load_questions",
    "load_settings",
    "parse_date",
    "read_feedback_log",
]
