"""News feeds and article links: parse RSS/Atom/JSON Feed, keep subscriptions, poll for new articles.

The poller only fetches and extracts; the caller ingests `PollResult.articles`, then the new
feed state is saved (`poll(commit=False)` + `poller.commit(result)` saves only after a
successful ingest, so a crash in between fetches the articles again instead of losing them).
A failing feed or article becomes a `(url, reason)` problem and never stops the others.

Usage:
    >>> registry = FeedRegistry("data/feeds.json")                               # doctest: +SKIP
    >>> registry.add("https://example.com/rss.xml")                              # doctest: +SKIP
    >>> with Fetcher(FetchPolicy()) as fetcher:                                  # doctest: +SKIP
    ...     poller = FeedPoller(registry, fetcher)
    ...     result = poller.poll(commit=False)
    ...     ingest(result.articles)  # the caller's step: this module never writes to the store
    ...     poller.commit(result)
    ...     fetch_article("https://example.com/news/1", fetcher).title
    'Council approves harbour expansion'
"""

from __future__ import annotations

import calendar
import hashlib
import io
import json
import os
import re
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

from ..models import Article, SourceRef
from .loaders import LoadError, article_from_html, parse_date
from .web import Fetcher, Page, WebError
from .webchecks import HTML_TYPES

FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
MAX_SEEN = 2000  # item ids remembered per feed; feeds rarely list more than a few hundred items
_FEED_START = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


@dataclass
class FeedItem:
    id: str  # guid/id, else the link: what "seen" is remembered by
    url: str
    title: str = ""
    published: date | None = None
    author: str = ""
    summary: str = ""
    feed_title: str = ""  # the outlet, when the article page does not name one


@dataclass
class Feed:
    title: str
    link: str
    items: list[FeedItem] = field(default_factory=list)


def _http_link(value: Any, base: str) -> str:
    link = urljoin(base, str(value).strip()) if value else ""
    return link if link.startswith(("http://", "https://")) else ""


def _json_feed(data: dict[str, Any], url: str) -> Feed:
    title = str(data.get("title") or "")
    items = []
    for raw in data.get("items") or []:
        if not isinstance(raw, dict):
            continue
        link = _http_link(raw.get("url") or raw.get("external_url"), url)
        if not link:
            continue
        authors = raw.get("authors") or ([raw["author"]] if isinstance(raw.get("author"), dict) else [])
        author = ", ".join(str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name"))
        items.append(FeedItem(
            id=str(raw.get("id") or link), url=link, title=str(raw.get("title") or ""),
            published=parse_date(raw.get("date_published") or raw.get("date_modified")), author=author,
            summary=str(raw.get("summary") or raw.get("content_text") or ""), feed_title=title,
        ))
    return Feed(title=title, link=_http_link(data.get("home_page_url"), url), items=items)


def parse_feed(text: str, url: str, content_type: str = "") -> Feed:
    """A Feed from RSS 2.0/1.0, Atom or JSON Feed text; WebError("not a feed …") for anything else.

    Items without an http(s) link are left out: there is no article to fetch for them.
    """
    body = text.lstrip("\ufeff \t\r\n")
    if content_type == "application/feed+json" or body.startswith("{"):
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            raise WebError("not a feed (invalid JSON)") from None
        if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
            raise WebError("not a feed (JSON, but not a JSON Feed)")
        return _json_feed(data, url)
    if _HTML_START.match(body):
        raise WebError("not a feed (an HTML page)")
    # A stream, never a str: feedparser would treat a string as a URL or a file path to open.
    headers = {"content-type": "application/xml; charset=utf-8", "content-location": url}
    parsed = feedparser.parse(io.BytesIO(body.encode("utf-8")), response_headers=headers)
    if not parsed.get("version"):
        raise WebError("not a feed (neither RSS, Atom nor JSON Feed)")
    title = str(parsed.feed.get("title") or "")
    items = []
    for entry in parsed.entries:
        link = _http_link(entry.get("link"), url)
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime.fromtimestamp(calendar.timegm(stamp), UTC).date() if stamp else None
        items.append(FeedItem(
            id=str(entry.get("id") or link), url=link, title=str(entry.get("title") or ""), published=published,
            author=str(entry.get("author") or ""), summary=str(entry.get("summary") or ""), feed_title=title,
        ))
    return Feed(title=title, link=_http_link(parsed.feed.get("link"), url), items=items)


def is_probably_feed(page: Page) -> bool:
    """Whether a fetched URL is a feed rather than an article page: the content type, then the first bytes."""
    if page.content_type in FEED_TYPES:
        return True
    head = page.text[:2048].lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return "jsonfeed.org/version" in head
    return bool(_FEED_START.search(head)) and not _HTML_START.match(head)


def normalize_url(url: str) -> str:
    """The URL an article is known by: lowercase scheme and host, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def _same_site(a: str, b: str) -> bool:
    ha, hb = (re.sub(r"^www\.", "", urlsplit(u).hostname or "") for u in (a, b))
    return bool(ha) and (ha == hb or ha.endswith("." + hb) or hb.endswith("." + ha))


def article_id_for(url: str) -> str:
    """Stable id for an article URL: the same link always replaces, never duplicates, its article."""
    return "web-" + hashlib.sha1(normalize_url(url).encode()).hexdigest()[:16]


def article_from_page(page: Page, item: FeedItem | None = None) -> Article:
    """An Article from a fetched HTML page, with the feed item's metadata when there is one.

    The item's title and date win (a page without clear metadata makes the extractor guess,
    e.g. a "Related stories" heading as the title); its author, and the feed title as outlet,
    only fill what the page lacks (feed titles are often section names like "News - World").

    The page's canonical URL is trusted only on the same site as the page, so a page cannot
    claim (and overwrite) another site's article.
    """
    if page.content_type and page.content_type not in HTML_TYPES:
        raise WebError(f"not an HTML page ({page.content_type})")
    try:
        article = article_from_html(page.text, page.url, page.final_url)
    except LoadError:
        raise WebError("no article text found on the page") from None
    except Exception as exc:  # lxml/trafilatura on arbitrary web HTML: one odd page must not stop a poll
        raise WebError(f"could not extract the article ({type(exc).__name__})") from None
    canonical = article.url if article.url and _same_site(article.url, page.final_url) else page.final_url
    canonical = normalize_url(canonical)
    host = urlsplit(page.final_url)
    bare_hosts = {host.netloc.lower(), (host.hostname or "").lower(), re.sub(r"^www\.", "", host.hostname or "")}
    title, source, published, author = article.title, article.source, article.published, article.author
    if item is not None:  # the outlet's own headline and date beat what extraction guesses from the page
        title = item.title or title
        published = item.published or published
        author = author or item.author
        if item.feed_title and (not source or source.lower() in bare_hosts):
            source = item.feed_title
    return replace(
        article, article_id=article_id_for(canonical), author=author, origin=page.url,
        ref=SourceRef(title=title, source=source, url=canonical, published=published),
    )


def fetch_article(url: str, fetcher: Fetcher, item: FeedItem | None = None) -> Article:
    """Fetch one article link and extract it; WebError with the reason when it cannot be used."""
    return article_from_page(fetcher.fetch(url, expect="html"), item)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Subscription:
    url: str
    title: str = ""
    added_at: str = ""
    etag: str | None = None
    last_modified: str | None = None
    last_polled: str | None = None
    last_error: str = ""
    seen: list[str] = field(default_factory=list)  # item ids, oldest first, at most MAX_SEEN


class FeedRegistry:
    """The subscribed feeds, kept in a JSON file that is replaced atomically on every change."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.RLock()
        self._feeds: list[Subscription] = self._load()

    def _load(self) -> list[Subscription]:
        if not self.path.exists():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            known = {f.name for f in fields(Subscription)}
            return [Subscription(**{k: v for k, v in d.items() if k in known}) for d in data["feeds"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise WebError(f"cannot read the feed list {self.path}: {exc}") from None

    def save(self) -> None:
        with self._lock:
            payload = json.dumps({"version": 1, "feeds": [asdict(f) for f in self._feeds]}, indent=1)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(payload)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    def list(self) -> list[Subscription]:
        with self._lock:
            return list(self._feeds)

    def get(self, url: str) -> Subscription | None:
        key = url.strip()
        return next((f for f in self.list() if f.url == key), None)

    def add(self, url: str, title: str = "") -> Subscription:
        """Subscribe (idempotent: an existing subscription is returned unchanged)."""
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise WebError(f"not a feed URL (only http and https links): {url[:80]!r}")
        with self._lock:
            existing = self.get(url)
            if existing:
                return existing
            sub = Subscription(url=url, title=title, added_at=_now())
            self._feeds.append(sub)
            self.save()
            return sub

    def remove(self, which: int | str) -> Subscription:
        """Unsubscribe by URL or by number as shown in a list (1-based)."""
        with self._lock:
            if isinstance(which, int):
                if not 1 <= which <= len(self._feeds):
                    raise WebError(f"no feed number {which} (there are {len(self._feeds)})")
                sub = self._feeds.pop(which - 1)
            else:
                sub = self.get(which)
                if sub is None:
                    raise WebError(f"not subscribed to {which.strip()[:80]}")
                self._feeds.remove(sub)
            self.save()
            return sub

    def update(self, url: str, **changes: Any) -> None:
        """Change fields of a subscription in memory (`save()` writes them)."""
        with self._lock:
            sub = self.get(url)
            if sub is not None:  # removed while a poll ran: nothing to record
                for key, value in changes.items():
                    setattr(sub, key, value)


@dataclass
class _FeedOutcome:
    url: str
    articles: list[Article] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)
    new_seen: list[str] = field(default_factory=list)
    not_modified: bool = False


@dataclass
class PollResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (feed or article URL, reason)
    feeds_checked: int = 0
    not_modified: int = 0
    items_seen: int = 0  # items newly marked seen (articles and permanent failures)
    outcomes: list[_FeedOutcome] = field(default_factory=list, repr=False)


class FeedPoller:
    """Checks every subscribed feed and fetches the articles of items it has not seen yet."""

    def __init__(self, registry: FeedRegistry, fetcher: Fetcher, max_workers: int = 4):
        self.registry = registry
        self.fetcher = fetcher
        self.max_workers = max_workers

    def poll(self, max_items_per_feed: int = 50, commit: bool = True, only: str | None = None) -> PollResult:
        """Poll all feeds, or the one at URL `only` (in parallel across feeds; the fetcher keeps each host
        polite)."""
        subs = [s for s in self.registry.list() if only is None or s.url == only]
        with ThreadPoolExecutor(max_workers=max(1, min(self.max_workers, len(subs) or 1))) as pool:
            outcomes = list(pool.map(lambda s: self._poll_feed(s, max_items_per_feed), subs))
        result = PollResult(feeds_checked=len(subs), outcomes=outcomes)
        ids: set[str] = set()
        for out in outcomes:
            result.problems += out.problems
            result.not_modified += out.not_modified
            result.items_seen += len(out.new_seen)
            for article in out.articles:  # one article listed by two feeds is returned once
                if article.article_id not in ids:
                    ids.add(article.article_id)
                    result.articles.append(article)
        if commit:
            self.commit(result)
        return result

    def commit(self, result: PollResult) -> None:
        """Record what a poll processed (validators, seen items, errors) and save the registry."""
        for out in result.outcomes:
            sub = self.registry.get(out.url)
            if sub is None:
                continue
            known = set(sub.seen)
            seen = sub.seen + [i for i in out.new_seen if i not in known]
            self.registry.update(out.url, seen=seen[-MAX_SEEN:], **out.changes)
        self.registry.save()

    def _poll_feed(self, sub: Subscription, max_items: int) -> _FeedOutcome:
        out = _FeedOutcome(url=sub.url, changes={"last_polled": _now(), "last_error": ""})
        try:
            page = self.fetcher.fetch(sub.url, etag=sub.etag, last_modified=sub.last_modified, expect="feed")
            if page.not_modified:
                out.not_modified = True
                return out
            feed = parse_feed(page.text, page.final_url, page.content_type)
        except WebError as exc:
            out.changes["last_error"] = str(exc)
            out.problems.append((sub.url, str(exc)))
            return out
        if feed.title and not sub.title:
            out.changes["title"] = feed.title
        seen = set(sub.seen)
        fresh = list({i.id: i for i in feed.items if i.id not in seen}.values())
        fresh.sort(key=lambda i: i.published or date.min, reverse=True)  # stable: feed order among equal dates
        pending = len(fresh) > max_items
        for item in fresh[:max_items]:
            try:
                out.articles.append(fetch_article(item.url, self.fetcher, item))
            except WebError as exc:
                out.problems.append((item.url, str(exc)))
                if exc.temporary:  # try again next poll
                    pending = True
                    continue
            out.new_seen.append(item.id)
        if not pending:  # otherwise keep the old validators: a 304 would hide the items still to fetch
            out.changes.update(etag=page.etag, last_modified=page.last_modified)
        return out
