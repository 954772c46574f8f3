"""Strip scraped-page noise from article text, keeping every sentence of the body.

The method is structural, not a list of phrases. Lines are classified as *body*
(sentence-like prose) or *other* (menus, buttons, widgets, captions, headlines).
Runs of body lines form regions; the article is the region with the most words,
grown across small gaps (a subheading, a caption) into neighbouring regions that
are articles' prose too. A lone paragraph behind a full headline — the teaser of
another story — is not the article; such paragraphs of other stories (teasers,
"related" blocks with real news sentences) are kept apart as related stories with
their headline, so they stay citable without being mistaken for the article. Short
widget lines ("Today's quote", "Your email address will not be published.") are
too small to be a story and go with the rest of the page chrome.

Usage:
    >>> c = clean_article("Skip to content\\nBig Headline Here Today\\n"
    ...     "The minister said on Monday that talks would resume soon.\\nTo Top")
    >>> c.title, c.text, c.related
    ('Big Headline Here Today', 'The minister said on Monday that talks would resume soon.', [])
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..models import RelatedStory

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\ufeff]")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”’»]$")
_WORD = re.compile(r"\w+", re.UNICODE)
# A photo credit: "(Name/Agency via Getty Images)", "Picture: X from Pixabay", "Photo by …".
_CREDIT = re.compile(
    r"(\((?:[^()]*/[^()]*|[^()]*\bvia\b[^()]*|(?:photo|image|picture|credit)s?\b[^()]*)\)\s*$)"
    r"|^(?:photo|picture|image|credit|illustration|video)s?\s*(?:by\b|:)",
    re.IGNORECASE,
)
_NOTE = re.compile(r"^\[[^\]]*\]$")  # an editor's bracketed note filling a whole line
_CAPTION_CREDIT = re.compile(
    r"\s*\((?:[^()]*/[^()]*|[^()]*\bvia\b[^()]*|(?:photo|image|picture|credit)s?\b[^()]*)\)\s*$", re.IGNORECASE)
_CREDIT_LINE = re.compile(r"^(?:photo|picture|image|photograph|credit)s?\s*(?:by\b|:)\s*\S", re.IGNORECASE)
CAPTIONS = "Photo caption"

SUBHEADING_MAX_WORDS = 6
LONG_LINE_WORDS = 20
RELATED_MIN_WORDS = 15  # a related story's paragraphs: at least this many words …
RELATED_MIN_SENTENCE = 10  # … and one sentence this long (widgets and form hints are shorter)


@dataclass
class Cleaned:
    title: str
    text: str
    related: list[RelatedStory] = field(default_factory=list)
    outlet: str = ""  # the page's masthead ("Agnes Isika Blog"), when it prints one above the headline
    credit: str = ""  # the credit of the story's picture on a line of its own ("Picture: Name from Pixabay")


def normalize_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    line = _CONTROL.sub("", line)
    return _WS.sub(" ", line).strip()


def _key(line: str) -> str:
    """Lines repeat as the same characters (a headline printed again), give or take case and spacing."""
    return " ".join(line.casefold().split())


def _words(line: str) -> int:
    return len(line.split())


def is_body_line(line: str) -> bool:
    """Prose: a sentence-like line of five words or more, or any long line that is not a credit."""
    if _NOTE.match(line) or _CREDIT.search(line):
        return False
    n = _words(line)
    if n >= LONG_LINE_WORDS:
        return True
    return n >= 5 and bool(_SENTENCE_END.search(line))


def _is_sentence(line: str) -> bool:
    return _words(line) >= 3 and bool(_SENTENCE_END.search(line)) and not _CREDIT.search(line)


def _content_words(text: str) -> set[str]:
    """Words over three letters, cut to four letters: a crude stem ("rates" ~ "rate", "raises" ~ "raised")."""
    return {w[:4] for w in _WORD.findall(text.casefold()) if len(w) > 3}


def clean_article(raw: str, title: str = "") -> Cleaned:
    """Return the article's title (given, or found among the headline-like lines) and body text."""
    lines = [normalize_line(x) for x in raw.splitlines()]
    lines = [x for x in lines if x]

    # Repeated lines (a headline printed three times, a menu twice) keep only their first place;
    # lines equal to a known title go entirely.
    seen: set[str] = set()
    title_key = _key(title) if title else ""
    kept: list[str] = []
    for line in lines:
        k = _key(line)
        if not k or k in seen or (title_key and k == title_key):
            continue
        seen.add(k)
        kept.append(line)
    lines = kept
    if not lines:
        return Cleaned(title=title, text="")

    body = [is_body_line(x) for x in lines]
    regions: list[tuple[int, int]] = []  # [start, end) of runs of body lines
    i = 0
    while i < len(lines):
        if body[i]:
            j = i
            while j < len(lines) and body[j]:
                j += 1
            regions.append((i, j))
            i = j
        else:
            i += 1

    if not regions:
        # No prose at all (a brief, a list of facts): keep lines with some substance.
        keep = [x for x in lines if _words(x) >= 2]
        found = title or (keep[0] if len(keep) > 1 and not _is_sentence(keep[0]) else "")
        text_lines = [x for x in keep if x != found]
        return Cleaned(title=found, text="\n\n".join(text_lines))

    def words_in(r: tuple[int, int]) -> int:
        return sum(_words(lines[k]) for k in range(*r))

    main = max(range(len(regions)), key=lambda r: words_in(regions[r]))

    def joins(gap: range, region: tuple[int, int]) -> bool:
        size = region[1] - region[0]
        if len(gap) == 1:
            return size >= 2 or _words(lines[gap[0]]) <= SUBHEADING_MAX_WORDS
        return len(gap) == 2 and size >= 3

    lo = hi = main
    while lo > 0 and joins(range(regions[lo - 1][1], regions[lo][0]), regions[lo - 1]):
        lo -= 1
    while hi < len(regions) - 1 and joins(range(regions[hi][1], regions[hi + 1][0]), regions[hi + 1]):
        hi += 1
    start, end = regions[lo][0], regions[hi][1]

    # Inside the article, keep short sentences between regions ("It is complex."); drop
    # subheadings, captions' headlines and credits.
    body_lines = [x for k, x in enumerate(lines[start:end], start) if body[k] or _is_sentence(x)]

    if not title:
        title = _pick_title(lines[:start], " ".join(body_lines))
    captions = _captions(lines)
    # with no captioned photo, a lone credit is the story's picture's: kept on the article's record (as a
    # byline is), neither in its text nor a passage of its own, where its few words would match far too much
    credit = "" if captions else next((x for x in lines[:end] if _lone_credit(x)), "")
    related = _related_stories(lines, body, regions, (start, end)) + captions
    return Cleaned(title=title, text="\n\n".join(body_lines), related=related, outlet=_masthead(lines[:start]),
                   credit=credit)


# A masthead: a short Title Case line above the story ending in what outlets call themselves
_MASTHEAD = re.compile(r"^(?:The\s+)?(?:[A-Z][\w'’&.-]*\s+){1,4}(?:Blog|News|Times|Post|Journal|Herald|Daily|Tribune|"
                       r"Gazette|Review|Online|Media|Magazine|Observer|Guardian|Telegraph|Express|Chronicle|Insider|"
                       r"Today|Weekly|Wire|Report|Standard|Independent|Mirror|Sun|Star|Digest|Dispatch)$")


def _masthead(before: list[str]) -> str:
    """The outlet a saved page names above its headline, among its first lines (not a story's "… News" kicker
    further down)."""
    return next((line for line in before[:4] if _MASTHEAD.match(line) and _words(line) <= 5), "")


def _lone_credit(line: str) -> bool:
    """A credit on a line of its own: "Picture: Name from Pixabay"."""
    return bool(_CREDIT_LINE.match(line)) and _words(line) <= 12


def _captions(lines: list[str]) -> list[RelatedStory]:
    """Photo captions and their credits ("… in Singapore, on June 2, 2024. (Name/Agency via Getty Images)"):
    news and a byline of their own, citable apart from the article's text. A credit on a line of its own
    ("Picture: Name from Pixabay") joins them, but never stands as a passage alone: a few words of names
    match far too many questions by meaning."""
    captioned, alone = [], []
    for line in lines:
        m = _CAPTION_CREDIT.search(line)
        if m and _words(line[: m.start()]) >= 8 and _SENTENCE_END.search(line[: m.start()].rstrip()):
            captioned.append(line)
        elif _lone_credit(line):
            alone.append(line)
    return [RelatedStory(title=CAPTIONS, text="\n\n".join(captioned + alone))] if captioned else []


def _related_stories(lines: list[str], body: list[bool], regions: list[tuple[int, int]],
                     article: tuple[int, int]) -> list[RelatedStory]:
    """Prose regions outside the article that read like news: each with the headline printed above it."""
    out: list[RelatedStory] = []
    for a, b in regions:
        if a >= article[0] and b <= article[1]:
            continue
        sentences = [lines[k] for k in range(a, b) if body[k]]
        words = sum(_words(x) for x in sentences)
        if words < RELATED_MIN_WORDS or max(_words(x) for x in sentences) < RELATED_MIN_SENTENCE:
            continue
        head = lines[a - 1] if a > 0 and not body[a - 1] else ""
        headline = head if 3 <= _words(head) <= 30 and not _CREDIT.search(head) and not head.endswith(".") else ""
        out.append(RelatedStory(title=headline, text="\n\n".join(sentences)))
    return out


def _pick_title(candidates: list[str], body: str) -> str:
    """The headline-like line before the body that shares the most words with it."""
    vocab = _content_words(body)
    best, best_score = "", 0.0
    for line in candidates:
        n = _words(line)
        if n < 3 or n > 30 or _CREDIT.search(line) or line.endswith("."):
            continue
        words = _content_words(line)
        if not words:
            continue
        score = len(words & vocab) / len(words) + min(n, 12) / 100  # prefer fuller headlines on ties
        if score > best_score:
            best, best_score = line, score
    return best if best_score >= 0.3 else ""
