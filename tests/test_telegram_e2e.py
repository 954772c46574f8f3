"""End to end: `citebot serve` as a subprocess, long-polling the telegram-test-api emulator on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from retrieval import Engine, load_settings

from .conftest import ROOT, SEEDS
from .emulator_client import Emulator, as_reply, emulator_available

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not emulator_available(), reason="run `make test` (it installs the emulator)")]

TOKEN = "555000:E2E-TOKEN-abcdefghijklmnop"
SHOIGU = "What did China's defense minister tell Shoigu?"
ALLOWED = ",".join(str(u) for u in range(1001, 1011))


@pytest.fixture(scope="module")
def emulator():
    emu = Emulator()
    yield emu
    emu.stop()


@pytest.fixture(scope="module")
def served(emulator, tmp_path_factory, minilm):
    data = tmp_path_factory.mktemp("e2e") / "data"
    Engine(load_settings(citebot_data_dir=data), embedder=minilm).ingest([SEEDS])
    log_path = data.parent / "bot.log"
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": emulator.url,
           "CITEBOT_DATA_DIR": str(data), "TELEGRAM_ALLOWED_USERS": ALLOWED, "TELEGRAM_ADMIN_USERS": "1010",
           "TELEGRAM_USER_RATE": "3/60", "TELEGRAM_CHAT_RATE": "50/60", "FEEDBACK_LOG": str(data / "feedback.jsonl"),
           "ANSWER_BACKEND": "extractive"}
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "setMyCommands" not in emulator.stats()["calls"]:
        assert proc.poll() is None, log_path.read_text()
        time.sleep(0.1)
    yield {"proc": proc, "log": log_path, "data": data}
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=20)
    text = log_path.read_text()
    assert " ERROR " not in text and "Traceback" not in text, text
    assert TOKEN not in text


def test_private_question_and_follow_up(emulator, served):
    emulator.say(TOKEN, 1001, SHOIGU)
    msg = emulator.wait_for(TOKEN, 1001, lambda m: "Sources" in m["text"])
    assert "[1]" in msg["text"] and msg["parse_mode"] == "HTML"
    assert "Chinese defense chief offers full support to Russia in Ukraine war" in msg["text"]
    assert msg["reply_markup"]["inline_keyboard"][-1][0]["text"] == "👍"

    emulator.say(TOKEN, 1002, "Who is China's defense minister?")
    emulator.wait_for(TOKEN, 1002, lambda m: "Sources" in m["text"])
    emulator.say(TOKEN, 1002, "What did he tell Shoigu?")
    follow = emulator.wait_for(TOKEN, 1002, lambda m: "Shoigu" in m["text"] and "Sources" in m["text"])
    assert "offers full support" in follow["text"]


def test_group_mention_reply_and_topic(emulator, served):
    group = -100500
    emulator.say(TOKEN, 1003, "chatting about Shoigu, not asking the bot", chat_id=group, chat_type="supergroup")
    emulator.say(TOKEN, 1003, f"@citebot_test_bot {SHOIGU}", chat_id=group, chat_type="supergroup", mention=True)
    first = emulator.wait_for(TOKEN, group, lambda m: "Sources" in m["text"])
    assert first["reply_parameters"]["message_id"]  # replies to the asking message
    assert len(emulator.bot_messages(TOKEN, group)) == 1  # the unaddressed message got nothing

    emulator.say(TOKEN, 1004, "Where did Dong Jun call for negotiations?", chat_id=group, chat_type="supergroup",
                 reply_to=as_reply(first))
    emulator.wait_for(TOKEN, group, lambda m: "Xiangshan" in m["text"])

    emulator.say(TOKEN, 1005, f"/ask {SHOIGU}", chat_id=group - 1, chat_type="supergroup", thread_id=77)
    topic = emulator.wait_for(TOKEN, group - 1, lambda m: "Sources" in m["text"])
    assert str(topic["message_thread_id"]) == "77"


def test_feedback_button_is_recorded(emulator, served):
    emulator.say(TOKEN, 1006, SHOIGU)
    msg = emulator.wait_for(TOKEN, 1006, lambda m: "Sources" in m["text"])
    up = msg["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
    emulator.press(TOKEN, 1006, up, msg)
    deadline = time.monotonic() + 15
    log = served["data"] / "feedback.jsonl"
    while time.monotonic() < deadline and not log.exists():
        time.sleep(0.05)
    record = json.loads(log.read_text().splitlines()[-1])
    assert record["feedback"] == "up" and record["question"] == SHOIGU and record["cited"]
    assert any(a.get("text") == "Thanks!" for a in emulator.stats()["callbackAnswers"])


def test_stranger_is_refused(emulator, served):
    emulator.say(TOKEN, 6666, SHOIGU)
    msg = emulator.wait_for(TOKEN, 6666, lambda m: True)
    assert msg["text"] == "Sorry, this bot only answers its team's members."


def test_rate_limit(emulator, served):
    for _ in range(4):
        emulator.say(TOKEN, 1007, SHOIGU)
    emulator.wait_for(TOKEN, 1007, lambda m: m["text"].startswith("You're asking quickly — try again in "))


def test_telegram_errors_are_retried(emulator, served):
    emulator.fail("sendMessage", 502, times=1)
    emulator.say(TOKEN, 1008, SHOIGU)
    emulator.wait_for(TOKEN, 1008, lambda m: "Sources" in m["text"])
