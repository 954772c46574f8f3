"""The one place that wires the Telegram application: handlers, commands, polling or webhook.

Usage:
    >>> app = build_application(settings, engine)      # doctest: +SKIP
    >>> run(settings, engine)                          # doctest: +SKIP  (blocks; Ctrl-C stops)
"""

from __future__ import annotations

import logging
import threading
from urllib.parse import urlparse

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from retrieval import ConfigError, Engine, Settings, languages, say

from . import commands as c
from . import feedback as fb
from . import handlers as h
from . import library as lib
from .context import CONTEXT_TYPES
from .gate import gate
from .service import BotService

# In Telegram's command menu, each described by say("cmd_<name>").
COMMANDS = ["ask", "sources", "new", "stats", "add", "feeds", "addfeed", "removefeed", "help", "start", "reindex"]


class RedactToken(logging.Filter):
    """Keep the bot token out of every log line (httpx logs request URLs, which contain it)."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg, record.args = message.replace(self.token, "<token>"), ()
        return True


def install_log_redaction(token: str) -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redactor = RedactToken(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    logging.getLogger().addFilter(redactor)
    for name in ("telegram", "httpx", "citebot"):
        logging.getLogger(name).addFilter(redactor)


async def _post_init(app: Application) -> None:
    """The command menu in every language the bot speaks: English for everyone, then one per language
    that Telegram shows to users whose app is set to it."""
    for language in [None, *(lang for lang in languages() if lang != "en")]:
        commands = [BotCommand(name, say(f"cmd_{name}", language or "en")) for name in COMMANDS]
        await app.bot.set_my_commands(commands, language_code=language)


def api_base(url: str) -> tuple[str, str]:
    """Bot API server root → (base_url, base_file_url) as python-telegram-bot wants them."""
    root = url.rstrip("/")
    if root.endswith("/bot"):
        root = root[: -len("/bot")]
    return f"{root}/bot", f"{root}/file/bot"


def build_application(settings: Settings, engine: Engine, request: BaseRequest | None = None,
                      updates_request: BaseRequest | None = None, rate_limiter: bool = True) -> Application:
    if not settings.telegram_bot_token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set: get one from @BotFather")
    builder = (ApplicationBuilder().token(settings.telegram_bot_token).context_types(CONTEXT_TYPES)
               .concurrent_updates(64).post_init(_post_init))
    if rate_limiter:
        builder.rate_limiter(AIORateLimiter(max_retries=3))  # honours Telegram's 429 retry_after
    if settings.telegram_base_url:
        base, files = api_base(settings.telegram_base_url)
        builder.base_url(base).base_file_url(files)
    if request is not None:
        builder.request(request)
    if updates_request is not None:
        builder.get_updates_request(updates_request)
    app = builder.build()
    app.bot_data.service = BotService(settings, engine)

    app.add_handler(TypeHandler(Update, gate), group=-1)  # access and backlog, before everything else
    app.add_handler(CommandHandler(["start", "help"], c.cmd_help))
    app.add_handler(CommandHandler("ask", h.cmd_ask))
    app.add_handler(CommandHandler("sources", c.cmd_sources))
    app.add_handler(CommandHandler("new", c.cmd_new))
    app.add_handler(CommandHandler("stats", c.cmd_stats))
    app.add_handler(CommandHandler("reindex", c.cmd_reindex))
    app.add_handler(CommandHandler("add", lib.cmd_add))
    app.add_handler(CommandHandler("feeds", lib.cmd_feeds))
    app.add_handler(CommandHandler("addfeed", lib.cmd_addfeed))
    app.add_handler(CommandHandler("removefeed", lib.cmd_removefeed))
    app.add_handler(CallbackQueryHandler(fb.on_feedback, pattern=r"^fb\|"))
    app.add_handler(CallbackQueryHandler(c.on_forget_chat, pattern=r"^new\|all$"))
    app.add_handler(InlineQueryHandler(h.on_inline))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.REPLY & filters.Regex(lib.ONLY_LINKS),
                                   lib.on_links))
    app.add_handler(MessageHandler(filters.Document.ALL & (filters.ChatType.PRIVATE | filters.CaptionRegex(
        r"^/add(?:@\w+)?(?:\s|$)")), lib.on_document))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, h.on_text))
    app.add_handler(MessageHandler(filters.COMMAND, c.on_unknown))
    app.add_handler(MessageHandler(~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL, h.on_other))
    app.add_error_handler(c.on_error)
    lib.schedule_polls(app)
    return app


def _warm_up(engine: Engine) -> None:
    try:
        logging.getLogger("citebot").info("ready: models and indexes loaded in %.1f s", engine.warm_up())
    except Exception:  # the first question will load them itself
        logging.getLogger("citebot").warning("warm-up failed", exc_info=True)


def run(settings: Settings, engine: Engine) -> None:
    """Long polling by default; a webhook when TELEGRAM_WEBHOOK_URL is set. The engine warms up beside it,
    so the first question after a restart is answered as fast as the next."""
    install_log_redaction(settings.telegram_bot_token)
    app = build_application(settings, engine)
    threading.Thread(target=_warm_up, args=(engine,), name="warm-up", daemon=True).start()
    if settings.telegram_webhook_url:
        host, _, port = settings.telegram_webhook_listen.rpartition(":")
        if not port.isdigit():
            raise ConfigError("TELEGRAM_WEBHOOK_LISTEN must look like HOST:PORT, e.g. 127.0.0.1:8443")
        path = urlparse(settings.telegram_webhook_url).path.lstrip("/")
        app.run_webhook(listen=host or "127.0.0.1", port=int(port), url_path=path,
                        webhook_url=settings.telegram_webhook_url,
                        secret_token=settings.telegram_webhook_secret or None,
                        allowed_updates=Update.ALL_TYPES)
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
