"""An in-process Telegram Bot API for tests: a BaseRequest that answers calls itself."""

from __future__ import annotations

import json
import time
from typing import Any

from telegram import Update
from telegram.request import BaseRequest, RequestData

BOT = {"id": 4242, "is_bot": True, "first_name": "Citebot", "username": "citebot_test_bot",
       "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}


class FakeBotAPI(BaseRequest):
    """Records every call as (method, params); `fail[method]` queues (status, body) answers to inject."""

    def __init__(self):
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail: dict[str, list[tuple[int, dict]]] = {}
        self.next_id = 1000

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
            return BOT
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

    def clear(self) -> None:
        self.calls.clear()


_ids = {"update": 1, "message": 1}


def message_update(app, text: str | None, chat_id: int = 100, user_id: int = 100, chat_type: str = "private",
                   reply_to: dict | None = None, thread_id: int | None = None, entities: list | None = None,
                   date: float | None = None, extra: dict | None = None) -> Update:
    _ids["update"] += 1
    _ids["message"] += 1
    msg: dict[str, Any] = {
        "message_id": _ids["message"], "date": int(date or time.time()),
        "chat": {"id": chat_id, "type": chat_type, **({"title": "Team"} if chat_type != "private" else {})},
        "from": {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"},
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


def callback_update(app, data: str, user_id: int = 100, chat_id: int = 100) -> Update:
    _ids["update"] += 1
    return Update.de_json({"update_id": _ids["update"], "callback_query": {
        "id": str(_ids["update"]), "chat_instance": "ci", "data": data,
        "from": {"id": user_id, "is_bot": False, "first_name": "U"},
        "message": {"message_id": 1, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
                    "from": BOT, "text": "answer"}}}, app.bot)


def bot_message(message_id: int, chat_id: int, text: str = "answer", thread_id: int | None = None) -> dict:
    m = {"message_id": message_id, "date": int(time.time()), "chat": {"id": chat_id, "type": "supergroup"},
         "from": BOT, "text": text}
    if thread_id:
        m["message_thread_id"] = thread_id
        m["is_topic_message"] = True
    return m
