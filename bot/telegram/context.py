"""Typed context for the handlers: `context.service` is the BotService, no dict lookups.

    >>> app = ApplicationBuilder().context_types(CONTEXT_TYPES)...   # doctest: +SKIP
"""

from __future__ import annotations

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from .service import BotService


class BotData:
    """The application-wide data: one BotService, set when the application is built."""

    service: BotService | None = None


class BotContext(CallbackContext[ExtBot, dict, dict, BotData]):
    @property
    def service(self) -> BotService:
        service = self.bot_data.service
        if service is None:  # pragma: no cover - build_application always sets it
            raise RuntimeError("the bot's service is not set up")
        return service


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData)
