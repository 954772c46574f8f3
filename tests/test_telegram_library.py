"""Growing the library from Telegram, in-process: article links and documents sent to the bot, /add in
groups, admins' /feeds /addfeed /removefeed, and the scheduled poll. Pages and feeds come from a local
HTTP server (tests.test_web.Site)."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from bot.telegram import library as lib

from . import tg_fake
from .html_check import validate_html
from .test_feeds import STORIES, rss
from .test_library_web import serve_story
from .test_web import Site

make_bot = tg_fake.make_bot
GROUP = {"chat_id": -900, "chat_type": "supergroup"}
ADMIN = 9


@pytest.fixture
def site():
    with Site() as s:
        for slug in STORIES:
            serve_story(s, slug)
        s.add("/rss.xml", rss(s, ["harbour", "ferry"]), content_type="application/rss+xml", validators=True)
        s.add("/not-a-feed", "<html><body><p>Hello</p></body></html>")
        yield s


@pytest.fixture
async def lbot(make_bot, tmp_path):
    return await make_bot(citebot_data_dir=tmp_path / "lib", citebot_allow_private_urls=True, fetch_host_delay=0.0,
                          multilingual_index="off", telegram_admin_users=str(ADMIN))


def last(h) -> str:
    text = h.api.texts()[-1]
    validate_html(text)
    return text


async def test_a_link_sent_privately_is_added_and_answers_at_once(lbot, site):
    await lbot.send(site.url("/news/ferry"))
    assert last(lbot) == ("Added: <b>Storm closes ferry routes for a third day</b> · The Harbour Gazette · "
                          "2024-03-04, 1 passage.")
    await lbot.send("Why were the ferry services to the outer islands cancelled?")
    answer = last(lbot)
    assert "gale-force winds" in answer and "Storm closes ferry routes" in answer
    await lbot.send(site.url("/news/ferry"))  # the same link again
    assert last(lbot).startswith("Already in the library: <b>Storm closes ferry routes")
    assert lbot.svc.engine.stats().articles == 1 and not lbot.errors


async def test_bad_links_say_why_and_change_nothing(lbot, site):
    await lbot.send(f"{site.url('/missing')} {site.url('/not-a-feed')}")
    lines = last(lbot).split("\n")
    assert len(lines) == 2 and all(line.startswith("Not added — http://127.0.0.1:") for line in lines)
    assert "404" in lines[0]
    assert lbot.svc.engine.stats().articles == 0 and not lbot.errors


async def test_documents_private_and_with_add_in_a_group(lbot):
    text = b"Title: Port strike ends\n\nDock workers in Rotterdam ended a nine-day strike on Friday after the " \
           b"union accepted a 6 percent pay rise, the port authority said.\n"
    await lbot.send(None, extra=tg_fake.document(lbot.api, "strike.txt", text, "d1"))
    assert last(lbot) == "Added: <b>Port strike ends</b>, 1 passage."
    await lbot.send(None, extra=tg_fake.document(lbot.api, "scan.pdf", b"%PDF-1.4", "d2"))
    assert last(lbot) == "I can add .txt, .md, .html and .jsonl files."
    # In a group a document is added only when asked: /add as its caption, or /add in reply to it.
    before = len(lbot.api.texts())
    await lbot.send(None, extra=tg_fake.document(lbot.api, "quiet.md", b"# Quiet\n\nNothing to see here, the "
                                                 b"harbour master said on Monday morning.\n", "d3"), **GROUP)
    assert len(lbot.api.texts()) == before
    doc = tg_fake.document(lbot.api, "quiet.md", lbot.api.files["d3"], "d3")
    await lbot.send("/add", reply_to={"message_id": 5, "date": 0, "chat": {"id": -900, "type": "supergroup"},
                                      "from": {"id": 7, "is_bot": False, "first_name": "U7"}, **doc}, **GROUP)
    assert last(lbot).startswith("Added: <b>Quiet</b>")
    await lbot.send("Why did the Rotterdam dock workers end their strike?")
    assert "6 percent pay rise" in last(lbot)
    assert lbot.svc.engine.stats().articles == 2 and not lbot.errors


async def test_group_links_need_add(lbot, site):
    await lbot.send(site.url("/news/school"), **GROUP)  # not addressed to the bot: ignored
    assert lbot.api.texts() == [] and lbot.svc.engine.stats().articles == 0
    await lbot.send(f"/add {site.url('/news/school')}", **GROUP)
    assert last(lbot).startswith("Added: <b>New school opens in the old customs house</b>")
    await lbot.send("/add", **GROUP)
    assert last(lbot).startswith("Send /add with article links")


async def test_admins_manage_feeds_and_the_job_polls_them(lbot, site, caplog):
    await lbot.send("/feeds")
    assert last(lbot) == "No feeds yet. Admins add one with /addfeed URL."
    await lbot.send(f"/addfeed {site.url('/rss.xml')}", user_id=5)
    assert last(lbot) == "Only admins can change the feeds." and lbot.svc.engine.web.feeds() == []
    await lbot.send(f"/addfeed {site.url('/not-a-feed')}", user_id=ADMIN)
    assert last(lbot).startswith("Could not add the feed: ") and lbot.svc.engine.web.feeds() == []
    await lbot.send(f"/addfeed {site.url('/rss.xml')}", user_id=ADMIN)
    reply = last(lbot).split("\n")
    assert reply[0] == "Subscribed to The Harbour Gazette." and len(reply) == 3
    assert all(line.startswith("Added: <b>") for line in reply[1:])
    await lbot.send("/feeds")
    listing = last(lbot)
    assert "1. <b>The Harbour Gazette</b> — " + site.url("/rss.xml") in listing and "last checked" in listing
    # The scheduled poll: nothing new (a conditional request), then a new item is stored and answers.
    job = SimpleNamespace(bot_data=lbot.app.bot_data)
    with caplog.at_level(logging.INFO, logger="citebot.audit"):
        await lib.poll_job(job)
        site.add("/rss.xml", rss(site, ["bridge", "harbour", "ferry"]), content_type="application/rss+xml",
                 validators=True)
        await lib.poll_job(job)
    polls = [r.getMessage() for r in caplog.records if r.getMessage().startswith("feeds ")]
    assert "not_modified=1" in polls[0] and "added=0" in polls[0] and "added=1" in polls[1]
    await lbot.send("Which repairs finished two months early?")
    assert "Bridge repairs finish two months early" in last(lbot)
    await lbot.send("/removefeed 1", user_id=5)
    assert last(lbot) == "Only admins can change the feeds."
    await lbot.send("/removefeed 2", user_id=ADMIN)
    assert last(lbot).startswith("Could not remove it: no feed number 2")
    await lbot.send("/removefeed 1", user_id=ADMIN)
    assert last(lbot) == "Unsubscribed from The Harbour Gazette. Its articles stay in the library."
    assert lbot.svc.engine.web.feeds() == [] and lbot.svc.engine.stats().articles == 3
    assert lbot.app.job_queue.jobs()[0].name == "poll_feeds" and not lbot.errors


async def test_replies_in_the_users_language(lbot, site):
    await lbot.send(site.url("/news/harbour"), language_code="uk")
    assert last(lbot).startswith("Додано: <b>Council approves harbour expansion</b> · The Harbour Gazette · "
                                 "5 березня 2024, ")
    await lbot.send("/feeds", language_code="ru")
    assert last(lbot) == "Лент пока нет. Администраторы добавляют их командой /addfeed URL."
