"""The bot's parts on their own: the answering queue, one notice per cooldown, thread ownership in
groups, vote marks on the buttons, /stats text, user pseudonyms and the log formats; and the message
catalog (every English message has a Ukrainian and a Russian one with the same placeholders; all seven
catalogs in tests/test_message_catalogs.py)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import Counter

import pytest

from bot.audit import JsonFormatter, audit, setup_logging, user_hash
from bot.telegram.access import AnswerQueue, NoticeOnce
from bot.telegram.help import stats_text
from bot.telegram.memory import ConversationMemory, ThreadKey
from bot.telegram.render import keyboard, source_choice
from retrieval import Answer, Citation, SourceRef, Stats, Turn
from retrieval.messages import MESSAGES, choose_language, plural, say


async def test_the_queue_serves_in_order_and_tells_each_waiter_its_place():
    queue, order, told = AnswerQueue(1), [], []

    async def ask(name: str, hold: float) -> None:
        async def tell(position: int) -> None:
            told.append((name, position))

        async with queue.slot(tell):
            order.append(name)
            await asyncio.sleep(hold)

    await asyncio.gather(ask("a", 0.05), ask("b", 0.01), ask("c", 0.01))
    assert order == ["a", "b", "c"] and told == [("b", 1), ("c", 2)]
    assert queue.active == 0  # every slot given back


async def test_a_waiter_that_gives_up_does_not_keep_its_place():
    queue = AnswerQueue(1)
    release = asyncio.Event()
    served = []

    async def first() -> None:
        async with queue.slot():
            await release.wait()

    async def later(name: str) -> None:
        async with queue.slot():
            served.append(name)

    holder = asyncio.create_task(first())
    await asyncio.sleep(0)
    quitter = asyncio.create_task(later("quitter"))
    patient = asyncio.create_task(later("patient"))
    await asyncio.sleep(0.01)
    quitter.cancel()
    release.set()
    await asyncio.gather(holder, patient)
    with pytest.raises(asyncio.CancelledError):
        await quitter
    assert served == ["patient"] and queue.active == 0


def test_one_notice_per_cooldown():
    now = [100.0]
    notices = NoticeOnce(clock=lambda: now[0])
    assert notices.should_tell("u1", 30) and not notices.should_tell("u1", 29)
    assert notices.should_tell("u2", 30)  # per person
    now[0] += 31
    assert notices.should_tell("u1", 10)  # a new cooldown, a new notice


def test_group_threads_belong_to_who_started_them():
    memory = ConversationMemory()
    a, b, other = ThreadKey.group(-1, 0, 10), ThreadKey.group(-1, 7, 11), ThreadKey.group(-2, 0, 12)
    for key, user in ((a, 1), (b, 1), (other, 1)):
        memory.start(key, user)
        memory.add(key, Turn("q"))
    memory.start(a, 2)  # a reply from someone else does not make the thread theirs
    assert memory.owner(a) == 1
    assert memory.clear_user(-1, 2) == 0 and memory.history(a)
    assert memory.clear_user(-1, 1, topic=7) == 1 and memory.history(b) == [] and memory.history(a)
    assert memory.clear_user(-1, 1) == 1 and memory.history(a) == [] and memory.history(other)


def test_last_answer_in_a_chat_prefers_the_callers_threads():
    memory = ConversationMemory()
    mine, theirs = ThreadKey.group(-1, 0, 1), ThreadKey.group(-1, 0, 2)
    memory.start(mine, 1)
    memory.start(theirs, 2)
    memory.set_last(mine, Answer("mine", "m"))
    memory.set_last(theirs, Answer("theirs", "t"))
    assert memory.last_in_chat(-1, 1).question == "mine" and memory.last_in_chat(-1).question == "theirs"
    assert memory.last_in_chat(-5) is None


def _answer(n: int = 2, language: str = "en") -> Answer:
    cites = [Citation(i, f"a{i}", f"a{i}:0", SourceRef(f"Title {i}", "Outlet" if i == 1 else ""), "q")
             for i in range(1, n + 1)]
    return Answer("q", "x [1].", citations=cites, language=language)


def test_rating_buttons_show_the_votes_and_the_source_choice():
    rows = keyboard(_answer(), "id", Counter({"down": 2, "up": 1})).inline_keyboard
    assert [b.text for b in rows[-1]] == ["✓ 👍", "✓ 👎 2", "wrong source"]
    choice = source_choice(_answer(), "id").inline_keyboard
    assert [r[0].text for r in choice] == ["✗ [1] Outlet", "✗ [2] Title 2", "← back"]
    assert [r[0].callback_data for r in choice] == ["fb|id|src|1", "fb|id|src|2", "fb|id|back"]
    assert keyboard(Answer("hi", "Hi!", intent="small_talk"), "id") is None  # own words: no buttons
    assert [b.text for b in keyboard(_answer(language="ru"), "id").inline_keyboard[-1]][-1] == "не тот источник"


def test_stats_show_only_what_is_known():
    bare = Stats(articles=3, duplicates=0, chunks=1, undated=3, unknown_outlet=3)
    assert stats_text(bare, "en") == "<b>3</b> articles · 1 passage"
    full = Stats(articles=21, duplicates=2, chunks=104, outlets={f"O{i}": 3 for i in range(7)},
                 earliest="2024-01-02", latest="2024-03-04")
    assert stats_text(full, "en").splitlines() == [
        "<b>21</b> articles · 104 passages", "Syndicated copies folded in: 2.",
        "Published: 2024-01-02 – 2024-03-04.", "Outlets: O0 (3), O1 (3), O2 (3), O3 (3), O4 (3), O5 (3), +1 more."]
    assert stats_text(full, "uk").splitlines()[0] == "<b>21</b> стаття · 104 фрагменти"
    assert "2 січня 2024 – 4 березня 2024" in stats_text(full, "uk")


def test_user_ids_are_pseudonymous_and_stable():
    assert user_hash(42, "token-a") == user_hash(42, "token-a") != user_hash(42, "token-b")
    assert user_hash(42, "token-a") != user_hash(43, "token-a") and "42" not in user_hash(42, "token-a")
    assert user_hash(None, "token-a") == "-"


def test_audit_lines_as_text_and_json(caplog):
    with caplog.at_level(logging.INFO, logger="citebot.audit"):
        audit("question", chat_type="group", cited=["a", "b"], abstained=False, error=None, note="two words")
    (record,) = caplog.records
    assert record.getMessage() == 'question chat_type=group cited=a,b abstained=false error=- note="two words"'
    data = json.loads(JsonFormatter().format(record))
    assert data["event"] == "question" and data["cited"] == ["a", "b"] and data["error"] is None


def test_setup_logging_json_lines(capsys):
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    try:
        setup_logging("json")
        logging.getLogger("citebot.test").warning("the %s backend is failing", "openai")
        line = capsys.readouterr().err.strip().splitlines()[-1]
        assert json.loads(line)["message"] == "the openai backend is failing"
        assert json.loads(line)["level"] == "WARNING"
    finally:
        root.handlers[:], root.level = saved[0], saved[1]


# --- the catalog -------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["uk", "ru"])
def test_every_message_is_translated_with_the_same_placeholders(language):
    english = MESSAGES["en"]
    wanted = {k for k in english if not k.startswith("cmd_")}  # the command menu is registered in English
    assert wanted <= set(MESSAGES[language]) and set(MESSAGES[language]) <= set(english)
    for key in wanted:
        fields = set(re.findall(r"\{(\w+)\}", english[key]))
        assert set(re.findall(r"\{(\w+)\}", MESSAGES[language][key])) == fields, key
        assert MESSAGES[language][key] != english[key] or key in ("ack",), key


def test_plural_forms_and_language_choice():
    assert [plural(n, "n_stored", "uk") for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "стаття", "статті", "статей", "статей", "стаття", "статті", "статей"]
    assert [plural(n, "n_stored", "en") for n in (0, 1, 2)] == ["articles", "article", "articles"]
    assert choose_language("uk-UA") == "uk" and choose_language(None, "ru") == "ru"
    assert choose_language("pt-BR") == "en" and choose_language("uk_UA.UTF-8") == "uk"
    assert say("rate_limited", "de", wait=3) == "Sie fragen sehr schnell — bitte versuchen Sie es in 3 s erneut."
    assert say("rate_limited", "pt", wait=3).startswith("You're asking quickly")  # English for other languages
