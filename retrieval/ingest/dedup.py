"""Find syndicated copies: exact (same content hash) and near duplicates (MinHash LSH).

Near duplicates are judged on word 3-shingles of the cleaned body with datasketch's
MinHash and LSH; the signature is stored with each article record so that the index
can be rebuilt from the store without re-reading any file.

Usage:
    >>> finder = DuplicateFinder(threshold=0.85)
    >>> sig = signature("the same wire story text " * 20)
    >>> finder.add("a1", "hash-a", sig)
    >>> finder.match("hash-b", signature("the same wire story text " * 20))
    'a1'
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SCHEME = "affine32"  # datasketch 2.x: uint32 hash values
_WORD = re.compile(r"\w+", re.UNICODE)


def signature(text: str, num_perm: int = NUM_PERM) -> str:
    """A MinHash signature of the text's word 3-shingles, as a hex string."""
    words = _WORD.findall(text.casefold())
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    mh = MinHash(num_perm=num_perm, scheme=SCHEME)
    mh.update_batch([s.encode() for s in shingles])
    return mh.hashvalues.astype(np.uint32).tobytes().hex()


def _minhash(sig: str, num_perm: int = NUM_PERM) -> MinHash:
    values = np.frombuffer(bytes.fromhex(sig), dtype=np.uint32)
    return MinHash(num_perm=num_perm, hashvalues=values, scheme=SCHEME)


class DuplicateFinder:
    """Index of canonical articles; `match` returns the canonical id a new article duplicates."""

    def __init__(self, threshold: float = 0.85):
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._by_hash: dict[str, str] = {}
        self._sigs: dict[str, MinHash] = {}

    def add(self, article_id: str, content_hash: str, sig: str) -> None:
        self._by_hash.setdefault(content_hash, article_id)
        if sig and article_id not in self._sigs:
            mh = _minhash(sig)
            self._sigs[article_id] = mh
            self._lsh.insert(article_id, mh)

    def remove(self, article_id: str) -> None:
        for h, aid in list(self._by_hash.items()):
            if aid == article_id:
                del self._by_hash[h]
        if article_id in self._sigs:
            self._lsh.remove(article_id)
            del self._sigs[article_id]

    def match(self, content_hash: str, sig: str, exclude: str = "") -> str | None:
        exact = self._by_hash.get(content_hash)
        if exact and exact != exclude:
            return exact
        if not sig:
            return None
        mh = _minhash(sig)
        best, best_j = None, 0.0
        for candidate in self._lsh.query(mh):
            if candidate == exclude:
                continue
            j = mh.jaccard(self._sigs[candidate])
            if j >= self.threshold and j > best_j:
                best, best_j = candidate, j
        return best
