"""End to end: `citebot serve` as a subprocess, long-polling the telegram-test-api emulator on loopback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from retrieval import Engine, feedback_to_questions, load_settings

from .conftest import ROOT, SEEDS
from .emulator_client import Emulator, as_reply, emulator_available, free_port

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not emulator_available(), reason="run `make test` (it installs the emulator)")]

TOKEN = "555000:E2E-TOKEN-abcdefghijklmnop"
TOKEN_LLM = "555001:E2E-LLM-DOWN-abcdefghijklm"
SHOIGU = "What did China's defense minister tell Shoigu?"
ALLOWED = ",".join(str(u) for u in range(1001, 1031))


@pytest.fixture(scope="module")
def emulator():
    emu = Emulator()
    yield emu
    emu.stop()


@pytest.fixture(scope="module")
def library(tmp_path_factory, minilm):
    """The seeds ingested once; each bot process gets its own copy of the store."""
    template = tmp_path_factory.mktemp("e2e-library") / "data"
    Engine(load_settings(citebot_data_dir=template), embedder=minilm).ingest([SEEDS])
    return template


def start_bot(emulator, library, where, token: str, **env: str):
    """`citebot serve` on a copy of the library, logging to where/bot.log; returns once it has registered."""
    data = where / "data"
    shutil.copytree(library, data)
    log_path = where / "bot.log"
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_BASE_URL": emulator.url,
           "CITEBOT_DATA_DIR": str(data), "TELEGRAM_ALLOWED_USERS": ALLOWED, "TELEGRAM_ADMIN_USERS": "1010",
           "TELEGRAM_USER_RATE": "3/60", "TELEGRAM_CHAT_RATE": "50/60", "FEEDBACK_LOG": str(data / "feedback.jsonl"),
           "ANSWER_BACKEND": "extractive", **env}
    registered = emulator.stats()["calls"].get("setMyCommands", 0)
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and emulator.stats()["calls"].get("setMyCommands", 0) <= registered:
        assert proc.poll() is None, log_path.read_text()
        time.sleep(0.1)
    return {"proc": proc, "log": log_path, "data": data}


def stop_bot(bot) -> str:
    bot["proc"].send_signal(signal.SIGINT)
    bot["proc"].wait(timeout=20)
    return bot["log"].read_text()


@pytest.fixture(scope="module")
def served(emulator, library, tmp_path_factory):
    bot = start_bot(emulator, library, tmp_path_factory.mktemp("e2e"), TOKEN)
    yield bot
    text = stop_bot(bot)
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


# --- the bot as people use it ------------------------------------------------------------------------
MINISTER = "Who is China's defense minister?"  # answered from two articles
NOTE = "The language model is unavailable right now, so this answer quotes the sources directly."


def vote(message: dict, kind: str) -> str:
    answer_id = message["reply_markup"]["inline_keyboard"][-1][0]["callback_data"].split("|")[1]
    return f"fb|{answer_id}|{kind}"


def feedback(served, user: int) -> list[dict]:
    log = served["data"] / "feedback.jsonl"
    lines = log.read_text().splitlines() if log.exists() else []
    return [r for r in map(json.loads, lines) if r.get("user_id") == user]


def rows_of(message: dict, emulator, token: str = TOKEN) -> list[list[str]]:
    (now,) = [m for m in emulator.bot_messages(token, int(message["chat_id"]))
              if m["message_id"] == message["message_id"]]
    return [[b["text"] for b in row] for row in (now.get("reply_markup") or {}).get("inline_keyboard", [])]


def test_a_second_vote_replaces_the_first_and_is_marked(emulator, served):
    emulator.say(TOKEN, 1011, SHOIGU)
    msg = emulator.wait_for(TOKEN, 1011, lambda m: "Sources" in m["text"])
    emulator.press(TOKEN, 1011, vote(msg, "up"), msg)
    emulator.wait_until(lambda: feedback(served, 1011), what="the 👍")
    emulator.press(TOKEN, 1011, vote(msg, "down"), msg)
    emulator.wait_until(lambda: rows_of(msg, emulator)[-1] == ["👍", "✓ 👎", "wrong source"], what="the mark")
    votes = feedback(served, 1011)
    assert [(v["feedback"], v["replaces"]) for v in votes] == [("up", None), ("down", "up")]
    (row,) = feedback_to_questions(votes)
    assert row["question_type"] == "feedback_down" and row["needs_label"]
    emulator.wait_for(TOKEN, 1011, lambda m: m["text"].startswith("What was wrong?"))


def test_wrong_source_asks_which_one_and_takes_a_note(emulator, served):
    emulator.say(TOKEN, 1012, MINISTER)
    msg = emulator.wait_for(TOKEN, 1012, lambda m: "[2]" in m["text"] and "Sources" in m["text"])
    emulator.press(TOKEN, 1012, vote(msg, "wrong_source"), msg)
    emulator.wait_until(lambda: [r[0][:5] for r in rows_of(msg, emulator)] == ["✗ [1]", "✗ [2]", "← bac"],
                        what="one button per source")
    emulator.press(TOKEN, 1012, vote(msg, "src|2"), msg)
    (chosen,) = emulator.wait_until(lambda: feedback(served, 1012), what="the vote")
    assert chosen["feedback"] == "wrong_source" and chosen["wrong_article_id"] == chosen["cited"][1]
    prompt = emulator.wait_for(TOKEN, 1012, lambda m: (m.get("reply_markup") or {}).get("force_reply"))
    emulator.say(TOKEN, 1012, "It is about a different call", reply_to=as_reply(prompt))
    emulator.wait_for(TOKEN, 1012, lambda m: m["text"] == "Thanks — I've added your note.")
    assert feedback(served, 1012)[-1]["note"] == "It is about a different call"


def test_new_from_one_member_keeps_the_others_threads(emulator, served):
    group = -100700
    emulator.say(TOKEN, 1013, f"/ask {MINISTER}", chat_id=group, chat_type="supergroup")
    mine = emulator.wait_for(TOKEN, group, lambda m: "Sources" in m["text"])
    emulator.say(TOKEN, 1014, f"/ask {SHOIGU}", chat_id=group, chat_type="supergroup")
    emulator.wait_until(lambda: sum("Sources" in m["text"] for m in emulator.bot_messages(TOKEN, group)) == 2,
                        what="the second answer")
    emulator.say(TOKEN, 1014, "/new", chat_id=group, chat_type="supergroup")
    emulator.wait_for(TOKEN, group, lambda m: m["text"].startswith("Done — I've forgotten your conversation"))
    emulator.say(TOKEN, 1013, "What else did he say?", chat_id=group, chat_type="supergroup", reply_to=as_reply(mine))
    answers = emulator.wait_until(
        lambda: [m for m in emulator.bot_messages(TOKEN, group) if "Sources" in m["text"]][2:], what="the follow-up")
    assert "Dong Jun" in answers[0]["text"]  # the thread still knew who "he" is


def test_many_quick_questions_get_one_rate_limit_notice(emulator, served):
    for _ in range(8):
        emulator.say(TOKEN, 1015, SHOIGU)

    def notices() -> int:
        return sum(m["text"].startswith("You're asking quickly") for m in emulator.bot_messages(TOKEN, 1015))

    emulator.wait_until(lambda: sum("Sources" in m["text"] for m in emulator.bot_messages(TOKEN, 1015)) == 3
                        and notices(), what="three answers and a notice")
    time.sleep(1.0)
    assert notices() == 1


def test_help_from_the_library_and_a_hint_for_unknown_commands(emulator, served):
    emulator.say(TOKEN, 1016, "/help")
    text = emulator.wait_for(TOKEN, 1016, lambda m: "My library holds 5 news articles" in m["text"])["text"]
    assert "Try asking:" in text and text.count("\n• ") == 3 and "Topics: Ukraine" in text
    emulator.say(TOKEN, 1016, "/foo")
    emulator.wait_for(TOKEN, 1016, lambda m: m["text"] == "I don't know /foo — /help lists what I can do.")


def test_inline_query_without_an_answer_offers_no_decline(emulator, served):
    emulator.inline(TOKEN, 1017, "Who won the 2022 World Cup?", "iq-e2e-none")
    answer = emulator.wait_until(lambda: next((a for a in emulator.stats()["inlineAnswers"]
                                               if a.get("inline_query_id") == "iq-e2e-none"), None),
                                 what="the inline answer")
    (result,) = answer["results"]
    content = result["input_message_content"]["message_text"]
    assert result["title"] == "No answer in the library" and "has no answer" in content
    assert "I can't answer" not in content


def test_log_lines_for_questions_and_admin_actions(emulator, served):
    emulator.say(TOKEN, 1018, SHOIGU)
    emulator.wait_for(TOKEN, 1018, lambda m: "Sources" in m["text"])
    emulator.say(TOKEN, 1010, "/reindex")
    emulator.wait_for(TOKEN, 1010, lambda m: "unchanged" in m["text"], timeout=60)

    def lines(marker: str) -> list[str]:
        return [line for line in served["log"].read_text().splitlines() if marker in line]

    admin = emulator.wait_until(lambda: lines("citebot.audit: admin action=reindex"), what="the admin line")
    assert "outcome=done" in admin[-1] and "added=0" in admin[-1] and "1010" not in admin[-1]
    question = [line for line in lines("citebot.audit: question chat_type=private") if "chars=46" in line]
    assert question and "1018" not in question[-1]
    for field in ("user=", "latency_ms=", "retrieved=0", "cited=001_", "abstained=false", "backend=extractive",
                  "error=-", "outcome=answered", "intent=question"):
        assert field in question[-1], field


@pytest.fixture(scope="module")
def served_llm_down(emulator, library, tmp_path_factory):
    """A bot whose language model server is not there, logging JSON lines."""
    bot = start_bot(emulator, library, tmp_path_factory.mktemp("e2e-llm"), TOKEN_LLM, ANSWER_BACKEND="openai",
                    OPENAI_BASE_URL=f"http://127.0.0.1:{free_port()}/v1", LLM_TIMEOUT="3", LOG_FORMAT="json")
    yield bot
    records = [json.loads(line) for line in stop_bot(bot).splitlines() if line.startswith("{")]
    assert not [r for r in records if r["level"] in ("ERROR", "CRITICAL")], records


def test_llm_outage_in_words_for_people_reason_in_the_log(emulator, served_llm_down):
    for user in (1021, 1022):
        emulator.say(TOKEN_LLM, user, SHOIGU)
    for user in (1021, 1022):
        msg = emulator.wait_for(TOKEN_LLM, user, lambda m: "Sources" in m["text"])
        assert NOTE in msg["text"] and "Error" not in msg["text"] and "openai" not in msg["text"]

    def records() -> list[dict]:
        return [json.loads(line) for line in served_llm_down["log"].read_text().splitlines() if line.startswith("{")]

    questions = emulator.wait_until(lambda: [r for r in records() if r.get("event") == "question"][1:] and
                                    [r for r in records() if r.get("event") == "question"], what="two log lines")
    failing = [r for r in records() if r["level"] == "WARNING" and "failing" in r["message"]]
    assert len(failing) == 1 and "Connection" in failing[0]["message"]  # once per outage, with the reason
    for q in questions:
        assert q["chat_type"] == "private" and len(q["user"]) == 12 and q["chars"] == len(SHOIGU)
        assert q["latency_ms"] > 0 and q["retrieved"] and q["cited"] and q["abstained"] is False
        assert q["backend"] == "extractive" and "Connection" in q["error"] and q["outcome"] == "answered"


TOKEN_WEB = "555002:E2E-WEB-abcdefghijklmnopq"


def test_links_and_feeds_reach_the_library_while_serving(emulator, library, tmp_path):
    """An article link sent to the running bot answers within seconds; CITEBOT_FEEDS is polled by the bot's
    JobQueue, and a new feed item answers after the next poll — no restart."""
    from .test_feeds import rss
    from .test_library_web import serve_story
    from .test_web import Site

    with Site() as site:
        for slug in ("harbour", "ferry", "school", "bridge"):
            serve_story(site, slug)
        site.add("/rss.xml", rss(site, ["harbour", "ferry"]), content_type="application/rss+xml", validators=True)
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(site.url("/rss.xml") + "\n")
        bot = start_bot(emulator, library, tmp_path, TOKEN_WEB, CITEBOT_ALLOW_PRIVATE_URLS="true",
                        FETCH_HOST_DELAY="0", CITEBOT_FEEDS=str(feeds), CITEBOT_FEED_INTERVAL="0.05",
                        TELEGRAM_USER_RATE="50/60")
        try:
            started = time.monotonic()
            emulator.say(TOKEN_WEB, 1020, site.url("/news/school"))
            added = emulator.wait_for(TOKEN_WEB, 1020, lambda m: m["text"].startswith("Added:"))
            assert "New school opens in the old customs house" in added["text"]
            emulator.say(TOKEN_WEB, 1020, "Which building does the new school open in?")
            answer = emulator.wait_for(TOKEN_WEB, 1020, lambda m: "Sources" in m["text"] and "school" in m["text"])
            assert "customs house" in answer["text"] and time.monotonic() - started < 30

            def ask_until(question: str, expect: str, user: int) -> str:
                """Ask again each second until the answer names `expect` (the poll runs every 3 s)."""
                deadline, last = time.monotonic() + 60, ""
                while time.monotonic() < deadline:
                    before = len(emulator.bot_messages(TOKEN_WEB, user))
                    emulator.say(TOKEN_WEB, user, question)
                    replied = time.monotonic() + 20
                    while len(emulator.bot_messages(TOKEN_WEB, user)) <= before and time.monotonic() < replied:
                        time.sleep(0.05)
                    last = emulator.bot_messages(TOKEN_WEB, user)[-1]["text"]
                    if expect in last:
                        return last
                    time.sleep(1)
                raise AssertionError(f"no answer with {expect!r}; the last was {last!r}")

            ask_until("Why were the ferry services to the outer islands cancelled?", "gale-force winds", 1021)
            site.add("/rss.xml", rss(site, ["bridge", "harbour", "ferry"]), content_type="application/rss+xml",
                     validators=True)
            ask_until("Which repairs finished two months early?", "Bridge repairs finish", 1022)
        finally:
            log = stop_bot(bot)
    assert "Traceback" not in log and " ERROR " not in log, log
    assert "feeds outcome=done" in log
