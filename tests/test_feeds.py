"""retrieval.ingest.feeds: RSS/Atom/JSON Feed parsing, article extraction, subscriptions and polling.

Feeds and article pages are served by a local HTTP server (tests.test_web.Site).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from email.utils import format_datetime

import pytest

from retrieval.ingest import feeds
from retrieval.ingest.feeds import (
    MAX_SEEN,
    FeedItem,
    FeedPoller,
    FeedRegistry,
    article_from_page,
    article_id_for,
    fetch_article,
    is_probably_feed,
    parse_feed,
)
from retrieval.ingest.web import Fetcher, FetchPolicy, Page, WebError

from .test_web import BODY, Site, article_html

STORIES = {
    "harbour": ("Council approves harbour expansion", "Mara Lindqvist", date(2024, 3, 5)),
    "ferry": ("Storm closes ferry routes for a third day", "Jonas Berg", date(2024, 3, 4)),
    "school": ("New school opens in the old customs house", "Aiko Tanaka", date(2024, 3, 3)),
    "bridge": ("Bridge repairs finish two months early", "Lena Vogel", date(2024, 3, 6)),
}
FERRY = [
    "Ferry services to the outer islands were cancelled for a third straight day on Monday as gale-force winds "
    "battered the coast, leaving hundreds of commuters and delivery trucks stranded in the port.",
    "The operator said crossings would resume once wave heights fall below four metres, which forecasters expect "
    "by Wednesday afternoon at the earliest.",
    "Island shops reported running low on fresh produce, and the regional council arranged an emergency supply "
    "flight for medicines and baby food on Sunday evening.",
]


@pytest.fixture
def site():
    with Site() as s:
        yield s


@pytest.fixture
def fetcher():
    with Fetcher(FetchPolicy(allow_private=True, per_host_delay=0)) as f:
        yield f


def rss(site: Site, slugs: list[str], title: str = "The Harbour Gazette") -> str:
    items = "".join(
        f"<item><title>{STORIES[s][0]}</title><link>{site.url('/news/' + s)}</link>"
        f"<guid isPermaLink='false'>gazette-{s}</guid><dc:creator>{STORIES[s][1]}</dc:creator>"
        f"<pubDate>{format_datetime(datetime(*STORIES[s][2].timetuple()[:3], 8, 30, tzinfo=UTC))}</pubDate>"
        f"<description>Summary of {s}</description></item>"
        for s in slugs
    )
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
            f"<channel><title>{title}</title><link>{site.url('/')}</link><description>Local news</description>"
            f"{items}</channel></rss>")


def serve_story(site: Site, slug: str, **kwargs) -> None:
    title, author, day = STORIES[slug]
    body = FERRY if slug == "ferry" else BODY
    site.add(f"/news/{slug}", article_html(title, body, author=author, published=f"{day}T08:30:00Z", **kwargs))


# --- parsing ------------------------------------------------------------------------------------


def test_parse_rss(site):
    feed = parse_feed(rss(site, ["harbour", "ferry"]), site.url("/rss.xml"))
    assert (feed.title, feed.link) == ("The Harbour Gazette", site.url("/"))
    first = feed.items[0]
    assert (first.id, first.url, first.title) == ("gazette-harbour", site.url("/news/harbour"), STORIES["harbour"][0])
    assert (first.published, first.author, first.summary) == (date(2024, 3, 5), "Mara Lindqvist", "Summary of harbour")
    assert first.feed_title == "The Harbour Gazette" and len(feed.items) == 2


def test_parse_atom_with_relative_links():
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Radio</title><link href="https://radio.example/"/>
<id>urn:uuid:coast</id><updated>2024-03-06T10:00:00Z</updated>
<entry><title>Bridge repairs finish early</title><link href="/news/bridge"/><id>urn:uuid:bridge</id>
<published>2024-03-06T09:00:00+01:00</published><updated>2024-03-06T10:00:00Z</updated>
<author><name>Lena Vogel</name></author><summary>Repairs done.</summary></entry>
<entry><title>No link here</title><id>urn:uuid:nolink</id><updated>2024-03-05T10:00:00Z</updated></entry>
</feed>"""
    feed = parse_feed(atom, "https://radio.example/atom.xml")
    assert feed.title == "Coast Radio" and feed.link == "https://radio.example/"
    [item] = feed.items  # the entry without a link has no article to fetch
    assert item == FeedItem(id="urn:uuid:bridge", url="https://radio.example/news/bridge",
                            title="Bridge repairs finish early", published=date(2024, 3, 6), author="Lena Vogel",
                            summary="Repairs done.", feed_title="Coast Radio")


def test_parse_json_feed_1_1_and_1_0():
    v11 = {"version": "https://jsonfeed.org/version/1.1", "title": "Island Post",
           "home_page_url": "https://post.example/", "items": [
               {"id": "42", "url": "https://post.example/a", "title": "A", "date_published": "2024-03-02T07:00:00Z",
                "authors": [{"name": "Ana Lima"}, {"name": "Ben Ode"}], "summary": "About A"},
               {"id": 7, "external_url": "https://other.example/b", "content_text": "B text"},
               {"id": "no-url", "content_text": "no link"}]}
    feed = parse_feed(json.dumps(v11), "https://post.example/feed.json", "application/feed+json")
    assert (feed.title, feed.link, len(feed.items)) == ("Island Post", "https://post.example/", 2)
    a, b = feed.items
    assert (a.id, a.url, a.published, a.author, a.summary) == (
        "42", "https://post.example/a", date(2024, 3, 2), "Ana Lima, Ben Ode", "About A")
    assert (b.id, b.url, b.summary, b.published) == ("7", "https://other.example/b", "B text", None)

    v10 = {"version": "https://jsonfeed.org/version/1", "title": "Old Post",
           "items": [{"id": "1", "url": "https://old.example/1", "author": {"name": "Cy Old"}}]}
    assert parse_feed(json.dumps(v10), "https://old.example/feed.json").items[0].author == "Cy Old"


def test_feed_in_latin1_fetched_and_parsed(site, fetcher):
    xml = ("<?xml version='1.0' encoding='iso-8859-1'?><rss version='2.0'><channel><title>Café Zeitung</title>"
           "<item><title>Grüße aus Köln</title><link>https://z.example/a</link></item></channel></rss>")
    site.add("/rss", xml.encode("latin-1"), content_type="application/rss+xml")
    page = fetcher.fetch(site.url("/rss"), expect="feed")
    assert is_probably_feed(page)
    feed = parse_feed(page.text, page.final_url, page.content_type)
    assert (feed.title, feed.items[0].title) == ("Café Zeitung", "Grüße aus Köln")


@pytest.mark.parametrize(("text", "why"), [
    (article_html("Council approves harbour expansion"), "not a feed (an HTML page)"),
    ('{"status": "ok", "items": [1, 2]}', "not a feed (JSON, but not a JSON Feed)"),
    ('{"version": "https://jsonfeed.org/version/1.1", "items": [', "not a feed (invalid JSON)"),
    ("[1, 2, 3]", "not a feed (neither RSS, Atom nor JSON Feed)"),
    ("\x00\x01garbage ☃ <<<>>>", "not a feed (neither RSS, Atom nor JSON Feed)"),
    ("", "not a feed (neither RSS, Atom nor JSON Feed)"),
    ("/etc/passwd", "not a feed (neither RSS, Atom nor JSON Feed)"),  # never opened as a file
])
def test_not_a_feed(text, why):
    with pytest.raises(WebError) as info:
        parse_feed(text, "https://example.com/feed")
    assert str(info.value) == why


@pytest.mark.parametrize(("content_type", "text", "expected"), [
    ("application/rss+xml", "anything", True),
    ("application/feed+json", "{}", True),
    ("application/xml", "<?xml version='1.0'?>\n<!-- generator -->\n<rss version='2.0'>", True),
    ("text/xml", "<feed xmlns='http://www.w3.org/2005/Atom'>", True),
    ("text/html", "\ufeff<?xml version='1.0'?><rss version='2.0'><channel>", True),  # mislabelled
    ("application/json", '{"version": "https://jsonfeed.org/version/1.1", "items": []}', True),
    ("application/json", '{"results": []}', False),
    ("text/html", "<!DOCTYPE html><html><head><link rel='alternate' type='application/rss+xml'>", False),
    ("text/html", "<html><body><p>A story about the <feed> tag</p>", False),
    ("", "plain words", False),
])
def test_is_probably_feed(content_type, text, expected):
    page = Page(url="https://x.example/", final_url="https://x.example/", status=200, content_type=content_type,
                text=text)
    assert is_probably_feed(page) is expected


# --- articles ---------------------------------------------------------------------------------


def test_article_from_real_looking_page(site, fetcher):
    site.add("/news/harbour", article_html(STORIES["harbour"][0],
                                           canonical="https://gazette.example/news/harbour?utm_source=rss"))
    site.add("/news/elsewhere", article_html(STORIES["harbour"][0], canonical="http://127.0.0.1/x"))
    article = fetch_article(site.url("/news/harbour"), fetcher)
    assert (article.title, article.source, article.author) == (
        "Council approves harbour expansion", "The Harbour Gazette", "Mara Lindqvist")
    assert article.published == date(2024, 3, 5) and article.origin == site.url("/news/harbour")
    # a canonical URL on another site is not trusted (it could overwrite that site's article)
    assert article.url == site.url("/news/harbour") and article.article_id == article_id_for(article.url)
    assert article.text.startswith("The city council voted on Tuesday") and "healthy bay" in article.text
    for chrome in ("cookie", "Advertisement", "Related stories", "ferry routes", "Subscribe", "All rights reserved"):
        assert chrome not in article.text

    same_site = fetch_article(site.url("/news/elsewhere"), fetcher)  # canonical on the same host: used
    assert same_site.url == "http://127.0.0.1/x" and same_site.article_id == article_id_for("http://127.0.0.1/x")
    assert article_id_for("HTTP://127.0.0.1/x?utm_medium=feed#comments") == same_site.article_id


def test_feed_item_metadata(site, fetcher):
    site.add("/news/bare", article_html("unused", BODY, metadata=False, headline=False))
    item = FeedItem(id="g1", url=site.url("/news/bare"), title="Council approves harbour expansion",
                    published=date(2024, 3, 5), author="Mara Lindqvist", feed_title="The Harbour Gazette")
    bare = fetch_article(item.url, fetcher)
    # Without <title>, <h1> or metadata the extractor guesses: a heading, the "© 2024" footer as the date.
    assert bare.source == f"127.0.0.1:{site.port}" and bare.author == ""
    assert bare.title == "Related stories" and bare.published != date(2024, 3, 5)
    article = fetch_article(item.url, fetcher, item)
    assert (article.title, article.source, article.published, article.author) == (
        "Council approves harbour expansion", "The Harbour Gazette", date(2024, 3, 5), "Mara Lindqvist")
    assert article.text == bare.text and article.article_id == bare.article_id

    site.add("/news/full", article_html("Council approves harbour expansion"))
    desk = FeedItem(id="g2", url=site.url("/news/full"), title="Harbour: council says yes", author="News Desk",
                    published=date(2024, 3, 6), feed_title="Gazette - Local")
    full = fetch_article(desk.url, fetcher, desk)  # the page names its author and outlet: they stay
    assert (full.title, full.published, full.author, full.source) == (
        "Harbour: council says yes", date(2024, 3, 6), "Mara Lindqvist", "The Harbour Gazette")


def test_pages_that_are_not_articles(site, fetcher):
    site.add("/empty", "<!DOCTYPE html><html><head><title>Home</title></head><body><nav><a href='/'>Home</a>"
                       "</nav><div class='cookie-banner'>We use cookies.</div></body></html>")
    site.add("/chart.png", b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")
    for path, why in (("/empty", "no article text found on the page"), ("/chart.png", "not an HTML page (image/png)"),
                      ("/gone", "HTTP 404 Not Found")):
        with pytest.raises(WebError) as info:
            fetch_article(site.url(path), fetcher)
        assert str(info.value) == why
    page = Page(url="https://x.example/f", final_url="https://x.example/f", status=200,
                content_type="application/rss+xml", text="<rss/>")
    with pytest.raises(WebError, match=r"^not an HTML page \(application/rss\+xml\)$"):
        article_from_page(page)


def test_extractor_crash_is_a_reason_not_a_crash(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("lxml gave up")

    monkeypatch.setattr(feeds, "article_from_html", broken)
    page = Page(url="https://x.example/a", final_url="https://x.example/a", status=200, content_type="text/html",
                text="<html>")
    with pytest.raises(WebError, match=r"^could not extract the article \(ValueError\)$"):
        article_from_page(page)


# --- subscriptions --------------------------------------------------------------------------------


def test_registry_persists_atomically(tmp_path):
    path = tmp_path / "state" / "feeds.json"
    registry = FeedRegistry(path)
    first = registry.add("https://a.example/rss.xml")
    assert registry.add(" https://a.example/rss.xml ") is first  # idempotent
    registry.add("https://b.example/atom.xml", title="B News")
    registry.add("https://c.example/feed.json")
    assert [p.name for p in path.parent.iterdir()] == ["feeds.json"]  # no temp file left behind
    reopened = FeedRegistry(path)
    assert [s.url for s in reopened.list()] == ["https://a.example/rss.xml", "https://b.example/atom.xml",
                                                "https://c.example/feed.json"]
    assert reopened.list()[1].title == "B News" and reopened.list()[0].added_at.startswith("20")
    assert reopened.remove(2).url == "https://b.example/atom.xml"
    assert reopened.remove("https://c.example/feed.json").url == "https://c.example/feed.json"
    assert [s.url for s in FeedRegistry(path).list()] == ["https://a.example/rss.xml"]
    for bad, why in ((lambda: reopened.remove(5), "no feed number 5 (there are 1)"),
                     (lambda: reopened.remove("https://z.example/"), "not subscribed to https://z.example/"),
                     (lambda: reopened.add("file:///etc/passwd"), "not a feed URL (only http and https links)"),
                     (lambda: reopened.add("feeds.example/rss"), "not a feed URL (only http and https links)")):
        with pytest.raises(WebError) as info:
            bad()
        assert str(info.value).startswith(why)
    path.write_text("{broken")
    with pytest.raises(WebError, match="cannot read the feed list"):
        FeedRegistry(path)


# --- polling ---------------------------------------------------------------------------------------


def test_poll_conditional_then_new_item(site, fetcher, tmp_path):
    for slug in STORIES:
        serve_story(site, slug)
    site.add("/rss.xml", rss(site, ["harbour", "ferry", "school"]), content_type="application/rss+xml",
             validators=True)
    registry = FeedRegistry(tmp_path / "feeds.json")
    registry.add(site.url("/rss.xml"))
    poller = FeedPoller(registry, fetcher)

    first = poller.poll()
    assert (first.feeds_checked, first.not_modified, first.items_seen, first.problems) == (1, 0, 3, [])
    got = {a.title: a for a in first.articles}
    assert set(got) == {STORIES[s][0] for s in ("harbour", "ferry", "school")}
    for slug in ("harbour", "ferry", "school"):
        article = got[STORIES[slug][0]]
        assert (article.author, article.published, article.source) == (
            STORIES[slug][1], STORIES[slug][2], "The Harbour Gazette")
        assert article.url == site.url(f"/news/{slug}") and article.article_id == article_id_for(article.url)
    assert "gale-force winds" in got[STORIES["ferry"][0]].text
    saved = FeedRegistry(tmp_path / "feeds.json").list()[0]
    assert saved.title == "The Harbour Gazette" and saved.etag and saved.last_modified and saved.last_polled
    assert saved.seen == ["gazette-harbour", "gazette-ferry", "gazette-school"]  # newest first

    second = poller.poll()
    assert (second.articles, second.not_modified, second.items_seen) == ([], 1, 0)
    sent = site.hits("/rss.xml")[-1]
    assert sent["If-None-Match"] == saved.etag and sent["If-Modified-Since"] == saved.last_modified
    assert len(site.hits("/news/harbour")) == 1  # nothing fetched again

    site.add("/rss.xml", rss(site, ["bridge", "harbour", "ferry", "school"]), content_type="application/rss+xml",
             validators=True)
    third = poller.poll()
    assert [a.title for a in third.articles] == [STORIES["bridge"][0]] and third.items_seen == 1
    assert len(site.hits("/news/harbour")) == 1


def test_failed_item_retried_but_missing_item_not(site, fetcher, tmp_path):
    serve_story(site, "harbour")
    site.add("/news/ferry", "busy", status=503)
    site.add("/rss.xml", rss(site, ["harbour", "ferry", "school"]), content_type="application/rss+xml",
             validators=True)  # /news/school is a 404
    registry = FeedRegistry(tmp_path / "feeds.json")
    registry.add(site.url("/rss.xml"))
    poller = FeedPoller(registry, fetcher)

    first = poller.poll()
    assert [a.title for a in first.articles] == [STORIES["harbour"][0]]
    assert sorted(first.problems) == [(site.url("/news/ferry"), "HTTP 503 Service Unavailable"),
                                      (site.url("/news/school"), "HTTP 404 Not Found")]
    assert registry.list()[0].etag is None  # an item is still to fetch: no 304 may hide it

    serve_story(site, "ferry")
    second = poller.poll()
    assert [a.title for a in second.articles] == [STORIES["ferry"][0]] and second.problems == []
    assert len(site.hits("/news/ferry")) == 2 and len(site.hits("/news/school")) == 1
    assert registry.list()[0].etag is not None and poller.poll().not_modified == 1


def test_broken_feeds_do_not_stop_the_others(site, fetcher, tmp_path):
    serve_story(site, "harbour")
    site.add("/rss.xml", rss(site, ["harbour"]), content_type="application/rss+xml")
    site.add("/page.html", article_html("Not a feed"))
    registry = FeedRegistry(tmp_path / "feeds.json")
    for path in ("/page.html", "/missing.xml", "/rss.xml"):
        registry.add(site.url(path))
    result = FeedPoller(registry, fetcher).poll()
    assert [a.title for a in result.articles] == [STORIES["harbour"][0]] and result.feeds_checked == 3
    assert result.problems == [(site.url("/page.html"), "not a feed (an HTML page)"),
                               (site.url("/missing.xml"), "HTTP 404 Not Found")]
    assert [s.last_error for s in registry.list()] == ["not a feed (an HTML page)", "HTTP 404 Not Found", ""]


def test_poll_without_commit_keeps_state_until_ingested(site, fetcher, tmp_path):
    serve_story(site, "harbour")
    serve_story(site, "ferry")
    site.add("/feed.json", json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Gazette JSON",
        "items": [{"id": s, "url": site.url(f"/news/{s}"), "title": STORIES[s][0]} for s in ("harbour", "ferry")],
    }), content_type="application/feed+json", validators=True)
    registry = FeedRegistry(tmp_path / "feeds.json")
    registry.add(site.url("/feed.json"))
    poller = FeedPoller(registry, fetcher)

    result = poller.poll(max_items_per_feed=1, commit=False)
    assert len(result.articles) == 1 and FeedRegistry(tmp_path / "feeds.json").list()[0].seen == []
    poller.commit(result)  # after the caller ingested result.articles
    state = FeedRegistry(tmp_path / "feeds.json").list()[0]
    assert len(state.seen) == 1 and state.etag is None  # one item is left: the feed is read in full next time
    rest = poller.poll()
    assert len(rest.articles) == 1 and rest.articles[0].article_id != result.articles[0].article_id


def test_seen_ids_are_bounded(site, fetcher, tmp_path):
    registry = FeedRegistry(tmp_path / "feeds.json")
    sub = registry.add(site.url("/rss.xml"))
    registry.update(sub.url, seen=[f"old-{i}" for i in range(MAX_SEEN)])
    serve_story(site, "harbour")
    site.add("/rss.xml", rss(site, ["harbour"]), content_type="application/rss+xml")
    FeedPoller(registry, fetcher).poll()
    seen = FeedRegistry(tmp_path / "feeds.json").list()[0].seen
    assert len(seen) == MAX_SEEN and seen[-1] == "gazette-harbour" and seen[0] == "old-1"
