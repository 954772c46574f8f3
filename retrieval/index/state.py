"""What a derived index was built from, kept in a small JSON file beside it."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class IndexState:
    """What the index was built from; compared with the store to decide whether it is fresh."""

    identity: str = ""
    generation: int = -1
    passages: int = 0
    digest: str = "0" * 32

    @classmethod
    def read(cls, path: Path) -> IndexState:
        try:
            return cls(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            return cls()

    def write(self, path: Path) -> None:
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(self.__dict__))
        os.replace(tmp, path)
