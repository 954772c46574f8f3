"""Every prompt is a text file in `prompts/`; this module only finds and fills them."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .errors import CitebotError

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "prompts"


def prompts_dir() -> Path:
    return Path(os.environ.get("CITEBOT_PROMPTS_DIR") or DEFAULT_DIR)


@lru_cache(maxsize=32)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load_prompt(name: str) -> str:
    path = prompts_dir() / f"{name}.txt"
    if not path.is_file():
        raise CitebotError(f"prompt file {path} is missing")
    return _read(path)


def render(name: str, **values: object) -> str:
    """Fill `{field}` slots; values are inserted as they are (str.format does not re-parse them)."""
    return load_prompt(name).format(**{k: "" if v is None else v for k, v in values.items()})
