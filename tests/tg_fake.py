"""An in-process Telegram Bot API for tests: a BaseRequest that answers calls itself; update builders;
and the `make_bot` / `bot` fixtures (the application on the seeded store, driven through process_update)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.telegram.app import build_application
from retrieval import Engine, load_settings

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"

BOT = {"id": 4242, "is_bot": True, "first_name": "Citebot", "username": "citebot_test_bot",
       "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}


class FakeBotAPI(BaseRequest):
    """Records every call as (method, params); `fail[method]` queues (status, body) answers to inject."""

    def __init__(self):
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail: dict[str, list[tuple[int, dict]]] = {}
        self.next_id = 1000
        self.me = dict(BOT)  # what getMe answers (tests switch inline mode on here)
        self.files: dict[str, bytes] = {}  # file_id → content, served by getFile and the file download URL

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float:
        return 5.0

    async def do_request(self, url, method, request_data: RequestData | None = None, read_timeout=None,
                         write_timeout=None, connect_timeout=None, pool_timeout=None) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        if "/file/bot" in url:  # File.download_to_drive
            return (200, self.files[name]) if name in self.files else (404, b"")
        params = {k: json.loads(v) if isinstance(v, str) and v[:1] in "{[" else v
                  for k, v in (request_data.json_parameters if request_data else {}).items()}
        self.calls.append((name, params))
        queued = self.fail.get(name)
        if queued:
            status, body = queued.pop(0)
            return status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self.result(name, params)}).encode()

    def result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return self.me
        if name == "getFile":
            fid = params["file_id"]
            return {"file_id": fid, "file_unique_id": f"u{fid}", "file_size": len(self.files.get(fid, b"")),
                    "file_path": f"documents/{fid}"}
        if name in ("sendMessage", "editMessageText"):
            chat_id = int(params["chat_id"])
            if name == "sendMessage":
                self.next_id += 1
                mid = self.next_id
            else:
                mid = int(params["message_id"])
            msg = {"message_id": mid, "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                   "from": BOT, "text": params.get("text", "")}
            if params.get("message_thread_id"):
                msg["message_thread_id"] = int(params["message_thread_id"])
                msg["is_topic_message"] = True
            return msg
        return True

    # --- reading what the bot did -----------------------------------------------------------------
    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [p for m, p in self.calls if m == method]

    def texts(self) -> list[str]:
        return [p["text"] for p in self.sent()]

    def buttons(self, params: dict[str, Any]) -> list[list[str]]:
        """The button labels of a sent message or a markup edit."""
        markup = params.get("reply_markup") or {}
        return [[b["text"] for b in row] for row in markup.get("inline_keyboard", [])]

    def clear(self) -> None:
        self.calls.clear()


_ids = {"update": 1, "message": 1}


def _user(user_id: int, language_code: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
    if language_code:
        user["language_code"] = language_code
    return user


def message_update(app, text: str | None, chat_id: int = 100, user_id: int = 100, chat_type: str = "private",
                   reply_to: dict | None = None, thread_id: int | None = None, entities: list | None = None,
                   date: float | None = None, extra: dict | None = None, language_code: str | None = None) -> Update:
    _ids["update"] += 1
    _ids["message"] += 1
    msg: dict[str, Any] = {
        "message_id": _ids["message"], "date": int(date or time.time()),
        "chat": {"id": chat_id, "type": chat_type, **({"title": "Team"} if chat_type != "private" else {})},
        "from": _user(user_id, language_code),
    }
    if text is not None:
        msg["text"] = text
        if text.startswith("/"):
            cmd = text.split()[0]
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(cmd)}]
    if entities:
        msg["entities"] = entities
    if reply_to:
        msg["reply_to_message"] = reply_to
    if thread_id:
        msg["message_thread_id"] = thread_id
        msg["is_topic_message"] = True
    if extra:
        msg.update(extra)
    return Update.de_json({"update_id": _ids["update"], "message": msg}, app.bot)


def document(api: FakeBotAPI, name: str, content: bytes, file_id: str = "doc1") -> dict:
    """A document as a message carries it (the `extra` of message_update); its bytes are served by `api`."""
    api.files[file_id] = content
    return {"document": {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name,
                         "mime_type": "text/plain", "file_size": len(content)}}


def callback_update(app, data: str, user_id: int = 100, chat_id: int = 100, message_id: int = 1,
                    language_code: str | None = None) -> Update:
    """A press on a button under the bot's message `message_id` (a group's when chat_id < 0)."""
    _ids["update"] += 1
    chat_type = "private" if chat_id > 0 else "supergroup"
    return Update.de_json({"update_id": _ids["update"], "callback_query": {
        "id": str(_ids["update"]), "chat_instance": "ci", "data": data, "from": _user(user_id, language_code),
        "message": {"message_id": message_id, "date": int(time.time()), "chat": {"id": chat_id, "type": chat_type},
                    "from": BOT, "text": "answer"}}}, app.bot)


def inline_update(app, query: str, user_id: int = 100, language_code: str | None = None) -> Update:
    _ids["update"] += 1
    return Update.de_json({"update_id": _ids["update"], "inline_query": {
        "id": f"iq{_ids['update']}", "from": _user(user_id, language_code), "query": query, "offset": ""}}, app.bot)


def bot_message(message_id: int, chat_id: int, text: str = "answer", thread_id: int | None = None) -> dict:
    m = {"message_id": message_id, "date": int(time.time()), "chat": {"id": chat_id, "type": "supergroup"},
         "from": BOT, "text": text}
    if thread_id:
        m["message_thread_id"] = thread_id
        m["is_topic_message"] = True
    return m


class Harness:
    def __init__(self, app, api: FakeBotAPI, errors: list):
        self.app, self.api, self.errors = app, api, errors

    @property
    def svc(self):
        return self.app.bot_data.service

    async def send(self, *args, **kwargs):
        update = message_update(self.app, *args, **kwargs)
        await self.app.process_update(update)
        return update

    async def press(self, data, **kwargs):
        await self.app.process_update(callback_update(self.app, data, **kwargs))

    async def inline(self, query, **kwargs):
        await self.app.process_update(inline_update(self.app, query, **kwargs))


@pytest.fixture
async def make_bot(seeded, tmp_path):
    made = []

    async def make(chat_model=None, rate_limiter=False, engine=None, me: dict | None = None, **overrides):
        values = dict(citebot_data_dir=seeded.settings.citebot_data_dir, telegram_bot_token=TOKEN,
                      feedback_log=tmp_path / "feedback.jsonl", telegram_user_rate="100/60",
                      telegram_chat_rate="100/60", citebot_article_root=str(tmp_path / "articles"))
        values.update(overrides)
        settings = load_settings(**values)
        engine = engine or Engine(settings, embedder=seeded.embedder, chat_model=chat_model)
        api = FakeBotAPI()
        api.me.update(me or {})
        app = build_application(settings, engine, request=api, updates_request=api, rate_limiter=rate_limiter)
        errors: list = []

        async def record(update, context):
            errors.append(context.error)

        app.add_error_handler(record)
        await app.initialize()
        harness = Harness(app, api, errors)
        made.append(harness)
        return harness

    yield make
    for h in made:
        await h.app.shutdown()


@pytest.fixture
async def bot(make_bot):
    h = await make_bot()
    yield h
    assert h.errors == [], f"the bot logged errors: {h.errors}"
