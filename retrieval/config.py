"""One validated settings object, read from the environment and `.env`.

Every field here is documented in `.env.example`; a wrong value stops start-up with a
message naming the variable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, NamedTuple, get_args

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

from .errors import CitebotError

BackendName = Literal["extractive", "openai", "ollama", "llamacpp"]  # the one list of answer backends
BACKENDS: tuple[str, ...] = get_args(BackendName)
PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
IdSet = Annotated[frozenset[int], NoDecode]


class ConfigError(CitebotError, ValueError):
    """A configuration value is wrong; the message names the variable."""


class Rate(NamedTuple):
    """COUNT events per SECONDS."""

    count: int
    seconds: float

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds:g}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # --- storage -------------------------------------------------------------------------
    citebot_data_dir: Path = Field(Path("data"), description="Where the embedded store and indexes live")
    chroma_host: str = Field("", description="Chroma server host; empty means embedded PersistentClient")
    chroma_port: int = Field(8000, ge=1, le=65535)
    chroma_ssl: bool = False
    chroma_collection: str = Field("citebot", pattern=r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,60}[a-zA-Z0-9]$")

    # --- ingest ----------------------------------------------------------------------------
    chunk_tokens: int = Field(200, ge=32, le=2000, description="Chunk size in cl100k tokens")
    chunk_overlap: int = Field(40, ge=0, le=1000, description="Overlap between chunks in tokens")
    embed_batch_size: int = Field(1, ge=1, le=512, description="Measured fastest on 2 cores: 1")
    embed_threads: int = Field(0, ge=0, le=64, description="onnxruntime threads; 0 = all cores")
    max_file_mb: float = Field(20.0, gt=0, description="Files larger than this are skipped")
    multilingual_index: Literal["passages", "articles", "off"] = "passages"

    # --- the web: article links, feeds, retention ----------------------------------------------
    citebot_feeds: Path | None = Field(None, description="A text file of feed URLs that `serve` and `watch` poll")
    citebot_feed_interval: float = Field(15.0, gt=0, le=1440, description="Minutes between feed polls")
    citebot_max_age_days: int = Field(0, ge=0, description="Web articles older than this are retired; 0 = never")
    citebot_allow_private_urls: bool = False  # fetching from private/loopback addresses (tests, intranets)
    fetch_timeout: float = Field(15.0, gt=0, le=300)
    fetch_max_mb: float = Field(5.0, gt=0, le=200)
    fetch_host_delay: float = Field(1.0, ge=0, le=60, description="Seconds between requests to one host")
    near_duplicate_threshold: float = Field(0.85, gt=0, le=1.0, description="Jaccard for syndicated copies")

    # --- retrieval -------------------------------------------------------------------------
    search_k: int = Field(6, ge=1, le=100)
    max_chunks_per_article: int = Field(2, ge=1, le=50)
    search_candidates: int = Field(40, ge=5, le=500, description="Depth of each ranked list before fusion")
    search_dense_weight: float = Field(1.0, ge=0, le=10)
    search_lexical_weight: float = Field(1.0, ge=0, le=10)
    search_article_weight: float = Field(1.5, ge=0, le=10, description="Article-level BM25 (headline, lead, body)")
    search_exact_weight: float = Field(1.0, ge=0, le=10,
                                       description="Article-level BM25 over the words as written (no stemming)")
    search_article_rest: float = Field(0.0, ge=0, le=1, description="Share of an article's other passages' scores")
    search_title_boost: float = Field(1.0, ge=0, le=10)
    search_lead_boost: float = Field(0.5, ge=0, le=10)
    search_source_boost: float = Field(1.0, ge=0, le=10, description="The outlet's name in the article-level BM25")
    search_multilingual_weight: float = Field(4.0, ge=0, le=20,
                                              description="e5 passages, for questions not in English")
    search_aspect_weight: float = Field(0.5, ge=0, le=10, description="Clauses of a long question covered (0: off)")
    search_aspect_pool: int = Field(40, ge=6, le=400, description="Passages a long question is re-ranked from")

    # --- answers ---------------------------------------------------------------------------
    answer_backend: BackendName = "extractive"
    citebot_prompts_dir: Path = Field(PROMPTS_DIR, description="The folder of prompt files")
    openai_base_url: str = ""
    openai_api_key: str = ""
    openai_model: str = "gpt-4o-mini"
    ollama_base_url: str = "http://127.0.0.1:11434"
    ollama_model: str = "llama3.2"
    llamacpp_model_path: str = ""
    llm_timeout: float = Field(30.0, gt=0, le=600, description="Seconds before an LLM call is abandoned")
    llm_temperature: float = Field(0.0, ge=0, le=2)
    abstain_message: str = "I can't answer that from my sources."
    abstain_threshold: float = Field(0.45, ge=0, le=1, description="Minimum evidence score to answer")
    answer_max_sentences: int = Field(3, ge=1, le=10)

    # --- telegram --------------------------------------------------------------------------
    telegram_bot_token: str = ""
    telegram_base_url: str = ""  # e.g. http://127.0.0.1:8081/bot for a self-hosted Bot API server
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""
    telegram_webhook_listen: str = "127.0.0.1:8443"
    telegram_allowed_users: IdSet = frozenset()  # comma-separated ids; empty = open
    telegram_allowed_chats: IdSet = frozenset()
    telegram_admin_users: IdSet = frozenset()
    telegram_user_rate: Annotated[Rate, NoDecode] = Rate(6, 60)  # questions per seconds, per user
    telegram_chat_rate: Annotated[Rate, NoDecode] = Rate(20, 60)
    telegram_max_question_chars: int = Field(500, ge=10, le=4000)
    telegram_history_turns: int = Field(6, ge=0, le=50)
    citebot_article_root: str = "seeds"  # `citebot run` ingests it on first use; /reindex reads only below it
    feedback_log: Path = Path("data/feedback.jsonl")
    log_format: Literal["text", "json"] = "text"

    @field_validator("citebot_feeds", mode="before")
    @classmethod
    def _feeds(cls, v: object) -> object:
        return None if v in ("", None) else v

    @field_validator("citebot_prompts_dir", mode="before")
    @classmethod
    def _prompts(cls, v: object) -> object:
        return PROMPTS_DIR if v in ("", None) else v

    @field_validator("openai_base_url", "ollama_base_url", "telegram_base_url", "telegram_webhook_url")
    @classmethod
    def _url(cls, v: str) -> str:
        if v and not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v.rstrip("/")

    @field_validator("telegram_user_rate", "telegram_chat_rate", mode="before")
    @classmethod
    def _rate(cls, v: object) -> object:
        if not isinstance(v, str):
            return v
        parts = v.split("/")
        if len(parts) != 2 or not all(p.strip().isdigit() and int(p) > 0 for p in parts):
            raise ValueError("must look like COUNT/SECONDS, e.g. 6/60")
        return Rate(int(parts[0]), float(parts[1]))

    @field_validator("telegram_allowed_users", "telegram_allowed_chats", "telegram_admin_users", mode="before")
    @classmethod
    def _ids(cls, v: object) -> object:
        if not isinstance(v, str):
            return v
        parts = [p.strip() for p in v.split(",") if p.strip()]
        for part in parts:
            if not part.lstrip("-").isdigit():
                raise ValueError(f"{part!r} is not a numeric Telegram id")
        return frozenset(int(p) for p in parts)

    @model_validator(mode="after")
    def _overlap(self) -> Settings:
        if self.chunk_overlap >= self.chunk_tokens:
            raise ValueError("CHUNK_OVERLAP must be smaller than CHUNK_TOKENS")
        if self.answer_backend == "openai" and not self.openai_base_url and not self.openai_api_key:
            raise ValueError("ANSWER_BACKEND=openai needs OPENAI_BASE_URL (local server) or OPENAI_API_KEY")
        if self.answer_backend == "llamacpp" and not self.llamacpp_model_path:
            raise ValueError("ANSWER_BACKEND=llamacpp needs LLAMACPP_MODEL_PATH (a local .gguf file)")
        return self

    @property
    def chroma_path(self) -> Path:
        return self.citebot_data_dir / "chroma"

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)


def load_settings(**overrides) -> Settings:
    """Read settings; turn pydantic's error into one readable message per bad variable."""
    try:
        return Settings(**overrides)
    except SettingsError as exc:
        raise ConfigError(f"invalid configuration: {exc}") from None
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = "_".join(str(p) for p in err["loc"]).upper() or "configuration"
            value = err.get("input")
            shown = "" if isinstance(value, dict) else f" (got {value!r})"
            lines.append(f"{name}: {err['msg']}{shown}")
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(lines)) from None
