"""Models and tokenizer files come from installed packages; nothing is downloaded."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT

PROBE = r"""
import os, sys
from retrieval.index.offline import get_encoding, tiktoken_cache_dir
enc = get_encoding("cl100k_base")
assert enc.decode(enc.encode("China's defense minister")) == "China's defense minister"
assert str(tiktoken_cache_dir()).startswith(sys.argv[1])
from retrieval.index.embeddings import MiniLMEmbedder
e = MiniLMEmbedder()
a, b, c = e.embed(["Defense minister meets counterpart", "Defence chief holds talks with his counterpart",
                   "Recipe for chocolate cake"])
assert float(a @ b) > float(a @ c) + 0.2, (float(a @ b), float(a @ c))
print("ok")
"""


def test_tokenizer_and_embeddings_work_with_the_network_blocked(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIKTOKEN", "HF_"))}
    env.update(
        TIKTOKEN_CACHE_DIR=str(tmp_path / "tiktoken"),  # empty: the BPE file must come from the package
        HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9", http_proxy="http://127.0.0.1:9",
    )
    out = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
    assert len(list((tmp_path / "tiktoken").iterdir())) == 1
