"""Configuration: every variable documented, wrong values rejected with the variable's name."""

from __future__ import annotations

import pytest

from retrieval.config import ConfigError, Settings, load_settings

from .conftest import ROOT


def test_env_example_documents_exactly_the_settings():
    lines = (ROOT / ".env.example").read_text().splitlines()
    documented = {ln.split("=", 1)[0] for ln in lines if "=" in ln and not ln.startswith("#")}
    assert documented == {name.upper() for name in Settings.model_fields}
    for i, ln in enumerate(lines):  # each variable has a comment above it (or in its block)
        if "=" in ln and not ln.startswith("#"):
            assert any(lines[j].startswith("#") for j in range(max(0, i - 4), i)), ln


def test_env_example_values_are_valid(monkeypatch, tmp_path):
    for ln in (ROOT / ".env.example").read_text().splitlines():
        if "=" in ln and not ln.startswith("#"):
            k, v = ln.split("=", 1)
            monkeypatch.setenv(k, v)
    monkeypatch.chdir(tmp_path)
    assert load_settings().answer_backend == "extractive"


@pytest.mark.parametrize(("var", "value", "fragment"), [
    ("CHUNK_TOKENS", "lots", "CHUNK_TOKENS"),
    ("CHUNK_OVERLAP", "500", "CHUNK_OVERLAP must be smaller"),
    ("ANSWER_BACKEND", "gpt5", "ANSWER_BACKEND"),
    ("CHROMA_PORT", "70000", "CHROMA_PORT"),
    ("OPENAI_BASE_URL", "localhost:8000", "OPENAI_BASE_URL"),
    ("TELEGRAM_USER_RATE", "fast", "TELEGRAM_USER_RATE"),
    ("TELEGRAM_ALLOWED_USERS", "12,bob", "TELEGRAM_ALLOWED_USERS"),
    ("CHROMA_COLLECTION", "x", "CHROMA_COLLECTION"),
])
def test_wrong_values_name_the_variable(monkeypatch, tmp_path, var, value, fragment):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError) as exc:
        load_settings()
    assert fragment in str(exc.value)


def test_backend_requirements(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="OPENAI_BASE_URL"):
        load_settings(answer_backend="openai")
    with pytest.raises(ConfigError, match="LLAMACPP_MODEL_PATH"):
        load_settings(answer_backend="llamacpp")


def test_dotenv_file_is_read(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEARCH_K", raising=False)
    (tmp_path / ".env").write_text("SEARCH_K=9\n")
    assert load_settings().search_k == 9
