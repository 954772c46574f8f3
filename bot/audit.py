"""Log lines for operators: one structured line per question and per admin action, and the log set-up
(LOG_FORMAT=text for people, json for log shippers).

A question's line says who asked (a keyed hash of the user id, never the id or the text), where (chat
type), how long the question was, how long answering took, what was retrieved and cited, whether the
bot declined, which backend answered and what went wrong — enough to follow a complaint without
keeping what people asked.

    >>> audit("question", chat_type="private", user="3f2a9c", chars=46, abstained=False)   # doctest: +SKIP
    INFO citebot.audit: question chat_type=private user=3f2a9c chars=46 abstained=false
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime
from typing import Any

from retrieval import Answer

log = logging.getLogger("citebot.audit")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def user_hash(user_id: int | None, key: str) -> str:
    """A stable pseudonym for a user id: keyed (with the bot token), so ids cannot be recovered by trying them."""
    if user_id is None:
        return "-"
    return hmac.new(key.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:12]


def _value(v: Any) -> str:
    if v is None or v == "" or v == []:
        return "-"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:.0f}"
    if isinstance(v, list | tuple):
        return ",".join(str(x) for x in v)
    text = str(v)
    return json.dumps(text, ensure_ascii=False) if any(c.isspace() or c in '"=' for c in text) else text


def audit(event: str, **fields: Any) -> None:
    """One INFO line: `event k=v …` as text; the same fields as JSON keys under LOG_FORMAT=json."""
    log.info("%s %s", event, " ".join(f"{k}={_value(v)}" for k, v in fields.items()),
             extra={"audit": {"event": event, **fields}})


def answer_fields(answer: Answer | None) -> dict[str, Any]:
    """What an answer adds to its question's line."""
    if answer is None:
        return {}
    return {"intent": answer.intent, "language": answer.language, "backend": answer.backend,
            "abstained": answer.abstained, "retrieved": [h.chunk_id for h in answer.hits],
            "cited": [c.article_id for c in answer.citations],
            "engine_ms": round(answer.timings.get("total_ms", 0.0), 1), "error": answer.problem or None}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and an audit line's fields as keys."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "audit", None) or {}
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name,
            "message": fields["event"] if fields else record.getMessage(),  # an audit line's fields are keys
        }
        data.update(fields)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def setup_logging(log_format: str = "text", level: int = logging.INFO) -> None:
    """Log to stderr as text or JSON lines (LOG_FORMAT); replaces any handler set up before."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
