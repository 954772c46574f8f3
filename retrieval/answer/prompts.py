"""Every prompt is a text file in the prompts folder (Settings: CITEBOT_PROMPTS_DIR); this module only
finds and fills them.

    >>> Prompts(DEFAULT_DIR).render("condense", history="User: hi", question="and him?").startswith("Rewrite")
    True
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import CitebotError

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "prompts"


@lru_cache(maxsize=64)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class Prompts:
    def __init__(self, folder: Path = DEFAULT_DIR):
        self.folder = Path(folder)

    def load(self, name: str) -> str:
        path = self.folder / f"{name}.txt"
        if not path.is_file():
            raise CitebotError(f"prompt file {path} is missing (CITEBOT_PROMPTS_DIR={self.folder})")
        return _read(path)

    def render(self, name: str, **values: object) -> str:
        """Fill `{field}` slots; values are inserted as they are (str.format does not re-parse them)."""
        return self.load(name).format(**{k: "" if v is None else v for k, v in values.items()})
