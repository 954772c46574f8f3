"""retrieval.ingest.web against a local threaded HTTP server: limits, SSRF guard, robots.txt, politeness.

`Site` and `article_html` are shared with tests/test_feeds.py.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import ipaddress
import itertools
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from retrieval.ingest import web
from retrieval.ingest.web import Fetcher, FetchPolicy, WebError, refusal_reason

Handler = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """A real HTTP server on 127.0.0.1 (a free port); each test defines its routes.

    Every request is recorded as (path, headers, monotonic time); unknown paths get a 404.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[tuple[str, dict[str, str], float]] = []
        site = self

        class _Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, dict(self.headers), time.monotonic()))
                route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404)
                else:
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers, _ in self.requests if p.split("?")[0] == path]

    def add(
        self, path: str, body: str | bytes = "", *, status: int = 200, content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None, validators: bool = False,
    ) -> None:
        """A canned answer; `validators` adds an ETag and Last-Modified and answers 304 to a matching request."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        etag = '"' + hashlib.sha1(data).hexdigest()[:12] + '"'
        extra = dict(headers or {})
        if validators:
            extra.update({"ETag": etag, "Last-Modified": "Tue, 05 Mar 2024 08:30:00 GMT"})

        def answer(h: BaseHTTPRequestHandler) -> None:
            if validators and h.headers.get("If-None-Match") == etag:
                h.send_response(304)
                h.send_header("ETag", etag)
                h.end_headers()
                return
            h.send_response(status)
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(len(data)))
            for k, v in extra.items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)

        self.routes[path] = answer

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.add(path, "", status=status, headers={"Location": location})


@pytest.fixture
def site():
    with Site() as s:
        yield s


@pytest.fixture
def fetcher():
    with Fetcher(FetchPolicy(allow_private=True, per_host_delay=0)) as f:
        yield f


BODY = [
    "The city council voted on Tuesday to expand the northern harbour, approving a 40 million euro plan that "
    "will add two deep-water berths by 2027.",
    "Supporters said the expansion would bring hundreds of jobs to the port district, which has lost much of its "
    "shipping trade to larger ports in the south over the past decade.",
    "Opponents, including several fishing cooperatives, warned that dredging the channel could damage the mussel "
    "beds that sustain the local fleet, and asked for an independent environmental review.",
    "Mayor Ilse Brandt said the council would commission the review before construction starts next spring. "
    '"We can have a working harbour and a healthy bay," she told reporters after the vote.',
]


def article_html(
    title: str, body: list[str] = BODY, *, outlet: str = "The Harbour Gazette", author: str = "Mara Lindqvist",
    published: str = "2024-03-05T08:30:00Z", canonical: str = "", metadata: bool = True, headline: bool = True,
) -> str:
    """A news page as sites serve them: menu, cookie banner, ads, related stories around the story.

    `metadata=False` leaves out JSON-LD, meta tags, the byline and <title>; `headline=False` the <h1>.
    """
    esc = html_lib.escape
    head = ['<meta charset="utf-8">', '<meta name="viewport" content="width=device-width">']
    if metadata:
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
              "datePublished": published, "author": {"@type": "Person", "name": author},
              "publisher": {"@type": "Organization", "name": outlet}}
        head += [f"<title>{esc(title)} | {esc(outlet)}</title>",
                 f'<meta property="og:site_name" content="{esc(outlet)}">',
                 f'<meta property="og:title" content="{esc(title)}">',
                 f'<meta name="author" content="{esc(author)}">',
                 f'<meta property="article:published_time" content="{published}">',
                 f'<script type="application/ld+json">{json.dumps(ld)}</script>']
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    byline = (f'<p class="byline">By <span class="author">{esc(author)}</span> · '
              f'<time datetime="{published}">{published[:10]}</time></p>') if metadata else ""
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en"><head>{"".join(head)}</head><body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience. By continuing to
browse you accept our cookie policy.</p><button>Accept all cookies</button></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe</a>
</li></ul></nav></header>
<div class="ad ad-banner"><a href="https://ads.example/click">Advertisement: the new Zephyr phone, 20% off!</a></div>
<main><article>
{f"<h1>{esc(title)}</h1>" if headline else ""}
{byline}
{paragraphs}
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/world/other-1">Storm closes ferry routes for a third day</a></li>
<li><a href="/business/other-2">Shipping rates climb as canal traffic slows</a></li></ul></aside>
<div class="ad ad-sidebar">Advertisement: holidays in the sun from 199 euros</div>
</main>
<footer><p>© 2024 {esc(outlet)}. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a>
</footer></body></html>"""


def reason(call: Callable[[], object]) -> WebError:
    with pytest.raises(WebError) as info:
        call()
    assert "\n" not in str(info.value)
    return info.value


# --- fetching ----------------------------------------------------------------------------------


def test_fetch_page_with_conditional_get(site, fetcher):
    site.add("/news/harbour", article_html("Council approves harbour expansion"), validators=True)
    page = fetcher.fetch(site.url("/news/harbour"), expect="html")
    assert (page.status, page.content_type, page.charset, page.not_modified) == (200, "text/html", "utf-8", False)
    assert page.final_url == page.url == site.url("/news/harbour")
    assert "Council approves harbour expansion" in page.text and page.etag and page.last_modified
    assert site.hits("/news/harbour")[0]["User-Agent"] == "citebot/0.1 (+news Q&A bot)"

    again = fetcher.fetch(page.url, etag=page.etag, last_modified=page.last_modified)
    assert again.not_modified and again.status == 304 and again.text == "" and again.etag == page.etag
    sent = site.hits("/news/harbour")[1]
    assert sent["If-None-Match"] == page.etag and sent["If-Modified-Since"] == page.last_modified


def test_charsets_declared_detected_and_guessed(site, fetcher):
    site.add("/latin1", "<p>Café déjà vu</p>".encode("latin-1"), content_type="text/html; charset=ISO-8859-1")
    site.add("/meta", '<meta charset="windows-1252"><p>Smörgåsbord “quoted”</p>'.encode("cp1252"),
             content_type="text/html")
    site.add("/none", "<p>Ærø – Köln</p>".encode(), content_type="text/html")
    assert "Café déjà vu" in fetcher.fetch(site.url("/latin1")).text
    meta = fetcher.fetch(site.url("/meta"))
    assert meta.charset == "cp1252" and "Smörgåsbord “quoted”" in meta.text
    assert "Ærø – Köln" in fetcher.fetch(site.url("/none")).text


def test_redirects_followed_and_capped(site, fetcher):
    site.add("/final", "<p>here</p>")
    site.redirect("/old", "/middle", 301)
    site.redirect("/middle", site.url("/final"), 307)
    page = fetcher.fetch(site.url("/old"))
    assert page.url == site.url("/old") and page.final_url == site.url("/final") and "here" in page.text

    site.redirect("/loop/a", "/loop/b")
    site.redirect("/loop/b", "/loop/a")
    assert str(reason(lambda: fetcher.fetch(site.url("/loop/a")))) == "redirect loop"

    for i in range(8):
        site.redirect(f"/chain/{i}", f"/chain/{i + 1}")
    assert str(reason(lambda: fetcher.fetch(site.url("/chain/0")))) == "too many redirects (more than 5)"
    assert len(site.hits("/chain/5")) == 1 and not site.hits("/chain/6")


@pytest.mark.parametrize(("status", "expected", "temporary"), [
    (404, "HTTP 404 Not Found", False), (410, "HTTP 410 Gone", False),
    (500, "HTTP 500 Internal Server Error", True), (503, "HTTP 503 Service Unavailable", True),
])
def test_http_errors(site, fetcher, status, expected, temporary):
    site.add("/x", "oops", status=status)
    err = reason(lambda: fetcher.fetch(site.url("/x")))
    assert (str(err), err.temporary, err.status) == (expected, temporary, status)


def test_unreachable_host_and_unknown_name(fetcher, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens there
    err = reason(lambda: fetcher.fetch(f"http://127.0.0.1:{port}/"))
    assert str(err) == "cannot connect to 127.0.0.1: connection refused" and err.temporary

    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(web.socket, "getaddrinfo", no_such_host)
    err = reason(lambda: fetcher.fetch("https://no-such-host.example/news"))
    assert str(err) == "cannot connect to no-such-host.example: host not found" and not err.temporary


def test_timeout(site):
    def slow(h: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        site.routes["/fast"](h)

    site.add("/fast", "<p>late</p>")
    site.routes["/slow"] = slow
    with Fetcher(FetchPolicy(allow_private=True, per_host_delay=0, timeout=0.3)) as f:
        started = time.monotonic()
        err = reason(lambda: f.fetch(site.url("/slow")))
    assert str(err) == "timed out after 0.3 s" and err.temporary
    assert time.monotonic() - started < 1.0


def test_huge_streamed_body_stops_early(site, fetcher):
    sent = [0]

    def fifty_megabytes(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")  # no Content-Length: the size shows only while reading
        h.end_headers()
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65_536)
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        try:
            while sent[0] < 50_000_000:
                h.wfile.write(chunk)
                sent[0] += len(chunk)
        except OSError:
            pass  # the client hung up, as it should

    site.routes["/huge"] = fifty_megabytes
    started = time.monotonic()
    err = reason(lambda: fetcher.fetch(site.url("/huge")))
    assert str(err) == "too large (over 5.0 MB)" and not err.temporary
    time.sleep(0.2)
    assert sent[0] < 25_000_000 and time.monotonic() - started < 5  # 5 MB read + what sat in socket buffers


def test_announced_size_refused_before_reading(site, fetcher):
    def announced(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(50 * 1024 * 1024))
        h.end_headers()
        h.wfile.write(b"<p>start</p>")

    site.routes["/big"] = announced
    assert str(reason(lambda: fetcher.fetch(site.url("/big")))) == "too large (over 5.0 MB)"


def test_content_types(site, fetcher):
    site.add("/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png")
    site.add("/feed.xml", "<rss version='2.0'><channel></channel></rss>", content_type="application/rss+xml")
    assert str(reason(lambda: fetcher.fetch(site.url("/logo.png"), expect="html"))) == "not an HTML page (image/png)"
    assert str(reason(lambda: fetcher.fetch(site.url("/logo.png")))) == "not an HTML page or feed (image/png)"
    assert str(reason(lambda: fetcher.fetch(site.url("/logo.png"), expect="feed"))) == "not a feed (image/png)"
    assert str(reason(lambda: fetcher.fetch(site.url("/feed.xml"), expect="html"))) == (
        "not an HTML page (application/rss+xml)"
    )
    assert fetcher.fetch(site.url("/feed.xml"), expect="feed").content_type == "application/rss+xml"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/news.txt", "javascript:alert(1)",
                                 "gopher://example.com/", "news/relative.html"])
def test_only_http_and_https(fetcher, url):
    assert str(reason(lambda: fetcher.fetch(url))).startswith("unsupported URL scheme")


# --- SSRF guard ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("address", "why"), [
    ("127.0.0.1", "a private or loopback address"), ("::1", "a private or loopback address"),
    ("10.1.2.3", "a private or loopback address"), ("172.16.5.4", "a private or loopback address"),
    ("192.168.0.10", "a private or loopback address"), ("fd00::1", "a private or loopback address"),
    ("::ffff:10.0.0.1", "a private or loopback address"), ("64:ff9b::c0a8:1", "a private or loopback address"),
    ("2002:7f00:1::", "a private or loopback address"),  # 6to4 wrapping 127.0.0.1
    ("169.254.169.254", "a link-local address"), ("fe80::1", "a link-local address"),
    ("224.0.0.1", "a multicast address"), ("ff02::1", "a multicast address"),
    ("0.0.0.0", "an unspecified address"), ("::", "an unspecified address"),
    ("240.0.0.1", "a reserved address"), ("100.64.0.1", "a reserved address"),
    ("93.184.216.34", ""), ("8.8.8.8", ""), ("2606:4700:4700::1111", ""),
])
def test_address_classification(address, why):
    assert refusal_reason(ipaddress.ip_address(address)) == why


def test_private_addresses_refused(site):
    site.add("/", "<p>intranet</p>")
    note = "(set CITEBOT_ALLOW_PRIVATE_URLS=true to allow)"
    with Fetcher(FetchPolicy(allow_private=False, per_host_delay=0)) as f:
        assert str(reason(lambda: f.fetch(site.url("/")))) == (
            f"refused: 127.0.0.1 is a private or loopback address {note}"
        )
        assert str(reason(lambda: f.fetch(site.url("/", host="localhost")))) == (
            f"refused: localhost (127.0.0.1) is a private or loopback address {note}"
        )
        for url in (site.url("/", host="[::1]"), site.url("/", host="[::ffff:127.0.0.1]"),
                    site.url("/", host="2130706433"),  # 127.0.0.1 written as one number
                    "http://169.254.169.254/latest/meta-data/", f"http://0.0.0.0:{site.port}/"):
            assert str(reason(lambda u=url: f.fetch(u))).startswith("refused: "), url
    assert site.requests == []  # refused before any connection


def test_redirect_to_private_address_refused(site):
    """An allowed host (an intranet name on the allow list) redirecting to a private address is caught."""
    site.add("/secret", "<p>internal admin page</p>")
    site.redirect("/go", site.url("/secret"))
    policy = FetchPolicy(allow_private=False, per_host_delay=0, private_hosts=("localhost",))
    with Fetcher(policy) as f:
        err = reason(lambda: f.fetch(site.url("/go", host="localhost")))
    assert str(err).startswith("refused: 127.0.0.1 is a private or loopback address")
    assert len(site.hits("/go")) == 1 and site.hits("/secret") == []


def test_environment_allows_private(monkeypatch):
    monkeypatch.setenv("CITEBOT_ALLOW_PRIVATE_URLS", "true")
    assert FetchPolicy().allow_private
    monkeypatch.setenv("CITEBOT_ALLOW_PRIVATE_URLS", "false")
    assert not FetchPolicy().allow_private


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_https_pinned_to_checked_address_still_verifies_the_name(site, tmp_path):
    """The connection goes to the checked IP, yet TLS (SNI and certificate check) uses the host name."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost"], check=True, capture_output=True)
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert, key)
    site.server.socket = server_tls.wrap_socket(site.server.socket, server_side=True)
    site.add("/news", "<p>over TLS</p>")
    policy = FetchPolicy(allow_private=True, per_host_delay=0)
    with Fetcher(policy, verify=ssl.create_default_context(cafile=str(cert))) as f:
        assert "over TLS" in f.fetch(f"https://localhost:{site.port}/news").text
        assert site.hits("/news")[0]["Host"] == f"localhost:{site.port}"
        err = reason(lambda: f.fetch(f"https://127.0.0.1:{site.port}/news"))  # the certificate names localhost
    assert str(err).startswith("cannot connect to 127.0.0.1: invalid TLS certificate (IP address mismatch")


# --- robots.txt and politeness ------------------------------------------------------------------


def test_robots_txt(site, fetcher):
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n\nUser-agent: citebot\nDisallow: /no-bots/\n",
             content_type="text/plain")
    site.add("/news/1", "<p>public</p>")
    site.add("/private/1", "<p>members</p>")
    site.add("/no-bots/1", "<p>members</p>")
    assert "public" in fetcher.fetch(site.url("/news/1")).text
    assert str(reason(lambda: fetcher.fetch(site.url("/no-bots/1")))) == "blocked by robots.txt"
    assert fetcher.allowed_by_robots(site.url("/private/1"))  # the citebot group replaces the * group
    assert len(site.hits("/robots.txt")) == 1 and site.hits("/no-bots/1") == []  # cached per site


def test_robots_missing_or_failing(site, fetcher):
    site.add("/news/1", "<p>public</p>")
    assert "public" in fetcher.fetch(site.url("/news/1")).text  # robots.txt is a 404 here: all allowed
    with Site() as broken, Fetcher(FetchPolicy(allow_private=True, per_host_delay=0)) as f:
        broken.add("/robots.txt", "down", status=503)
        broken.add("/news/1", "<p>public</p>")
        err = reason(lambda: f.fetch(broken.url("/news/1")))
        assert str(err) == "robots.txt unavailable (HTTP 503 Service Unavailable)" and err.temporary
        assert broken.hits("/news/1") == []


def test_per_host_delay(site):
    site.add("/a", "<p>a</p>")
    with Fetcher(FetchPolicy(allow_private=True, per_host_delay=0.2)) as f:
        for _ in range(3):
            f.fetch(site.url("/a"))
    times = [t for _, _, t in site.requests]  # robots.txt, then /a three times
    assert len(times) == 4
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.15 and times[-1] - times[0] >= 0.55, gaps  # 0.2 s apart, less scheduling jitter


def test_robots_crawl_delay_slows_the_host(site, fetcher):
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 0.25\n", content_type="text/plain")
    site.add("/a", "<p>a</p>")
    fetcher.fetch(site.url("/a"))
    fetcher.fetch(site.url("/a"))
    first, second = (t for p, _, t in site.requests if p == "/a")
    assert second - first >= 0.2  # the policy says 0 s here; the site asks for more


def test_per_host_concurrency(site):
    active, peak, lock = [0], [0], threading.Lock()

    def slow(h: BaseHTTPRequestHandler) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.2)
        with lock:
            active[0] -= 1
        site.routes["/ok"](h)

    site.add("/ok", "<p>ok</p>")
    site.routes["/slow"] = slow
    with Fetcher(FetchPolicy(allow_private=True, per_host_delay=0, per_host_concurrency=2,
                             respect_robots=False)) as f:
        threads = [threading.Thread(target=f.fetch, args=(site.url("/slow"),)) for _ in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert peak[0] == 2 and len(site.hits("/slow")) == 5
