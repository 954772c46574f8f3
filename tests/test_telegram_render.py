"""Telegram HTML: escaping, splitting under 4096 characters, entity validity, plain fallback."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.render import MAX_MESSAGE, keyboard, render_answer, render_sources, to_plain
from retrieval import Answer, Citation, SourceRef

from .html_check import validate_html


def cite(n: int, title="A <b>bold</b> & risky title", url="https://e.com/a?x=1&y=<2>", quote="He said \"<no>\" & left.",
         source="Outlet & Co") -> Citation:
    return Citation(marker=n, article_id=f"a{n}", chunk_id=f"a{n}:0", quote=quote,
                    ref=SourceRef(title, source, url, date(2024, 2, 5)))


def test_escaping_links_and_quotes():
    a = Answer("q", "Tom & Jerry <script>alert(1)</script> met [1].", citations=[cite(1)])
    (msg,) = render_answer(a)
    assert "Tom &amp; Jerry &lt;script&gt;" in msg
    assert '<a href="https://e.com/a?x=1&amp;y=&lt;2&gt;">A &lt;b&gt;bold&lt;/b&gt; &amp; risky title</a>' in msg
    assert "Outlet &amp; Co · 2024-02-05" in msg
    assert '<blockquote expandable>He said "&lt;no&gt;" &amp; left.</blockquote>' in msg
    assert validate_html(msg) == []
    assert "Tom & Jerry <script>" in to_plain(msg)


def test_source_without_url_is_bold_not_linked():
    (msg,) = render_answer(Answer("q", "x [1].", citations=[cite(1, url="")]))
    assert "[1] <b>A &lt;b&gt;bold" in msg and "<a " not in msg


def test_other_outlets_of_a_syndicated_story_are_named():
    c = cite(1, url="")
    c.also = ("Coastal Wire", "The <Island> Daily")
    (msg,) = render_answer(Answer("q", "x [1].", citations=[c]))
    assert "Outlet &amp; Co · 2024-02-05 <i>(also in Coastal Wire, The &lt;Island&gt; Daily)</i>" in msg
    assert validate_html(msg) == []


def test_long_answers_split_on_paragraphs_and_stay_valid():
    paragraphs = "\n\n".join(f"Paragraph {i} " + "word & <tag> " * 60 for i in range(20))
    a = Answer("q", paragraphs, citations=[cite(i, quote="q " * 400) for i in range(1, 12)])
    parts = render_answer(a)
    assert len(parts) > 3
    for part in parts:
        assert len(part) <= MAX_MESSAGE and validate_html(part) == []
    joined = "\n\n".join(parts)
    assert joined.count("Paragraph ") == 20 and joined.count("<blockquote expandable>") == 11


def test_one_huge_paragraph_is_cut_into_valid_pieces():
    a = Answer("q", "Sentence & more. " * 2000)
    parts = render_answer(a)
    assert len(parts) >= 8 and all(len(p) <= MAX_MESSAGE and validate_html(p) == [] for p in parts)
    assert sum(p.count("Sentence") for p in parts) == 2000


def test_sources_view_and_keyboard():
    a = Answer("q", "x [1][2].", citations=[cite(1), cite(2, url="")])
    (msg,) = render_sources(a)
    assert msg.startswith("<b>Sources of the last answer</b>") and validate_html(msg) == []
    rows = keyboard(a, "abc").inline_keyboard
    assert [b.url for b in rows[0]] == ["https://e.com/a?x=1&y=<2>"]
    assert [b.callback_data for b in rows[-1]] == ["fb|abc|up", "fb|abc|down", "fb|abc|wrong_source"]
    assert keyboard(Answer("q", "no", abstained=True), "x") is None


def test_validator_catches_bad_markup():
    assert validate_html("<b>unclosed") and validate_html("<script>x</script>") and validate_html("a < b")
    assert validate_html("&nbsp;") and validate_html('<a href="x">ok</a>') == []


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=3000), title=st.text(max_size=200), quote=st.text(max_size=2000),
       url=st.sampled_from(["", "https://e.com/x?a=1&b=2", 'https://e.com/"quoted"']))
def test_any_text_renders_to_valid_html_under_the_limit(text, title, quote, url):
    a = Answer("q", text, citations=[cite(1, title=title, quote=quote, url=url)], note=text[:50])
    for part in render_answer(a) + render_sources(a):
        assert len(part) <= MAX_MESSAGE
        assert validate_html(part) == [], part
