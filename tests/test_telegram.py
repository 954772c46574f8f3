"""The Telegram bot in-process: triggers, threads, commands, access, limits, buttons, failures."""

from __future__ import annotations

import json
import logging
import time

from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from bot.telegram.app import install_log_redaction
from bot.telegram.memory import ThreadKey
from retrieval import Engine, say

from . import tg_fake
from .tg_fake import TOKEN, bot_message

SHOIGU = "What did China's defense minister tell Shoigu?"
make_bot, bot = tg_fake.make_bot, tg_fake.bot  # the fixtures (tests/tg_fake.py)


async def test_private_question_gets_a_cited_answer_with_buttons(bot):
    await bot.send(SHOIGU)
    (msg,) = bot.api.sent()
    assert msg["parse_mode"] == "HTML" and "[1]" in msg["text"] and "<b>Sources</b>" in msg["text"]
    assert "<blockquote expandable>" in msg["text"] and "Chinese defense chief offers full support" in msg["text"]
    buttons = [b for row in msg["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons][-3:] == ["👍", "👎", "wrong source"]
    assert "reply_parameters" not in msg  # private chats are not quoted
    assert bot.api.sent("sendChatAction") == []  # a fast answer needs no typing indicator


async def test_slow_answers_show_a_typing_indicator(make_bot, seeded):
    class Slow(Engine):
        def answer(self, *a, **k):
            time.sleep(0.8)
            return super().answer(*a, **k)

    h = await make_bot(engine=Slow(seeded.settings, embedder=seeded.embedder))
    await h.send(SHOIGU)
    assert h.api.sent("sendChatAction")[0]["action"] == "typing" and "[1]" in h.api.texts()[-1]
    assert h.errors == []


async def test_private_follow_up_uses_the_conversation(bot):
    await bot.send("Who is China's defense minister?")
    await bot.send("What did he tell Shoigu?")
    history = bot.svc.memory.history(ThreadKey.private(100))
    assert [t.standalone for t in history] == ["Who is China's defense minister?", "What did Dong Jun tell Shoigu?"]
    await bot.send("/new")
    assert bot.svc.memory.history(ThreadKey.private(100)) == [] and "forgotten" in bot.api.texts()[-1]


async def test_group_answers_only_when_asked(bot):
    await bot.send("just chatting about Shoigu", chat_id=-500, chat_type="supergroup")
    assert bot.api.sent() == []
    ask = await bot.send(f"/ask {SHOIGU}", chat_id=-500, chat_type="supergroup")
    (msg,) = bot.api.sent()
    assert msg["reply_parameters"]["message_id"] == ask.message.message_id and "[1]" in msg["text"]

    bot.api.clear()
    mention = "@citebot_test_bot"
    await bot.send(f"{mention} Where did Dong Jun call for negotiations?", chat_id=-500, chat_type="supergroup",
                   entities=[{"type": "mention", "offset": 0, "length": len(mention)}])
    assert "Xiangshan Forum" in bot.api.texts()[0]


async def test_reply_to_the_bot_continues_the_thread_inside_the_topic(bot):
    first = await bot.send("/ask Who is China's defense minister?", chat_id=-600, chat_type="supergroup",
                           thread_id=77)
    (msg,) = bot.api.sent()
    assert int(msg["message_thread_id"]) == 77
    bot_msg_id = bot.api.next_id
    bot.api.clear()
    await bot.send("What did he tell Shoigu?", chat_id=-600, chat_type="supergroup", thread_id=77,
                   reply_to=bot_message(bot_msg_id, -600, thread_id=77))
    (msg,) = bot.api.sent()
    assert int(msg["message_thread_id"]) == 77 and "Shoigu" in msg["text"]
    key = ThreadKey.group(-600, 77, first.message.message_id)
    assert [t.standalone for t in bot.svc.memory.history(key)][-1] == "What did Dong Jun tell Shoigu?"


async def test_sources_stats_help_and_start(bot):
    await bot.send("/sources")
    assert "no answer" in bot.api.texts()[-1]
    await bot.send(SHOIGU)
    await bot.send("/sources")
    text = bot.api.texts()[-1]
    assert text.startswith("<b>Sources of the last answer</b>") and "<blockquote expandable>" in text
    await bot.send("/stats")
    assert "<b>5</b> articles" in bot.api.texts()[-1]
    await bot.send("/help")
    await bot.send("/start")
    assert "/sources" in bot.api.texts()[-1] and bot.api.texts()[-1] == bot.api.texts()[-2]


async def test_commands_are_registered_in_every_language_the_bot_speaks(bot):
    await bot.app.post_init(bot.app)
    menus = {call.get("language_code"): call["commands"] for call in bot.api.sent("setMyCommands")}
    assert sorted(menus, key=str) == [None, "de", "es", "fr", "ru", "uk", "zh"]  # English is everyone's default
    for language, commands in menus.items():
        assert [c["command"] for c in commands] == ["ask", "sources", "new", "stats", "add", "feeds", "addfeed",
                                                    "removefeed", "help", "start", "reindex"]
        assert [c["description"] for c in commands] == [say(f"cmd_{c['command']}", language or "en")
                                                        for c in commands]
        assert all(1 <= len(c["description"]) <= 256 for c in commands)  # Telegram's limits
    assert menus[None][0]["description"] == "ask a question about the articles"
    assert menus["de"][0]["description"] == "eine Frage zu den Artikeln stellen"
    assert menus["zh"][-1]["description"] == "重新加载文章（仅限管理员）"


async def test_strangers_are_refused_everywhere(make_bot):
    h = await make_bot(telegram_allowed_users="100", telegram_admin_users="1")
    for command in ("/start", "/help", f"/ask {SHOIGU}", "/sources", "/new", "/stats", "/reindex", SHOIGU):
        await h.send(command, chat_id=999, user_id=999)
    texts = h.api.texts()
    assert texts == ["Sorry, this bot only answers its team's members."]  # told once, then ignored
    assert not any(m == "sendChatAction" for m, _ in h.api.calls)
    await h.send(SHOIGU, chat_id=100, user_id=100)
    assert "[1]" in h.api.texts()[-1]
    await h.press("fb|whatever|up", user_id=999, chat_id=999)
    assert "only answers" in h.api.sent("answerCallbackQuery")[-1]["text"]
    assert h.errors == []


async def test_allowed_chat_list(make_bot):
    h = await make_bot(telegram_allowed_chats="-700")
    await h.send(f"/ask {SHOIGU}", chat_id=-701, user_id=5, chat_type="group")
    await h.send(f"/ask {SHOIGU}", chat_id=-700, user_id=5, chat_type="group")
    texts = h.api.texts()
    assert texts[0].startswith("Sorry") and "[1]" in texts[1]


async def test_rate_limits_per_user_and_per_chat(make_bot):
    h = await make_bot(telegram_user_rate="2/60", telegram_chat_rate="3/60")
    for _ in range(3):
        await h.send(SHOIGU, user_id=100, chat_id=100)
    assert h.api.texts()[-1].startswith("You're asking quickly — try again in ")
    h.api.clear()
    for user in (1, 2, 3, 4):
        await h.send(f"/ask {SHOIGU}", user_id=user, chat_id=-800, chat_type="supergroup")
    assert sum(t.startswith("You're asking quickly") for t in h.api.texts()) == 1
    assert h.errors == []


async def test_long_questions_non_text_and_stale_backlog(bot):
    await bot.send("x" * 600)
    assert bot.api.texts()[-1] == "Please keep questions under 500 characters."
    await bot.send(None, extra={"sticker": {"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1,
                                            "is_animated": False, "is_video": False, "type": "regular"}})
    assert bot.api.texts()[-1].startswith("I can only read text")
    bot.api.clear()
    await bot.send(SHOIGU, date=time.time() - 3600)
    assert bot.api.sent() == []


async def test_feedback_buttons_are_logged(bot, tmp_path):
    await bot.send(SHOIGU)
    buttons = [b for row in bot.api.sent()[0]["reply_markup"]["inline_keyboard"] for b in row]
    down = next(b for b in buttons if b["text"] == "wrong source")["callback_data"]
    await bot.press(down)
    await bot.press("fb|deadbeef00|up")
    record = json.loads((tmp_path / "feedback.jsonl").read_text().splitlines()[0])
    assert record["feedback"] == "wrong_source" and record["question"] == SHOIGU
    assert record["cited"][0].startswith("001_") and record["retrieved"] and record["answer"].count("[1]")
    answers = [p["text"] for p in bot.api.sent("answerCallbackQuery")]
    assert answers == ["Thanks — source flagged.", "This answer is too old to rate."]


async def test_reindex_is_admin_only_and_stays_inside_the_root(make_bot, tmp_path, seeds_copy):
    root = tmp_path / "articles"
    h = await make_bot(telegram_admin_users="1", engine=None,
                       citebot_data_dir=tmp_path / "own", citebot_article_root=str(root))
    await h.send("/reindex", user_id=2, chat_id=2)
    await h.send("/reindex ../../etc", user_id=1, chat_id=1)
    await h.send("/reindex", user_id=1, chat_id=1)
    texts = h.api.texts()
    assert texts[0] == "Only admins can reindex."
    assert texts[1] == "Paths must stay inside the article folder."
    assert texts[-1].startswith("5 added")
    assert h.errors == []


async def test_rejected_html_is_resent_as_plain_text(bot):
    bot.api.fail["sendMessage"] = [(400, {"ok": False, "error_code": 400,
                                          "description": "Bad Request: can't parse entities: unclosed tag"})]
    await bot.send(SHOIGU)
    first, second = bot.api.sent()
    assert first["parse_mode"] == "HTML" and "parse_mode" not in second
    assert "<b>" not in second["text"] and "Sources" in second["text"]


async def test_telegram_429_and_5xx_are_retried(make_bot):
    h = await make_bot(rate_limiter=True)
    h.api.fail["sendMessage"] = [
        (429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
               "parameters": {"retry_after": 1}}),
        (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
    ]
    started = time.monotonic()
    await h.send(SHOIGU)
    assert time.monotonic() - started >= 1.0  # retry_after honoured
    assert len(h.api.sent()) == 3 and "[1]" in h.api.texts()[-1]
    assert h.errors == []


async def test_streaming_backend_edits_a_draft_then_shows_the_checked_answer(make_bot):
    reply = " ".join(["Dong Jun asserted that China will stand with Russia on the Ukraine issue [1]."] * 3)
    h = await make_bot(chat_model=GenericFakeChatModel(messages=iter([AIMessage(reply)])))
    await h.send(SHOIGU)
    edits = h.api.sent("editMessageText")
    assert h.api.sent()[0]["text"].endswith(" …")  # the draft
    assert edits and edits[-1]["parse_mode"] == "HTML" and "<b>Sources</b>" in edits[-1]["text"]
    assert h.errors == []


async def test_engine_failure_is_reported_briefly(make_bot, seeded):
    class Broken(Engine):
        def answer(self, *a, **k):
            raise RuntimeError("disk on fire")

    h = await make_bot(engine=Broken(seeded.settings, embedder=seeded.embedder))
    await h.send(SHOIGU)
    assert h.api.texts()[-1] == "Sorry, something went wrong on my side. Please try again."
    assert len(h.errors) == 1 and "disk on fire" in str(h.errors[0])


def test_token_never_reaches_the_logs(caplog):
    logging.getLogger().addHandler(caplog.handler)
    try:
        install_log_redaction(TOKEN)
        with caplog.at_level(logging.INFO):
            logging.getLogger("httpx").warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
            logging.getLogger("telegram.ext").error(f"failed https://api.telegram.org/bot{TOKEN}/sendMessage")
        assert caplog.records and TOKEN not in caplog.text and "<token>" in caplog.text
    finally:
        logging.getLogger().removeHandler(caplog.handler)


async def test_store_outage_gets_a_friendly_reply_not_an_error(make_bot, seeded):
    from retrieval import StoreError

    class Down(Engine):
        def answer(self, *a, **k):
            raise StoreError("Chroma at http://127.0.0.1:1 failed: ConnectError")

    h = await make_bot(engine=Down(seeded.settings, embedder=seeded.embedder))
    await h.send(SHOIGU)
    assert h.api.texts()[-1].startswith("I can't reach my article library right now")
    assert h.errors == []


async def test_inline_mode_returns_a_cited_answer(bot):
    from telegram import Update

    update = Update.de_json({"update_id": 999_001, "inline_query": {
        "id": "iq1", "from": {"id": 100, "is_bot": False, "first_name": "U"}, "query": SHOIGU, "offset": ""}},
        bot.app.bot)
    await bot.app.process_update(update)
    (call,) = bot.api.sent("answerInlineQuery")
    (result,) = call["results"]
    assert result["type"] == "article" and "[1]" in result["input_message_content"]["message_text"]
    assert result["input_message_content"]["parse_mode"] == "HTML"
    short = Update.de_json({"update_id": 999_002, "inline_query": {
        "id": "iq2", "from": {"id": 100, "is_bot": False, "first_name": "U"}, "query": "hi", "offset": ""}},
        bot.app.bot)
    await bot.app.process_update(short)
    assert bot.api.sent("answerInlineQuery")[-1]["results"] == []
