"""Loading .txt/.md/.html/.jsonl with their metadata, and refusing bad files clearly."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from retrieval.ingest.loaders import load_paths

BODY = (
    "The central bank raised its key interest rate by a quarter point on Wednesday, citing persistent inflation.\n\n"
    "Officials said further increases were possible if price growth did not slow in the coming months."
)


def test_txt_header_lines(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"Title: Bank raises rates\nSource: Daily Ledger\nDate: 2023-10-06T21:31:00+00:00\n"
                 f"URL: https://example.com/rates\nAuthor: Jane Roe\n\n{BODY}\n")
    (a,) = load_paths([f]).articles
    assert (a.title, a.source, a.published, a.url, a.author) == (
        "Bank raises rates", "Daily Ledger", date(2023, 10, 6), "https://example.com/rates", "Jane Roe")
    assert a.article_id == "a" and "quarter point" in a.text and len(a.content_hash) == 64


def test_date_line_in_text(tmp_path):
    f = tmp_path / "b.txt"
    f.write_text(f" date 2024-02-05 Connect with us\n\nBank raises rates again\n\n{BODY}")
    (a,) = load_paths([f]).articles
    assert a.published == date(2024, 2, 5)
    assert a.title == "Bank raises rates again" and "Connect with us" not in a.text


def test_markdown(tmp_path):
    f = tmp_path / "c.md"
    f.write_text(f"# Bank raises rates\n\n**Officials** said [more](https://x.org) was coming.\n\n{BODY}")
    (a,) = load_paths([f]).articles
    assert a.title == "Bank raises rates"
    assert "Officials said more was coming." in a.text and "https://x.org" not in a.text
    short = tmp_path / "short.md"  # one paragraph under its heading: the heading is still the headline
    short.write_text("# Quiet harbour\n\nNothing to see here, the harbour master said on Monday morning.\n")
    (b,) = load_paths([short]).articles
    assert b.title == "Quiet harbour" and b.text.startswith("Nothing to see here")


def test_html_meta_and_json_ld(tmp_path):
    f = tmp_path / "d.html"
    f.write_text(
        '<html><head><title>Rates | Ledger</title><meta property="og:site_name" content="Daily Ledger">'
        '<link rel="canonical" href="https://ledger.example/rates">'
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        '"headline":"Bank raises rates","datePublished":"2024-03-01T10:00:00Z",'
        '"author":{"@type":"Person","name":"Jane Roe"}}</script></head><body>'
        '<nav><a href="/">Home</a> | <a href="/world">World</a></nav><article><h1>Bank raises rates</h1>'
        + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
        + "</article><footer>Subscribe to our newsletter</footer></body></html>"
    )
    (a,) = load_paths([f]).articles
    assert a.title == "Bank raises rates" and a.source == "Daily Ledger"
    assert a.published == date(2024, 3, 1) and a.url == "https://ledger.example/rates"
    assert "quarter point" in a.text and "Subscribe" not in a.text and "Home" not in a.text


def test_jsonl_fields_and_bad_lines(tmp_path):
    f = tmp_path / "feed.jsonl"
    rows = [
        {"id": "r1", "title": "Bank raises rates", "text": BODY, "url": "https://e.com/1",
         "published": "2023-11-02", "source": "Wire"},
        {"headline": "No id here", "body": BODY.replace("Wednesday", "Thursday"), "outlet": {"name": "Ledger"},
         "date": "November 3, 2023"},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n[1,2]\n" + json.dumps({"title": "x"}) + "\n")
    report = load_paths([f])
    a, b = report.articles
    assert (a.article_id, a.source, a.published) == ("r1", "Wire", date(2023, 11, 2))
    assert b.source == "Ledger" and b.published == date(2023, 11, 3) and b.article_id.startswith("feed-")
    reasons = sorted(s.reason.split(" (")[0] for s in report.skipped)
    assert reasons == ["a line must be a JSON object", "invalid JSON", "no text field"]
    assert all(s.path.startswith(str(f) + ":") for s in report.skipped)


def test_bad_inputs_are_skipped_with_reasons(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(f"Bank raises rates\n\n{BODY}")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\n ")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 news".encode("latin-1"))
    (tmp_path / "huge.txt").write_text("word " * 300_000)
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "chrome.txt").write_text("Home\nMenu\nSubscribe")
    report = load_paths([tmp_path, tmp_path / "missing.txt"], max_file_mb=1.0)
    assert [a.title for a in report.articles] == ["Bank raises rates"]
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in report.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"].startswith("empty file")
    assert reasons["bin.txt"].startswith("binary file")
    assert reasons["latin.txt"].startswith("not UTF-8")
    assert reasons["huge.txt"].startswith("too large")
    assert reasons["image.png"].startswith("unsupported file type")
    assert reasons["chrome.txt"].startswith("no article text")
    assert reasons["missing.txt"] == "no such file or directory"


def test_fifos_sockets_and_link_loops_inside_a_folder_are_named_not_followed(tmp_path):
    import socket

    (tmp_path / "good.txt").write_text(f"Title: Bank raises rates\n\n{BODY}\n")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "up").symlink_to(tmp_path, target_is_directory=True)  # a folder loop
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "s.sock"))
    try:
        report = load_paths([tmp_path])
    finally:
        sock.close()
    assert [a.article_id for a in report.articles] == ["good"]
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons["pipe.txt"] == "not a regular file (FIFO)"
    assert reasons["s.sock"] == "not a regular file (socket)"
    assert "loop" in reasons["loop.txt"] and "broken" in reasons["gone.txt"]
    assert reasons["up"] == "symbolic link to a folder (not followed)"
