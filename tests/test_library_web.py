"""The engine's web library: article links and feed URLs ingested like files, subscribed feeds polled,
old web articles retired, bad links refused without touching what is stored.

Pages and feeds come from a local HTTP server (tests.test_web.Site); private addresses are allowed for it.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from retrieval import Engine, load_settings

from .test_feeds import FERRY, STORIES, rss
from .test_web import BODY, Site, article_html

BODIES = {
    "harbour": BODY,
    "ferry": FERRY,
    "school": [
        "The town's first new primary school in forty years opened on Monday inside the old customs house, "
        "a listed building that stood empty for a decade after the port authority moved out.",
        "Head teacher Aiko Tanaka said 180 pupils had enrolled and that the former tariff hall now serves as a "
        "library and canteen, while the harbour-facing offices became six bright classrooms.",
    ],
    "bridge": [
        "Repairs to the Old Quay bridge finished two months early, the roads department said on Wednesday, after "
        "crews worked through a mild winter and the steel deck sections arrived ahead of schedule.",
        "The bridge reopens to buses and lorries on Friday; the project came in 1.2 million euros under its "
        "budget of 9 million, according to the department's final report.",
    ],
}


def serve_story(site: Site, slug: str) -> None:
    title, author, day = STORIES[slug]
    site.add(f"/news/{slug}", article_html(title, BODIES[slug], author=author, published=f"{day}T08:30:00Z"))


@pytest.fixture
def site():
    with Site() as s:
        for slug in STORIES:
            serve_story(s, slug)
        s.add("/rss.xml", rss(s, ["harbour", "ferry", "school"]), content_type="application/rss+xml",
              validators=True)
        yield s


@pytest.fixture
def web_engine(tmp_path, embedder, monkeypatch) -> Engine:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(citebot_data_dir=tmp_path / "data", citebot_allow_private_urls=True,
                             fetch_host_delay=0.0, multilingual_index="off")
    return Engine(settings, embedder=embedder)


def test_an_article_link_is_stored_and_cited_with_its_url(web_engine, site):
    url = site.url("/news/ferry")
    report = web_engine.ingest([url])
    assert report.ok and len(report.added) == 1 and report.refs[report.added[0]].title == STORIES["ferry"][0]
    a = web_engine.answer("Why were the ferry services to the outer islands cancelled?")
    assert not a.abstained and "gale-force winds" in a.text
    c = a.citations[0]
    assert (c.url, c.source, c.published) == (url, "The Harbour Gazette", STORIES["ferry"][2])
    again = web_engine.ingest([url])  # the same page again changes nothing
    assert (again.added, again.updated, again.unchanged) == ([], [], 1)


def test_a_feed_url_brings_its_items(web_engine, site):
    report = web_engine.ingest([site.url("/rss.xml")])
    titles = sorted(r.title for r in report.refs.values())
    assert report.ok and titles == sorted(STORIES[s][0] for s in ("harbour", "ferry", "school"))
    assert web_engine.stats().articles == 3


def test_subscribed_feeds_are_polled_conditionally_and_new_items_answer(web_engine, site, seeds_copy):
    web_engine.ingest([seeds_copy])
    assert web_engine.web.subscribe([site.url("/rss.xml")]) == [site.url("/rss.xml")]
    first = web_engine.poll_feeds()
    assert (first.feeds, first.articles, len(first.ingest.added)) == (1, 3, 3)
    second = web_engine.poll_feeds()
    assert (second.not_modified, second.articles, second.ingest) == (1, 0, None)
    assert web_engine.answer("When do bridge repairs finish?").abstained
    site.add("/rss.xml", rss(site, ["bridge", "harbour", "ferry", "school"]), content_type="application/rss+xml",
             validators=True)
    third = web_engine.poll_feeds()
    assert third.articles == 1 and len(third.ingest.added) == 1
    assert len(site.hits("/news/harbour")) == 1  # items already stored are not fetched again
    a = web_engine.answer("Which repairs finished two months early?")
    assert not a.abstained and a.citations[0].title == STORIES["bridge"][0]
    assert web_engine.stats().articles == 5 + 4


def test_old_web_articles_retire_but_files_stay(web_engine, site, seeds_copy, monkeypatch):
    web_engine.ingest([seeds_copy, site.url("/rss.xml")])
    assert web_engine.retire_expired(today=date(2024, 3, 10)) == []  # no CITEBOT_MAX_AGE_DAYS: keep all
    web_engine.settings.citebot_max_age_days = 5
    gone = web_engine.retire_expired(today=date(2024, 3, 10))
    # harbour (5 March) is five days old; ferry (4th) and school (3rd) are older; the seed files never go
    titles = {r.ref.title for r in web_engine.store.all_articles().values()}
    assert len(gone) == 2 and STORIES["harbour"][0] in titles
    assert not titles & {STORIES["ferry"][0], STORIES["school"][0]}
    assert web_engine.stats().articles == 5 + 1
    assert web_engine.answer("Why were the ferry services cancelled?").abstained


def test_bad_links_are_named_and_change_nothing(web_engine, site, seeds_copy, monkeypatch):
    web_engine.ingest([seeds_copy])
    before = web_engine.stats()
    report = web_engine.ingest([site.url("/missing"), site.url("/news/school").replace("/news", "/nope"),
                                "http://[::1]:1/closed-port"])
    assert not report.ok and len(report.skipped) == 3 and not report.changed
    assert all(s.reason and "\n" not in s.reason for s in report.skipped)
    assert "404" in report.skipped[0].reason
    assert web_engine.stats() == before
    # Without CITEBOT_ALLOW_PRIVATE_URLS a loopback address is refused before any request is sent.
    strict = Engine(load_settings(citebot_data_dir=web_engine.settings.citebot_data_dir, fetch_host_delay=0.0,
                                  multilingual_index="off"), embedder=web_engine.embedder)
    served = len(site.requests)
    refused = strict.ingest([site.url("/news/bridge")])
    assert len(refused.skipped) == 1 and "private" in refused.skipped[0].reason.lower()
    assert len(site.requests) == served and strict.stats().articles == before.articles


def test_cli_watch_polls_the_feed_list(site, tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(tmp_path / "cli"))
    monkeypatch.setenv("CITEBOT_ALLOW_PRIVATE_URLS", "true")
    monkeypatch.setenv("FETCH_HOST_DELAY", "0")
    monkeypatch.setenv("MULTILINGUAL_INDEX", "off")
    with pytest.raises(SystemExit) as exc:
        main(["watch", "--once"])  # nothing subscribed and no list given
    assert exc.value.code == 2 and "no feeds to watch" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["watch", "--interval", "0"])
    assert exc.value.code == 2 and "must be minutes" in capsys.readouterr().err
    bad = tmp_path / "bad.txt"
    bad.write_text("# my feeds\nnot a url\n")
    assert main(["watch", str(bad), "--once"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not http(s) URLs: not a url" in err
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the gazette\n{site.url('/rss.xml')}\n\n")
    assert main(["watch", str(feeds), "--once", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["feeds"] == 1 and len(first["ingest"]["added"]) == 3
    assert main(["watch", "--once"]) == 0  # the subscription is remembered
    assert "1 feeds checked (1 unchanged), 0 new items fetched; nothing new" in capsys.readouterr().out


def test_watch_keeps_polling_until_stopped(web_engine, site, capsys):
    from argparse import Namespace

    from bot.commands import cmd_watch

    web_engine.web.subscribe([site.url("/rss.xml")])
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt

    args = Namespace(feeds_file=None, once=False, interval=0.5, json=False)
    assert cmd_watch(args, web_engine, sleep=sleep) == 0
    out = capsys.readouterr()
    assert naps == [30.0, 30.0] and out.out.count("feeds checked") == 2 and "stopped watching" in out.err


def test_syndicated_copies_collapse_and_every_outlet_is_kept(web_engine, site):
    from bot.render import source_line

    title, author, day = STORIES["bridge"]
    for path, outlet in (("/wire/bridge", "Coastal Wire"), ("/daily/bridge", "The Island Daily")):
        site.add(path, article_html(title, BODIES["bridge"], outlet=outlet, author=author,
                                    published=f"{day}T08:30:00Z"))
    report = web_engine.ingest([site.url("/wire/bridge"), site.url("/daily/bridge")])
    assert len(report.added) == 1 and len(report.duplicates) == 1
    a = web_engine.answer("How much under budget did the Old Quay bridge project come in?")
    c = a.citations[0]
    assert "1.2 million euros" in a.text and c.source == "Coastal Wire" and c.also == ("The Island Daily",)
    assert source_line(c).endswith("(also in The Island Daily)")
    assert a.to_dict()["citations"][0]["also"] == ["The Island Daily"]
