"""The cleaner removes page chrome by structure and keeps every sentence of the body."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.ingest.cleaning import clean_article, is_body_line
from retrieval.ingest.loaders import load_paths, load_text_file
from retrieval.text.sentences import split_sentences

from .conftest import SEEDS

# Noise seen in the seeds (each must go) — the cleaner has no list of these strings.
NOISE = {
    "000": [
        "News Feed",
        "1 min read",
        "Show More",
        "Article image",
        "The World Bank will provide $200 million",
        "Azov Brigade",
        "Zelensky blasts China-Brazil",
        "Metropoles",
    ],
    "001": ["Connect with us", "Vladimir Putin and Xi Jinping in Beijing\n"],
    "002": [
        "Connect with us",
        "Agnes Isika Blog",
        "Click to comment",
        "Leave a Reply",
        "Your email address",
        "More in News",
        "TrueTalk",
        "Today's Quote",
        "The secret of getting ahead",
        "Trending",
        "Contributors",
        "LAGOS WEATHER",
        "To Top",
    ],
    "003": ["Picture: 文 邵 from Pixabay"],  # (kept on the article's record: tests/test_credits.py)
    "004": ["Skip to content", "Show Comments", "Leave a comment"],
}
TITLES = {
    "000": "Chinese defense minister calls for talks to end Russia's war against Ukraine",
    "001": "Chinese defense chief offers full support to Russia in Ukraine war",
    "002": "China Offers To Intervene In Russia ‘Ceasefire’ Agreement With Ukraine",
    "003": "Beijing ready for 'constructive role' to end Ukraine conflict: China FM",
    "004": "China Solicits For Peace Inorder To Settle Ukraine War",
}
# Where each seed's article body starts and ends in the raw file (first and last body sentence).
BODY = {
    "000": (
        "China's Defense Minister Dong Jun called for negotiations",
        'criticized the country\'s peace initiative as "destructive."',
    ),
    "001": ("Chinese Defense Minister Dong Jun gave his full support", "Wang said at the daily press briefing."),
    "002": ("As Russian troops moves into Ukraine’s restive", "to prevent the conflict before it began."),
    "003": ("MOSCOW - China is ready to play", "be removed from office as part of the peace process."),
    "004": ("Qin Gang, China’s Foreign Minister has called", "not directed confrontationally against third parties."),
}


def _seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return path, path.read_text()


def _norm(s: str) -> str:
    return " ".join(s.split())


def test_every_body_sentence_of_every_seed_survives():
    for prefix, (first, last) in BODY.items():
        path, raw = _seed(prefix)
        start, end = raw.index(first), raw.index(last) + len(last)
        # The body's lines, minus repeated headlines and photo-caption headlines inside it.
        body_lines = [ln for ln in raw[start:end].splitlines() if ln.strip()]
        article = load_text_file(path, 10**7)
        cleaned = _norm(article.text)
        checked = 0
        for line in body_lines:
            if _norm(line) == TITLES[prefix] or (not is_body_line(line.strip()) and not line.strip().endswith(".")):
                continue
            for sentence in split_sentences(line):
                assert _norm(sentence) in cleaned, f"{prefix}: lost {sentence!r}"
                checked += 1
        assert checked >= 6, prefix


def test_seed_noise_is_removed_and_titles_found():
    for prefix, noise in NOISE.items():
        path, _ = _seed(prefix)
        article = load_text_file(path, 10**7)
        assert article.title == TITLES[prefix]
        text = article.text + "\n"
        for n in noise:
            assert n not in text, f"{prefix}: kept noise {n!r}"
        # The headline appears once, as the title, not again inside the body.
        assert TITLES[prefix] not in article.text


def test_interior_caption_headline_dropped_but_paragraphs_on_both_sides_kept():
    _, raw = _seed("001")
    c = clean_article(raw)
    assert "Tensions surrounding the Ukraine crisis" in c.text  # before the caption
    assert "Shoigu made it clear" in c.text  # after it


def test_text_without_any_prose_keeps_its_lines():
    c = clean_article("Markets today\nOil up 3 percent\nGold flat at 2,000 dollars")
    assert c.title == "Markets today"
    assert "Oil up 3 percent" in c.text and "Gold flat" in c.text


_WORDS = st.sampled_from(
    [
        "government",
        "minister",
        "said",
        "talks",
        "would",
        "resume",
        "next",
        "week",
        "after",
        "officials",
        "met",
        "in",
        "the",
        "capital",
        "on",
        "Monday",
        "to",
        "discuss",
        "trade",
        "security",
        "energy",
        "prices",
        "and",
        "the",
        "ceasefire",
        "proposal",
    ]
)
_SENTENCE = st.lists(_WORDS, min_size=6, max_size=18).map(lambda ws: " ".join(ws).capitalize() + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=3).map(" ".join)
_CHROME = st.sampled_from(
    [
        "Home",
        "Menu",
        "Subscribe",
        "Share this",
        "Sign in",
        "Follow us",
        "Advertisement",
        "Read more",
        "Newsletter",
        "Comments (12)",
        "Back to top",
        "Cookie settings",
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    head=st.lists(_CHROME, max_size=4),
    body=st.lists(_PARAGRAPH, min_size=2, max_size=8, unique=True),
    tail=st.lists(_CHROME, max_size=6),
)
def test_generated_articles_keep_every_body_sentence(head, body, tail):
    raw = "\n".join([*head, "Officials Agree To Resume Talks Next Week", *body, *tail])
    c = clean_article(raw)
    for para in body:
        assert _norm(para) in _norm(c.text)
    for chrome in set(head + tail):
        assert not re.search(rf"(^|\n){re.escape(chrome)}(\n|$)", c.text)


def test_a_page_names_its_outlet_in_its_masthead():
    """A saved page without a Source: header prints its outlet above the headline ("Agnes Isika Blog"), which the
    blind rounds' readers named ("according to the Agnes Isika Blog …"); a section label or a kicker is none."""
    page = ("Connect with us\nAgnes Isika Blog\nChina Offers To Intervene In Ceasefire Talks\nNews\n"
            "As Russian troops moved into the Donetsk and Luhansk regions on Monday, China said it would help "
            "negotiate a ceasefire between the two sides.\nBeijing had called for a diplomatic end to the conflict "
            "for weeks before the offer was made public.\n")
    assert clean_article(page).outlet == "Agnes Isika Blog"
    assert clean_article(page.replace("Agnes Isika Blog\n", "News Feed\n")).outlet == ""
    report = load_paths([SEEDS]).articles
    assert {a.ref.source for a in report} == {"", "Agnes Isika Blog"}
