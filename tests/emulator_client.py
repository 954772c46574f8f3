"""Drive the telegram-test-api emulator (tests/emulator/launcher.js) from Python, as a user would."""

from __future__ import annotations

import itertools
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

EMULATOR_DIR = Path(__file__).resolve().parent / "emulator"
BOT_USERNAME = "citebot_test_bot"
_msg_ids = itertools.count(10_000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def emulator_available() -> bool:
    return shutil.which("node") is not None and (EMULATOR_DIR / "node_modules" / "telegram-test-api").is_dir()


class Emulator:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(["node", str(EMULATOR_DIR / "launcher.js"), "--port", str(self.port)],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.get("/control/health")
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("the Telegram emulator did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    # --- HTTP ------------------------------------------------------------------------------------
    def post(self, path: str, body: dict[str, Any]) -> Any:
        req = urllib.request.Request(self.url + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=5) as resp:
            return json.loads(resp.read())

    # --- a user's actions --------------------------------------------------------------------------
    def say(self, token: str, user_id: int, text: str, chat_id: int | None = None, chat_type: str = "private",
            reply_to: dict | None = None, thread_id: int | None = None, mention: bool = False) -> None:
        chat_id = chat_id if chat_id is not None else user_id
        msg: dict[str, Any] = {
            "botToken": token, "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": chat_type, **({"title": "Team"} if chat_type != "private" else {})},
            "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"},
        }
        if reply_to:
            msg["reply_to_message"] = reply_to
        if thread_id:
            msg["message_thread_id"] = thread_id
            msg["is_topic_message"] = True
        if text.startswith("/"):
            command = text.split()[0]
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
            self.post("/sendCommand", msg)
        else:
            if mention:
                handle = f"@{BOT_USERNAME}"
                at = text.index(handle)
                msg["entities"] = [{"type": "mention", "offset": at, "length": len(handle)}]
            self.post("/sendMessage", msg)

    def press(self, token: str, user_id: int, data: str, message: dict) -> None:
        self.post("/sendCallback", {
            "botToken": token, "data": data, "chat_instance": "e2e",
            "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"},
            "message": {"message_id": message["message_id"], "date": int(time.time()),
                        "chat": {"id": int(message["chat_id"]),
                                 "type": "supergroup" if int(message["chat_id"]) < 0 else "private"},
                        "from": {"id": 4242, "is_bot": True, "first_name": "Citebot"}, "text": message["text"]},
        })

    def inline(self, token: str, user_id: int, query: str, query_id: str) -> None:
        """`@bot query` typed in any chat: an inline query update."""
        self.post("/control/rawUpdate", {"token": token, "update": {"inline_query": {
            "id": query_id, "query": query, "offset": "",
            "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}}}})

    def fail(self, method: str, status: int, times: int = 1, retry_after: int | None = None) -> None:
        self.post("/control/fail", {"method": method, "status": status, "times": times, "retry_after": retry_after,
                                    "description": "Too Many Requests" if status == 429 else "Bad Gateway"})

    # --- what the bot did --------------------------------------------------------------------------
    def bot_messages(self, token: str, chat_id: int | None = None) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"token": token}
        if chat_id is not None:
            body["chatId"] = chat_id
        return self.post("/control/botMessages", body)["result"]

    def wait_for(self, token: str, chat_id: int, predicate, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in self.bot_messages(token, chat_id):
                if predicate(m):
                    return m
            time.sleep(0.05)
        raise AssertionError(f"no bot message in chat {chat_id} matched; got {self.bot_messages(token, chat_id)}")

    def stats(self) -> dict[str, Any]:
        return self.get("/control/stats")

    def wait_until(self, predicate, timeout: float = 30.0, what: str = "the condition"):
        """Poll until predicate() returns something truthy; return it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = predicate()
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")


def as_reply(message: dict[str, Any]) -> dict[str, Any]:
    """A stored bot message, as the `reply_to_message` of a user's reply."""
    chat_id = int(message["chat_id"])
    m = {"message_id": message["message_id"], "date": int(time.time()), "text": message.get("text", ""),
         "chat": {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"},
         "from": {"id": 4242, "is_bot": True, "first_name": "Citebot", "username": BOT_USERNAME}}
    if message.get("message_thread_id"):
        m["message_thread_id"] = int(message["message_thread_id"])
        m["is_topic_message"] = True
    return m


def next_message_id() -> int:
    return next(_msg_ids)
