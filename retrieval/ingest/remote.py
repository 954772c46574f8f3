"""The library kept current from the web: article links and feed URLs given to `ingest`, subscribed
feeds polled on a schedule, and old web articles retired.

Everything fetched goes through the guarded Fetcher (web.py) and lands through the same crash-safe
ingest as files; a link that cannot be used becomes a one-line reason, never a change to the library.

    >>> library = WebLibrary(settings)                                        # doctest: +SKIP
    >>> articles, skipped = library.load(["https://example.com/rss.xml"])     # doctest: +SKIP
    >>> library.poll(ingest).summary()                                        # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

from ..config import Settings
from ..errors import CitebotError
from ..models import Article
from .loaders import Skipped

URL = re.compile(r"^https?://", re.IGNORECASE)


def is_url(value: str | Path) -> bool:
    return isinstance(value, str) and bool(URL.match(value.strip()))


def read_feed_list(path: Path) -> list[str]:
    """Feed URLs from a text file: one a line; blank lines and # comments ignored."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CitebotError(f"{path}: cannot read the feed list ({exc})") from None
    urls = [ln.split("#", 1)[0].strip() for ln in lines]
    bad = [u for u in urls if u and not is_url(u)]
    if bad:
        raise CitebotError(f"{path}: not http(s) URLs: {', '.join(bad[:5])}")
    return [u for u in urls if u]


@dataclass
class PollReport:
    feeds: int = 0
    not_modified: int = 0
    articles: int = 0  # fetched this poll
    problems: list[tuple[str, str]] = field(default_factory=list)
    ingest: object = None  # the IngestReport of what was stored
    retired: list[str] = field(default_factory=list)  # web articles past CITEBOT_MAX_AGE_DAYS, removed after

    def to_dict(self) -> dict:
        return {"feeds": self.feeds, "not_modified": self.not_modified, "fetched": self.articles,
                "ingest": self.ingest.to_dict() if self.ingest is not None else None, "retired": self.retired,
                "problems": [{"url": u, "reason": r} for u, r in self.problems]}

    def summary(self) -> str:
        stored = self.ingest.summary() if self.ingest is not None else "nothing new"
        return (f"{self.feeds} feeds checked ({self.not_modified} unchanged), {self.articles} new items fetched; "
                f"{stored}" + (f"; {len(self.retired)} retired" if self.retired else "")
                + (f"; {len(self.problems)} problems" if self.problems else ""))


class WebLibrary:
    """Links, feeds and retention for one library (its feed registry lives in the data folder)."""

    def __init__(self, settings: Settings):
        self.settings = settings

    @cached_property
    def fetcher(self):
        from .web import Fetcher, FetchPolicy

        s = self.settings
        return Fetcher(FetchPolicy(timeout=s.fetch_timeout, max_bytes=int(s.fetch_max_mb * 1_000_000),
                                   per_host_delay=s.fetch_host_delay, allow_private=s.citebot_allow_private_urls))

    @cached_property
    def registry(self):
        from .feeds import FeedRegistry

        return FeedRegistry(self.settings.citebot_data_dir / "feeds.json")

    def load(self, urls: Iterable[str], max_items: int = 50) -> tuple[list[Article], list[Skipped]]:
        """Article pages as articles; feeds as their newest items' articles."""
        from .feeds import article_from_page, fetch_article, is_probably_feed, parse_feed
        from .web import WebError

        articles: list[Article] = []
        skipped: list[Skipped] = []
        for url in urls:
            try:
                page = self.fetcher.fetch(url, expect="any")
                if not is_probably_feed(page):
                    articles.append(article_from_page(page))
                    continue
                feed = parse_feed(page.text, page.final_url, page.content_type)
                for item in feed.items[:max_items]:
                    try:
                        articles.append(fetch_article(item.url, self.fetcher, item))
                    except WebError as exc:
                        skipped.append(Skipped(item.url, str(exc)))
            except WebError as exc:
                skipped.append(Skipped(url, str(exc)))
        return articles, skipped

    def subscribe(self, urls: Iterable[str]) -> list[str]:
        """Add feeds (idempotent) without checking them; returns the URLs now subscribed."""
        return [self.registry.add(u).url for u in urls]

    def feeds(self):
        """The subscriptions, in the order /feeds numbers them."""
        return self.registry.list()

    def add_feed(self, url: str):
        """Subscribe to a feed after checking that it is one (fetched and parsed): a page that is not a
        feed, or a host that cannot be reached, is refused with its reason and nothing is recorded."""
        from .feeds import parse_feed

        url = url.strip()
        if not is_url(url):
            raise CitebotError(f"not a feed URL (only http and https links): {url[:80]!r}")
        existing = self.registry.get(url)
        if existing is not None:
            return existing
        page = self.fetcher.fetch(url, expect="feed")
        feed = parse_feed(page.text, page.final_url, page.content_type)
        return self.registry.add(url, feed.title)

    def remove_feed(self, which: int | str):
        """Unsubscribe by number (1-based, as listed) or URL; the feed's articles stay until retired."""
        return self.registry.remove(which)

    def poll(self, ingest: Callable[[list[Article]], object], max_items: int = 50,
             only: str | None = None) -> PollReport:
        """Fetch what is new in every subscribed feed (or the one at URL `only`), store it, then remember it
        as seen — in that order, so a crash between the two fetches those articles again rather than
        losing them."""
        from .feeds import FeedPoller

        poller = FeedPoller(self.registry, self.fetcher)
        result = poller.poll(max_items_per_feed=max_items, commit=False, only=only)
        report = PollReport(result.feeds_checked, result.not_modified, len(result.articles), list(result.problems))
        if result.articles:
            report.ingest = ingest(result.articles)
        poller.commit(result)
        return report


def expired(records, max_age_days: int, today: date | None = None) -> list[str]:
    """Web articles (fetched from a URL, not pinned files) published more than `max_age_days` ago."""
    cutoff = (today or date.today()) - timedelta(days=max_age_days)
    return [aid for aid, r in records.items()
            if is_url(r.origin) and r.ref.published is not None and r.ref.published < cutoff]
