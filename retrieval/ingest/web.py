"""Safe, polite HTTP fetching for feeds and article links.

Everything a URL from a feed or a chat message can do wrong ends as a `WebError` with one
human line: non-http schemes, private/loopback targets (SSRF), redirect loops, endless or
huge bodies, slow servers, robots.txt refusals, HTTP errors. Redirects are followed here,
not by httpx, so that every hop is checked; each connection goes to the address that was
checked (the URL is pinned to it, TLS still verifies the host name), so a second DNS answer
cannot swap in a private address. Per host, requests are spaced by a delay and capped in
number; robots.txt is fetched once per site through the same guarded path.

Usage:
    >>> fetcher = Fetcher(FetchPolicy(timeout=10))                        # doctest: +SKIP
    >>> page = fetcher.fetch("https://example.com/news/1", expect="html")  # doctest: +SKIP
    >>> page.status, page.content_type, page.text[:15]                    # doctest: +SKIP
    (200, 'text/html', '<!doctype html>')
    >>> fetcher.fetch(page.url, etag=page.etag).not_modified               # doctest: +SKIP
    True
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import urljoin

import httpx
from protego import Protego

from ..errors import CitebotError
from .webchecks import Expect, decode_body, media_type, refusal_reason, type_problem

ALLOW_PRIVATE_ENV = "CITEBOT_ALLOW_PRIVATE_URLS"
ACCEPT = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,"
    "text/xml;q=0.9,application/json;q=0.8,*/*;q=0.1",
    "any": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,"
    "application/xml;q=0.9,*/*;q=0.1",
}
_REDIRECTS = {301, 302, 303, 307, 308}
_PHRASES = {s.value: s.phrase for s in HTTPStatus}
ROBOTS_TTL = 3600.0  # seconds a site's robots.txt is trusted before it is read again
MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay above this is capped, not obeyed


def _env_allows_private() -> bool:
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class FetchPolicy:
    """Limits for every request; `allow_private` defaults to the CITEBOT_ALLOW_PRIVATE_URLS variable."""

    timeout: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    per_host_delay: float = 1.0
    per_host_concurrency: int = 2
    allow_private: bool = field(default_factory=_env_allows_private)
    user_agent: str = "citebot/0.1 (+news Q&A bot)"
    respect_robots: bool = True
    private_hosts: tuple[str, ...] = ()  # host names that may resolve to private addresses (an intranet site)


class WebError(CitebotError):
    """A URL could not be used; `str()` is one line for people, `temporary` says a retry may work."""

    def __init__(self, reason: str, *, temporary: bool = False, status: int | None = None):
        super().__init__(" ".join(reason.split()))
        self.temporary = temporary
        self.status = status


@dataclass
class Page:
    """A fetched document; `not_modified` means a 304 answer (empty `text`)."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str  # media type only, lowercase ("text/html"), "" when the server sent none
    text: str
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    charset: str = ""
    content: bytes = field(default=b"", repr=False)


@dataclass
class _HostGate:
    """Politeness for one host: at most `concurrency` requests at once, starts `delay` seconds apart."""

    concurrency: int
    delay: float
    next_start: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    slots: threading.BoundedSemaphore = field(init=False)

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(max(1, self.concurrency))

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        with self.slots:
            with self.lock:  # reserve a start time; sleep outside the lock so others can queue
                now = time.monotonic()
                start = max(now, self.next_start)
                self.next_start = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield


def _short_os_error(exc: BaseException) -> str:
    """A short lowercase reason: "connection refused", not "[Errno 111] Connection refused"."""
    text = str(exc) or type(exc).__name__
    tls = re.search(r"certificate verify failed: ([^(]+)", text)
    text = f"invalid TLS certificate ({tls[1].strip().rstrip('.')})" if tls else re.sub(r"^\[[^\]]+\]\s*", "", text)
    return text[:1].lower() + text[1:]


@dataclass
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes = b""
    location: str = ""


class Fetcher:
    """Fetches URLs under a `FetchPolicy`; thread-safe, so one instance serves a whole bot.

    `fetch` raises `WebError` for every failure, with a reason fit to show to people. `verify`
    is httpx's: an `ssl.SSLContext` or CA bundle path for an intranet's own certificate authority.
    """

    def __init__(self, policy: FetchPolicy | None = None, *, verify: ssl.SSLContext | str | bool = True):
        self.policy = policy or FetchPolicy()
        self._agent_token = self.policy.user_agent.split("/")[0].strip() or "citebot"
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            verify=verify,
            trust_env=False,  # a proxy would bypass the address checks
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=0),  # pinned IPs: never share TLS
            headers={"User-Agent": self.policy.user_agent},
        )
        self._lock = threading.Lock()
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, tuple[float, Protego | None]] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- public ------------------------------------------------------------------------------

    def fetch(
        self, url: str, etag: str | None = None, last_modified: str | None = None,
        accept: str | None = None, expect: Expect = "any",
    ) -> Page:
        """GET `url` following redirects; `etag`/`last_modified` make it conditional (304 → not_modified).

        `expect` ("html", "feed" or "any") refuses useless content types before the body is read.
        """
        headers = {"Accept": accept or ACCEPT[expect]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        final, answer = self._follow(url, headers, expect, check_robots=self.policy.respect_robots)
        media, charset = media_type(answer.headers.get("content-type", ""))
        page = Page(
            url=url, final_url=str(final), status=answer.status, content_type=media, text="",
            etag=answer.headers.get("etag") or (etag if answer.status == 304 else None),
            last_modified=answer.headers.get("last-modified") or (last_modified if answer.status == 304 else None),
            not_modified=answer.status == 304,
        )
        if not page.not_modified:
            page.text, page.charset = decode_body(answer.body, charset)
            page.content = answer.body
        return page

    def allowed_by_robots(self, url: str) -> bool:
        """Whether the site's robots.txt lets citebot fetch `url` (a missing robots.txt allows all)."""
        target = self._parse(url)
        rules = self._robots_for(target)
        return rules is None or rules.can_fetch(str(target), self._agent_token)

    # --- redirects, checks ---------------------------------------------------------------------

    def _parse(self, url: str) -> httpx.URL:
        try:
            parsed = httpx.URL(url.strip())
        except (httpx.InvalidURL, TypeError) as exc:
            raise WebError(f"not a valid URL: {url[:80]!r} ({exc})") from None
        if parsed.scheme not in ("http", "https"):
            shown = parsed.scheme or "(none)"
            raise WebError(f"unsupported URL scheme {shown}: only http and https links can be fetched")
        if not parsed.host:
            raise WebError(f"not a valid URL (no host name): {url[:80]!r}")
        return parsed.copy_with(fragment=None)

    def _follow(
        self, url: str, headers: dict[str, str], expect: Expect, check_robots: bool
    ) -> tuple[httpx.URL, _Answer]:
        current = self._parse(url)
        visited = {str(current)}
        for hop in range(self.policy.max_redirects + 1):
            if check_robots and not self.allowed_by_robots(str(current)):
                raise WebError("blocked by robots.txt")
            answer = self._request(current, headers, expect)
            if not answer.location:
                return current, answer
            target = self._parse(urljoin(str(current), answer.location))
            if str(target) in visited:
                raise WebError("redirect loop")
            if hop == self.policy.max_redirects:
                raise WebError(f"too many redirects (more than {self.policy.max_redirects})")
            visited.add(str(target))
            current = target
        raise AssertionError("unreachable")

    def _addresses(self, url: httpx.URL) -> list[str]:
        """The host's addresses, each checked; refused when any of them is private (unless allowed)."""
        host = url.host
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            ips = [literal]
        else:
            try:
                infos = socket.getaddrinfo(url.raw_host.decode("ascii"), None, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                unknown = isinstance(exc, socket.gaierror) and exc.errno in (socket.EAI_NONAME, socket.EAI_NODATA)
                raise WebError(
                    f"cannot connect to {host}: {'host not found' if unknown else _short_os_error(exc)}",
                    temporary=not unknown,
                ) from None
            ips = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
        allowed = self.policy.allow_private or host.lower() in {h.lower() for h in self.policy.private_hosts}
        if not allowed:
            for ip in ips:
                why = refusal_reason(ip)
                if why:
                    shown = str(ip) if literal is not None else f"{host} ({ip})"
                    raise WebError(f"refused: {shown} is {why} (set {ALLOW_PRIVATE_ENV}=true to allow)")
        return [str(ip) for ip in ips]

    def _gate(self, host: str) -> _HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.policy.per_host_concurrency, self.policy.per_host_delay)
            return gate

    # --- one request -----------------------------------------------------------------------------

    def _request(self, url: httpx.URL, headers: dict[str, str], expect: Expect) -> _Answer:
        addresses = self._addresses(url)
        host_header = url.netloc.decode("ascii")
        last: httpx.ConnectError | None = None
        with self._gate(url.host.lower()).turn():
            for ip in addresses:  # the first address that accepts a connection
                try:
                    return self._send(url, ip, {**headers, "Host": host_header}, expect)
                except httpx.ConnectError as exc:
                    last = exc
        reason = _short_os_error(last.__cause__ or last) if last else "no address"
        raise WebError(f"cannot connect to {url.host}: {reason}", temporary=True)

    def _send(self, url: httpx.URL, ip: str, headers: dict[str, str], expect: Expect) -> _Answer:
        pinned = url.copy_with(host=ip)
        extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
        deadline = time.monotonic() + self.policy.timeout
        limit = self.policy.max_bytes
        too_large = f"too large (over {limit / 1e6:.1f} MB)"
        try:
            with self._client.stream("GET", pinned, headers=headers, extensions=extensions) as response:
                status = response.status_code
                location = response.headers.get("location", "")
                if status in _REDIRECTS and location:
                    return _Answer(status, response.headers, location=location)
                if status == 304:
                    return _Answer(status, response.headers)
                if not 200 <= status < 300:
                    phrase = _PHRASES.get(status) or response.reason_phrase
                    temporary = status >= 500 or status in (408, 425, 429)
                    raise WebError(f"HTTP {status} {phrase}".strip(), temporary=temporary, status=status)
                problem = type_problem(media_type(response.headers.get("content-type", ""))[0], expect)
                if problem:
                    raise WebError(problem)
                announced = response.headers.get("content-length", "")
                if announced.isdigit() and int(announced) > limit:
                    raise WebError(too_large)
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():  # decompressed: a gzip bomb hits the limit too
                    size += len(chunk)
                    if size > limit:
                        raise WebError(too_large)
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline")
                    chunks.append(chunk)
                return _Answer(status, response.headers, b"".join(chunks))
        except httpx.TimeoutException:
            raise WebError(f"timed out after {self.policy.timeout:g} s", temporary=True) from None
        except httpx.ConnectError:
            raise
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise WebError(f"connection to {url.host} failed: {_short_os_error(exc)}", temporary=True) from None

    # --- robots.txt ----------------------------------------------------------------------------------

    def _robots_for(self, url: httpx.URL) -> Protego | None:
        """The site's parsed robots.txt (None = everything allowed), cached for ROBOTS_TTL seconds."""
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        with self._lock:
            site_lock = self._robots_locks.setdefault(origin, threading.Lock())
        with site_lock:  # one download per site, even with many threads asking at once
            cached = self._robots.get(origin)
            if cached and time.monotonic() - cached[0] < ROBOTS_TTL:
                return cached[1]
            rules = self._load_robots(origin, url.host.lower())
            self._robots[origin] = (time.monotonic(), rules)
            return rules

    def _load_robots(self, origin: str, host: str) -> Protego | None:
        try:
            _, answer = self._follow(origin + "/robots.txt", {"Accept": "text/plain,*/*;q=0.1"}, "any", False)
        except WebError as exc:
            if exc.temporary and exc.status:  # 5xx, 429: the site is not saying what is allowed (RFC 9309)
                raise WebError(f"robots.txt unavailable ({exc})", temporary=True, status=exc.status) from None
            if exc.temporary:  # timeout, no connection: the page itself would fail the same way
                raise
            return None  # no usable robots.txt (404, 410, not text, too large): everything is allowed
        rules = Protego.parse(decode_body(answer.body)[0])
        delay = rules.crawl_delay(self._agent_token)
        if delay:
            gate = self._gate(host)
            gate.delay = max(gate.delay, min(float(delay), MAX_CRAWL_DELAY))
        return rules
