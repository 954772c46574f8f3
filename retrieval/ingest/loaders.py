"""Load news articles from files and folders: .txt, .md, .html/.htm and .jsonl.

Each loader returns Articles with metadata read from the file itself: header lines
(`Title:`, `Source:`, `Date:`, `URL:`, `Author:`, `ID:`), a `date 2024-02-05` line,
HTML meta tags and JSON-LD (through trafilatura), or JSONL fields. Files that cannot
be used are reported as Skipped with the reason; they never stop the others.

Usage:
    >>> report = load_paths(["seeds/"])
    >>> len(report.articles), report.skipped
    (5, [])
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..models import Article, RelatedStory, SourceRef
from ..text.language import detect_language
from .cleaning import clean_article, normalize_line

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

_HEADER = re.compile(
    r"^\s*(title|headline|source|outlet|publisher|site|date|published|published_at|url|link|author|byline|id)"
    r"\s*:\s*(.*)$",
    re.IGNORECASE,
)
_HEADER_KEYS = {
    "title": "title", "headline": "title",
    "source": "source", "outlet": "source", "publisher": "source", "site": "source",
    "date": "date", "published": "date", "published_at": "date",
    "url": "url", "link": "url",
    "author": "author", "byline": "author",
    "id": "id",
}
_DATE_LINE = re.compile(
    r"^\s*(?:date|published|posted(?: on)?|updated)\s*:?\s+(\d{4}-\d{2}-\d{2})\b\s*", re.IGNORECASE
)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)|(\*\*|__|`)")
_ID_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass
class Skipped:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class LoadReport:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    seen_files: list[str] = field(default_factory=list)  # every file looked at, usable or not


class LoadError(ValueError):
    """A file's content cannot be turned into an article."""


def content_hash(text: str, related: Iterable[RelatedStory] = (), credit: str = "") -> str:
    """Hash of the body (and the related stories and picture credit kept with it) with case and spacing folded,
    so trivial re-scrapes count as unchanged."""
    parts = [text] + [f"{r.title}\n{r.text}" for r in related] + ([credit] if credit else [])
    folded = " ".join("\n\x1e\n".join(parts).casefold().split())
    return hashlib.sha256(folded.encode()).hexdigest()


def parse_date(value: object) -> date | None:
    """ISO dates and datetimes first (fast, exact); anything else through dateparser."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    import dateparser  # slow to import; most inputs never need it

    parsed = dateparser.parse(text[:100], settings={"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False})
    return parsed.date() if parsed else None


def make_article_id(explicit: str, origin_path: Path) -> str:
    """An explicit id wins; otherwise the file's stem (stable across runs and readable)."""
    raw = explicit or origin_path.stem
    slug = _ID_SAFE.sub("-", raw).strip("-")[:80]
    return slug or hashlib.sha1(str(origin_path).encode()).hexdigest()[:16]


def _read_text(path: Path, max_bytes: int) -> str:
    size = path.stat().st_size
    if size == 0:
        raise LoadError("empty file")
    if size > max_bytes:
        raise LoadError(f"too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit)")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise LoadError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise LoadError("empty file (only whitespace)")
    return text


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """Leading `Key: value` lines, and a `date YYYY-MM-DD` prefix on an early line."""
    meta: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines) and ((not lines[i].strip() and not meta) or _HEADER.match(lines[i])):
        m = _HEADER.match(lines[i])
        if m:
            meta.setdefault(_HEADER_KEYS[m[1].lower()], m[2].strip())
        i += 1
    rest = lines[i:]
    if "date" not in meta:
        for k, line in enumerate(rest[:5]):
            m = _DATE_LINE.match(line)
            if m:
                meta["date"] = m[1]
                rest[k] = line[m.end():]
                break
    return meta, "\n".join(rest)


def _markdown_to_text(text: str) -> str:
    out = []
    for line in text.splitlines():
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_MARK.sub("", line)
        out.append(line)
    return "\n".join(out)


def _build(meta: dict[str, str], body: str, origin: str, origin_path: Path) -> Article:
    title = normalize_line(meta.get("title", ""))
    cleaned = clean_article(body, title=title)
    if not cleaned.text.strip():
        raise LoadError("no article text left after removing page chrome")
    url = meta.get("url", "").strip()
    if url and not re.match(r"^https?://", url):
        url = ""
    source = normalize_line(meta.get("source", "")) or cleaned.outlet  # a header's, else the page's masthead
    ref = SourceRef(title=cleaned.title or title or origin_path.stem, source=source, url=url,
                    published=parse_date(meta.get("date")))
    return Article(
        article_id=make_article_id(meta.get("id", ""), origin_path),
        ref=ref,
        text=cleaned.text,
        content_hash=content_hash(cleaned.text, cleaned.related, cleaned.credit),
        author=normalize_line(meta.get("author", "")),
        origin=origin,
        language=detect_language(cleaned.text[:2000]) or "en",
        related=cleaned.related,
        credit=cleaned.credit,
    )


def load_text_file(path: Path, max_bytes: int) -> Article:
    text = _read_text(path, max_bytes)
    meta, body = _split_header(text)
    if path.suffix.lower() in {".md", ".markdown"}:
        heading = re.match(r"\s*#\s+(.+)\n", body)
        if heading and not meta.get("title"):  # "# Headline" opens most Markdown articles
            meta["title"], body = heading[1].strip(" #"), body[heading.end():]
        body = _markdown_to_text(body)
    return _build(meta, body, str(path), path)


def article_from_html(html: str, origin: str, url: str = "") -> Article:
    """An Article from a web page's HTML (trafilatura: text, headline, outlet, date, author, canonical URL).

    `origin` names where it came from (a file path or the fetched URL); `url` is used when the page
    declares no canonical URL of its own.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
    )
    if doc is None or not (doc.text or "").strip():
        raise LoadError("no article text found in the HTML page")
    meta = {
        "title": doc.title or "",
        "source": doc.sitename or doc.hostname or "",
        "date": doc.date or "",
        "url": doc.url or url or "",
        "author": doc.author or "",
    }
    # trafilatura puts the headline on the first line of the text; the cleaner drops repeats.
    return _build(meta, doc.text, origin, Path(origin))


def load_html_file(path: Path, max_bytes: int) -> Article:
    return article_from_html(_read_text(path, max_bytes), str(path))


_JSON_TEXT = ("text", "body", "content", "article", "maintext")
_JSON_FIELDS = {
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher", "site", "source_name"),
    "date": ("published", "published_at", "published_date", "date", "publish_date", "pubdate"),
    "url": ("url", "link"),
    "author": ("author", "authors", "byline"),
    "id": ("id", "article_id", "doc_id"),
}


def _first(record: dict, keys: Iterable[str]) -> str:
    for k in keys:
        v = record.get(k)
        if isinstance(v, dict):  # {"source": {"name": "Reuters"}}
            v = v.get("name") or v.get("title")
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v if x)
        if v not in (None, ""):
            return str(v)
    return ""


def jsonl_objects(text: str) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(line number, object, problem) for each non-blank line; `problem` is "" for a JSON object."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, None, f"invalid JSON ({exc.msg})"
            continue
        if isinstance(record, dict):
            yield lineno, record, ""
        else:
            yield lineno, None, "a line must be a JSON object"


def load_jsonl_file(path: Path, max_bytes: int, report: LoadReport) -> None:
    for lineno, record, problem in jsonl_objects(_read_text(path, max_bytes)):
        where = f"{path}:{lineno}"
        if problem:
            report.skipped.append(Skipped(where, problem))
            continue
        body = _first(record, _JSON_TEXT)
        if not body.strip():
            report.skipped.append(Skipped(where, f"no text field (one of {', '.join(_JSON_TEXT)})"))
            continue
        meta = {k: _first(record, keys) for k, keys in _JSON_FIELDS.items()}
        if not meta["id"]:
            basis = meta["url"] or (meta["title"] + "\n" + body)
            meta["id"] = f"{path.stem}-{hashlib.sha1(basis.encode()).hexdigest()[:12]}"
        try:
            report.articles.append(_build(meta, body, f"{path}#L{lineno}", path))
        except LoadError as exc:
            report.skipped.append(Skipped(where, str(exc)))


def iter_files(paths: Iterable[str | Path], report: LoadReport) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if not path.exists():
            report.skipped.append(Skipped(str(p), "no such file or directory"))
            continue
        if path.is_dir():
            yield from _walk(path, report)
        else:
            yield path


def _walk(root: Path, report: LoadReport) -> Iterator[Path]:
    """Regular files under `root` (hidden ones left out), in name order; symlinks to folders are not
    followed (no loops), and broken links, FIFOs, sockets and devices are named as skipped."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files + [d for d in os.listdir(folder) if Path(folder, d).is_symlink()
                                    and Path(folder, d).is_dir() and not d.startswith(".")]):
            if name.startswith("."):
                continue
            f = Path(folder, name)
            try:
                mode = f.stat().st_mode
            except OSError:
                report.skipped.append(Skipped(str(f), "broken symbolic link or symbolic link loop"))
                continue
            if stat.S_ISDIR(mode):
                report.skipped.append(Skipped(str(f), "symbolic link to a folder (not followed)"))
            elif not stat.S_ISREG(mode):
                kind = "FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
                report.skipped.append(Skipped(str(f), f"not a regular file ({kind})"))
            else:
                yield f


def load_paths(paths: Iterable[str | Path], max_file_mb: float = 20.0) -> LoadReport:
    """Load every supported file under `paths`; unsupported or broken files go to `skipped`."""
    report = LoadReport()
    max_bytes = int(max_file_mb * 1_000_000)
    for f in iter_files(paths, report):
        resolved = f.resolve()
        suffix = f.suffix.lower()
        if suffix not in SUPPORTED:
            report.skipped.append(Skipped(str(f), f"unsupported file type {suffix or '(none)'}"))
            continue
        report.seen_files.append(str(resolved))
        try:
            if not stat.S_ISREG(f.stat().st_mode):
                raise LoadError("not a regular file")
            if suffix in JSONL_SUFFIXES:
                load_jsonl_file(resolved, max_bytes, report)
            elif suffix in HTML_SUFFIXES:
                report.articles.append(load_html_file(resolved, max_bytes))
            else:
                report.articles.append(load_text_file(resolved, max_bytes))
        except LoadError as exc:
            report.skipped.append(Skipped(str(f), str(exc)))
        except OSError as exc:
            report.skipped.append(Skipped(str(f), f"unreadable ({exc.strerror or exc})"))
    return report
