"""The bot as people use it, in-process: feedback that means something, group etiquette, one rate-limit
notice, help from the library, unknown commands, inline declines, the LLM-down wording, the queue,
the audit log line, and the bot's own words in the reader's language."""

from __future__ import annotations

import asyncio
import html
import json
import logging
import time

import pytest

from bot.audit import JsonFormatter
from bot.telegram.access import AnswerQueue
from bot.telegram.memory import ThreadKey
from retrieval import Engine, feedback_to_questions, say
from retrieval.library import LibraryProfile

from . import tg_fake
from .html_check import validate_html
from .tg_fake import bot_message, message_update

SHOIGU = "What did China's defense minister tell Shoigu?"
MINISTER = "Who is China's defense minister?"  # answered from two articles
MENTION = "@citebot_test_bot"
GROUP = {"chat_id": -900, "chat_type": "supergroup"}
make_bot, bot = tg_fake.make_bot, tg_fake.bot  # the fixtures (tests/tg_fake.py)


def answer_id(params: dict) -> str:
    return params["reply_markup"]["inline_keyboard"][-1][0]["callback_data"].split("|")[1]


def feedback_log(tmp_path) -> list[dict]:
    path = tmp_path / "feedback.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def mentioned(text: str) -> dict:
    return {"entities": [{"type": "mention", "offset": 0, "length": len(MENTION)}], **GROUP}


def audit_lines(caplog) -> list[dict]:
    return [r.audit for r in caplog.records if r.name == "citebot.audit"]


# --- feedback ----------------------------------------------------------------------------------------
async def test_one_vote_per_user_per_answer_marked_on_the_message(bot, tmp_path):
    await bot.send(SHOIGU)  # one cited source: "wrong source" needs no question
    aid = answer_id(bot.api.sent()[0])
    for kind in ("up", "down", "wrong_source", "down", "down"):
        await bot.press(f"fb|{aid}|{kind}")
    marks = [bot.api.buttons(p)[-1] for p in bot.api.sent("editMessageReplyMarkup")]
    assert marks[0] == ["✓ 👍", "👎", "wrong source"] and marks[2] == ["👍", "👎", "✓ wrong source"]
    assert marks[-1] == ["👍", "✓ 👎", "wrong source"]
    toasts = [p.get("text") for p in bot.api.sent("answerCallbackQuery")]
    assert toasts == ["Thanks!", "Thanks — noted.", "Thanks — source flagged.", "Thanks — noted.",
                      "You've already chosen that."]
    votes = feedback_log(tmp_path)
    assert [(v["feedback"], v["replaces"]) for v in votes] == [
        ("up", None), ("down", "up"), ("wrong_source", "down"), ("down", "wrong_source")]
    (row,) = feedback_to_questions(votes)  # three presses, one person: one evaluation row, the last vote
    assert row["question_type"] == "feedback_down" and row["needs_label"] and row["answer"] == ""
    prompts = [p for p in bot.api.sent() if (p.get("reply_markup") or {}).get("force_reply")]
    assert len(prompts) == 1 and prompts[0]["text"].startswith("What was wrong?")  # asked once

    await bot.press(f"fb|{aid}|up", user_id=200)  # another person's vote is their own
    assert bot.api.buttons(bot.api.sent("editMessageReplyMarkup")[-1])[-1] == ["✓ 👍", "✓ 👎", "wrong source"]
    assert [r["question_type"] for r in feedback_to_questions(feedback_log(tmp_path))] == [
        "feedback_down", "feedback_up"]


async def test_wrong_source_asks_which_and_records_that_one_with_a_note(bot, tmp_path):
    await bot.send(MINISTER)
    (msg,) = bot.api.sent()
    assert "[2]" in msg["text"]
    aid = answer_id(msg)
    await bot.press(f"fb|{aid}|wrong_source")
    choice = bot.api.buttons(bot.api.sent("editMessageReplyMarkup")[-1])
    assert [row[0].split("]")[0] for row in choice] == ["✗ [1", "✗ [2", "← back"]
    assert bot.api.sent("answerCallbackQuery")[-1]["text"] == "Which source was wrong? Tap it below."
    assert feedback_log(tmp_path) == []  # nothing recorded until a source is chosen
    await bot.press(f"fb|{aid}|back")
    assert bot.api.buttons(bot.api.sent("editMessageReplyMarkup")[-1]) == [["👍", "👎", "wrong source"]]

    await bot.press(f"fb|{aid}|wrong_source")
    await bot.press(f"fb|{aid}|src|2")
    (vote,) = feedback_log(tmp_path)
    assert vote["feedback"] == "wrong_source" and vote["wrong_marker"] == 2
    assert vote["wrong_article_id"] == vote["cited"][1] != vote["cited"][0]
    assert bot.api.buttons(bot.api.sent("editMessageReplyMarkup")[-1]) == [["👍", "👎", "✓ wrong source"]]
    prompt = bot.api.sent()[-1]
    assert prompt["reply_markup"]["force_reply"] and prompt["text"].startswith("What was wrong?")

    bot.api.clear()
    note = "The second source is about a different video call"
    await bot.send(note, reply_to=bot_message(bot.api.next_id, 100))
    assert bot.api.texts() == ["Thanks — I've added your note."]  # a note, not answered as a question
    assert feedback_log(tmp_path)[-1] == {**feedback_log(tmp_path)[-1], "feedback": "note", "note": note}
    (row,) = feedback_to_questions(feedback_log(tmp_path))
    assert row["not_evidence_article_ids"] == [vote["cited"][1]] and row["note"] == note and row["needs_label"]


async def test_a_stale_or_foreign_button_is_answered_politely(bot):
    await bot.press("fb|0000000000|up")
    await bot.press("fb|0000000000|src|9")
    assert [p["text"] for p in bot.api.sent("answerCallbackQuery")] == ["This answer is too old to rate."] * 2


# --- groups ------------------------------------------------------------------------------------------
async def test_new_in_a_group_forgets_only_the_callers_threads(make_bot):
    h = await make_bot(telegram_admin_users="9")
    first = await h.send(f"/ask {MINISTER}", user_id=1, **GROUP)
    second = await h.send(f"/ask {SHOIGU}", user_id=2, **GROUP)
    mine = ThreadKey.group(-900, 0, first.message.message_id)
    theirs = ThreadKey.group(-900, 0, second.message.message_id)
    await h.send("/new", user_id=2, **GROUP)
    assert h.svc.memory.history(mine) and h.svc.memory.history(theirs) == []
    reply = h.api.sent()[-1]
    assert reply["text"].startswith("Done — I've forgotten your conversation") and "reply_markup" not in reply

    await h.send("/new", user_id=9, **GROUP)  # an admin is offered the whole chat, behind a button
    offer = h.api.sent()[-1]
    assert h.api.buttons(offer) == [["Forget the whole chat"]] and h.svc.memory.history(mine)
    await h.press("new|all", user_id=1, chat_id=-900, message_id=h.api.next_id)
    assert h.api.sent("answerCallbackQuery")[-1]["text"] == "Only admins can do that." and h.svc.memory.history(mine)
    await h.press("new|all", user_id=9, chat_id=-900, message_id=h.api.next_id)
    assert h.svc.memory.history(mine) == []
    assert h.api.sent("editMessageText")[-1]["text"] == "Done — I've forgotten every conversation in this chat."
    assert h.errors == []


async def test_small_talk_is_a_plain_reply_and_a_bare_thanks_in_a_group_gets_none(bot):
    for text in (f"{MENTION} thanks!", f"{MENTION} ok", f"{MENTION} 👍"):
        await bot.send(text, **mentioned(text))
    assert bot.api.sent() == []
    await bot.send(f"{MENTION} hello", **mentioned("hello"))
    (hello,) = bot.api.sent()
    assert hello["text"].startswith("Hi!") and "reply_markup" not in hello and hello["reply_parameters"]

    bot.api.clear()
    await bot.send(SHOIGU)
    await bot.send("Who won the 2022 World Cup?")  # a decline: no buttons, and not what /sources shows
    await bot.send("what can you do?")
    await bot.send("thanks")
    _, decline, about, thanks = bot.api.sent()
    assert "reply_markup" not in decline and "My library holds 5 news articles" in about["text"]
    assert "reply_markup" not in about and "Sources" not in about["text"] and thanks["text"] == "You're welcome!"
    assert [t.question for t in bot.svc.memory.history(ThreadKey.private(100))] == [
        SHOIGU, "Who won the 2022 World Cup?"]  # small talk is not part of the conversation
    await bot.send("/sources")
    assert "Chinese defense chief offers full support" in bot.api.texts()[-1]


# --- limits and the queue ----------------------------------------------------------------------------
async def test_one_rate_limit_notice_per_cooldown(make_bot, caplog):
    h = await make_bot(telegram_user_rate="2/60")
    with caplog.at_level(logging.INFO, logger="citebot.audit"):
        for _ in range(10):
            await h.send(SHOIGU)
    texts = h.api.texts()
    assert sum("[1]" in t for t in texts) == 2
    assert sum(t.startswith("You're asking quickly — try again in ") for t in texts) == 1
    assert [a["outcome"] for a in audit_lines(caplog)] == ["answered"] * 2 + ["rate_limited"] * 8


async def test_slow_answers_tell_people_their_place_in_line(make_bot, seeded):
    class ModelPaced(Engine):  # a language model's pace: drafts are streamed, answers take a while
        @property
        def streams_drafts(self) -> bool:
            return True

        def stream(self, *args, **kwargs):
            time.sleep(0.4)
            yield from super().stream(*args, **kwargs)

    h = await make_bot(engine=ModelPaced(seeded.settings, embedder=seeded.embedder))
    h.svc.queue = AnswerQueue(1)
    updates = [message_update(h.app, SHOIGU, user_id=u, chat_id=u) for u in (1, 2, 3)]
    await asyncio.gather(*(h.app.process_update(u) for u in updates))
    queued = [p for p in h.api.sent() if "in line" in p["text"]]
    assert sorted(p["text"] for p in queued) == [
        "You're #1 in line — I'll answer as soon as I can.", "You're #2 in line — I'll answer as soon as I can."]
    for notice in queued:  # each notice became that person's answer
        edits = [e for e in h.api.sent("editMessageText") if e["chat_id"] == notice["chat_id"]]
        assert edits and "<b>Sources</b>" in edits[-1]["text"]
    assert h.errors == []


# --- help, commands, inline --------------------------------------------------------------------------
async def test_help_is_written_from_the_library_with_examples_it_answers(bot):
    await bot.send("/help")
    text = bot.api.texts()[-1]
    assert text.startswith("<b>My library holds 5 news articles.") and "Topics: Ukraine" in text
    assert "Published: 2024-02-05 (dates known for 1 of 5)." in text
    assert "Outlets: Agnes Isika Blog." in text  # a page's masthead
    assert validate_html(text) == []
    tries = [html.unescape(line[2:]) for line in text.splitlines() if line.startswith("• ")]
    assert len(tries) == 3
    # this deployment: no article has a URL, no inline mode, nobody may /reindex
    assert "button that opens" not in text and MENTION not in text and "/reindex" not in text
    bot.api.clear()
    for question in tries:
        await bot.send(question)
    assert all("<b>Sources</b>" in t for t in bot.api.texts())


async def test_help_mentions_the_features_this_deployment_has(make_bot, monkeypatch):
    h = await make_bot(telegram_admin_users="1", me={"supports_inline_queries": True})
    monkeypatch.setattr("bot.telegram.help.profile", lambda engine: LibraryProfile(
        articles=3, outlets=["Reuters", "AP"], first="2024-01-02", last="2024-03-04", dated=3, linked=2,
        topics=["Kyiv"]))
    monkeypatch.setattr("bot.telegram.help.examples", lambda engine, language: [])
    await h.send("/help")
    text = h.api.texts()[-1]
    assert "Outlets: Reuters, AP." in text and "Published: 2024-01-02 – 2024-03-04." in text
    assert "button that opens" in text and f"type {MENTION} and a question" in text and "/reindex" in text
    assert "Try asking" not in text


async def test_unknown_commands_get_a_one_line_hint_where_meant_for_the_bot(bot):
    await bot.send("/foo")
    assert bot.api.texts() == ["I don't know /foo — /help lists what I can do."]
    bot.api.clear()
    await bot.send("/foo", **GROUP)  # in a group, a bare /foo may be for another bot
    await bot.send("/help@other_bot", **GROUP)
    assert bot.api.sent() == []
    await bot.send(f"/foo{MENTION}", **GROUP)
    assert bot.api.texts() == ["I don't know /foo — /help lists what I can do."]


async def test_inline_offers_a_no_answer_article_instead_of_a_decline(bot):
    await bot.inline("Who won the 2022 World Cup?")
    (result,) = bot.api.sent("answerInlineQuery")[-1]["results"]
    content = result["input_message_content"]["message_text"]
    assert result["title"] == "No answer in the library" and "has no answer" in content
    assert "Who won the 2022 World Cup?" in content and "I can't answer" not in content
    await bot.inline(SHOIGU)
    (result,) = bot.api.sent("answerInlineQuery")[-1]["results"]
    assert "[1]" in result["input_message_content"]["message_text"] and "reply_markup" not in result


async def test_stats_leave_out_what_is_unknown(bot):
    await bot.send("/stats")
    text = bot.api.texts()[-1]
    # four pages name no outlet and four no date: neither is listed as "unknown"
    assert text == "<b>5</b> articles · 20 passages\nPublished: 2024-02-05 (dates known for 1 of 5).\n" \
        "Outlets: Agnes Isika Blog (1)."


# --- failures and the audit log ----------------------------------------------------------------------
async def test_llm_outage_is_told_in_words_for_people_and_logged_once(make_bot, caplog):
    h = await make_bot(answer_backend="openai", openai_base_url="http://127.0.0.1:9/v1", llm_timeout=2.0)
    with caplog.at_level(logging.INFO):
        await h.send(SHOIGU)
        await h.send(MINISTER)
    texts = h.api.texts()
    assert len(texts) == 2
    for text in texts:
        assert "<i>The language model is unavailable right now, so this answer quotes the sources directly.</i>" in text
        assert "Error" not in text and "openai" not in text and "[1]" in text
    failing = [r for r in caplog.records if r.levelno == logging.WARNING and "failing" in r.getMessage()]
    assert len(failing) == 1 and "Connection" in failing[0].getMessage()  # once per outage, with the reason
    assert all("Connection" in a["error"] and a["backend"] == "extractive" for a in audit_lines(caplog))
    assert h.errors == []


async def test_each_question_and_admin_action_writes_one_audit_line(make_bot, caplog):
    h = await make_bot(telegram_admin_users="9")
    with caplog.at_level(logging.INFO, logger="citebot.audit"):
        await h.send(f"/ask {SHOIGU}", user_id=5, **GROUP)
        await h.send("/reindex", user_id=5)
        await h.send("/new", user_id=9, **GROUP)
        await h.press("new|all", user_id=9, chat_id=-900, message_id=h.api.next_id)
    question, refused, forgot = audit_lines(caplog)
    assert question["event"] == "question" and question["chat_type"] == "supergroup"
    assert question["outcome"] == "answered"
    assert len(question["user"]) == 12 and question["user"] != "5" and question["user"] == h.svc.who(5)
    assert question["chars"] == len(SHOIGU) and question["latency_ms"] > 0 and question["engine_ms"] > 0
    assert question["retrieved"] and question["cited"][0].startswith("001_") and question["abstained"] is False
    assert question["backend"] == "extractive" and question["error"] is None and question["intent"] == "question"
    assert refused == {"event": "admin", "action": "reindex", "user": h.svc.who(5), "chat_type": "private",
                       "outcome": "reindex_admins"}
    assert forgot["action"] == "forget_chat" and forgot["threads"] == 1
    line = next(r for r in caplog.records if r.name == "citebot.audit")
    assert "chars=46" in line.getMessage() and "user=5 " not in line.getMessage()
    data = json.loads(JsonFormatter().format(line))
    assert data["message"] == "question" and data["cited"] == question["cited"] and data["level"] == "INFO"


# --- the reader's language ---------------------------------------------------------------------------
async def test_the_bots_words_follow_the_readers_language(make_bot):
    h = await make_bot(telegram_user_rate="1/60")
    await h.send("/help", language_code="uk")
    assert "У моїй бібліотеці 5 новинних статей" in h.api.texts()[-1] and "Спробуйте спитати:" in h.api.texts()[-1]
    await h.send("/stats", language_code="ru-RU")
    assert h.api.texts()[-1].startswith("<b>5</b> статей · 20 фрагментов")
    await h.send("Що сказав міністр оборони Китаю Шойгу?", language_code="en")  # the question's language wins
    answer = h.api.sent()[-1]
    assert "<b>Джерела</b>" in answer["text"] and h.api.buttons(answer)[-1] == ["👍", "👎", "не те джерело"]
    await h.send("Что сказал министр обороны Китая Шойгу?", language_code="en")
    assert h.api.texts()[-1].startswith("Вы спрашиваете слишком часто — попробуйте снова через ")
    await h.send("/foo", language_code="ru")
    assert h.api.texts()[-1] == "Я не знаю команды /foo — /help покажет, что я умею."
    await h.send("/new", language_code="uk")
    assert h.api.texts()[-1] == "Готово — я забув нашу розмову. Питайте що завгодно."
    assert h.errors == []


# Small talk and "what can you do?" answered in the message's own language, whatever the app is set to.
OWN_WORDS = [  # (message, what the bot says, the message's language)
    ("Hallo", "greeting", "de"), ("Guten Tag", "greeting", "de"), ("Danke!", "thanks", "de"),
    ("Vielen Dank", "thanks", "de"), ("Bonjour", "greeting", "fr"), ("Merci beaucoup", "thanks", "fr"),
    ("Hola", "greeting", "es"), ("Gracias", "thanks", "es"), ("¡Buenos días!", "greeting", "es"),
    ("你好", "greeting", "zh"), ("谢谢", "thanks", "zh"), ("谢谢你！", "thanks", "zh"),
    ("Привет", "greeting", "ru"), ("Спасибо большое", "thanks", "ru"), ("Привіт", "greeting", "uk"),
    ("Дякую", "thanks", "uk"), ("hi", "greeting", "en"), ("thanks!", "thanks", "en"),
    ("Was kannst du?", "about", "de"), ("Worüber weißt du Bescheid?", "about", "de"),
    ("Que sais-tu faire ?", "about", "fr"), ("De quoi peux-tu parler ?", "about", "fr"),
    ("¿Qué puedes hacer?", "about", "es"), ("¿De qué sabes?", "about", "es"), ("你能做什么？", "about", "zh"),
    ("你知道什么？", "about", "zh"), ("Что ты умеешь?", "about", "ru"), ("Что ты знаешь?", "about", "ru"),
    ("Що ти вмієш?", "about", "uk"), ("Про що ти знаєш?", "about", "uk"), ("what can you do?", "about", "en"),
    ("what do you know about?", "about", "en"),
]


@pytest.mark.parametrize(("text", "kind", "language"), OWN_WORDS)
async def test_small_talk_and_questions_about_the_bot_in_the_messages_language(bot, text, kind, language):
    await bot.send(text, language_code="en")
    (reply,) = bot.api.sent()
    own = bot.svc.engine.describe_library(language) if kind == "about" else say(kind, language)
    assert html.unescape(reply["text"]) == own and "reply_markup" not in reply
    answer = bot.svc.engine.answer(text, language="en")
    assert (answer.intent, answer.language) == ("about_bot" if kind == "about" else "small_talk", language)
    assert not answer.citations and not answer.abstained


@pytest.mark.parametrize(("text", "app", "intent", "language"), [
    ("hi", "de", "small_talk", "de"), ("thanks!", "fr", "small_talk", "fr"), ("ok", "uk", "small_talk", "uk"),
    ("👍", "es", "small_talk", "es"), ("help", "ru", "about_bot", "ru"),  # every language's words: the app's
    ("Hallo", "ru", "small_talk", "de"), ("Привет", "uk", "small_talk", "ru"), ("Hilfe", "en", "about_bot", "de"),
    ("Hola, ¿quién es Dong Jun?", "en", "question", "es"),  # a question, greeting or not
    ("Was weißt du über Dong Jun?", "en", "question", "de"), ("Что ты знаешь о Шойгу?", "en", "question", "ru"),
    ("Ça va durer combien de temps ?", "en", "question", "fr"), ("Помощь Украине?", "en", "question", "ru"),
])
def test_whose_words_decide_the_language_of_the_bots_own_words(seeded, text, app, intent, language):
    plan = seeded.plan(text, language=app)
    assert (plan.intent, plan.language) == (intent, language)
