"""Passage sentences that talk to a model are data, never evidence (placeholder: replaced by the guard)."""

from __future__ import annotations

import re

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions|prompts?|rules|previous|above)\b"
    r"|\b(system prompt|you are (now )?(an? )?(ai|assistant|chatbot|language model))\b"
    r"|\b(as an ai|jailbreak|developer mode)\b",
    re.IGNORECASE,
)


def is_injection(sentence: str) -> bool:
    return bool(_INJECTION.search(sentence))
