"""Questions answered from an article's own record, not from its text: the date it was published ("When was
the article in which … published?") and the outlet that published it ("Which outlet published the article
'…'?"). A date or an outlet the text gives belongs to what the story tells of.

    >>> asks_report_date("Wann erschien der Artikel über Qin Gang?"), asks_report_date("When did Kuleba resign?")
    (True, False)
    >>> asks_publisher("Who published 'Sam Bankman-Fried was a terrible boyfriend'?")
    True
"""

from __future__ import annotations

import re

from .outlets import OUTLET_NOUN

# the news item's own date: "the article/story/piece" (an interview or a report it tells of has its own date)
_ITEM = r"(?:article|story|piece|blog post|editorial|op-ed|feature|preview|review|explainer|column|roundup|recap|" \
        r"essay|guide|rundown|profile|newsletter|obituary|commentary|live blog|artikel|beitrag|artículo|стат\w*|文章)"
_REPORT_DATE = re.compile(
    rf"^\W*(?:when|on what (?:date|day)|what (?:date|day))\b[^?]*\b{_ITEM}s?\b[^?]*\b(?:published|posted|released|"
    r"written|put out|appear(?:ed|s)?|c[ao]me out|run)\b|"
    rf"^\W*(?:when|on what (?:date|day)|what (?:date|day))\s+did\b[^?]*\b(?:publish|post|run|release)\b[^?]*\b{_ITEM}|"
    # a story named by its headline: "When did The New York Times publish 'After a Stunning Snub, …'?"
    r"^\W*when\s+did\b[^?]*\b(?:publish|post|run)\s+[“\"‘'][^”\"’']{12,}[”\"’']|"
    r"^\W*when\s+(?:was|were)\s+[“\"‘'][^”\"’']{12,}[”\"’']\s+(?:published|posted|run)\b|"
    rf"^\W*what(?:['’]s|\s+is|\s+was)\s+the\s+(?:publication\s+)?date\s+(?:of|on)\s+the\s+{_ITEM}|"
    r"\b(?:publication|publishing)\s+date\b|\bdate\s+of\s+publication\b",  # "… essay — publication date?"
    re.IGNORECASE)
_PUBLISHED_WHEN = re.compile(  # … and in the other languages, beside the item's noun anywhere
    r"\bwann\b[^?]*\b(?:erschien\w*|veröffentlicht)|\bquand\b[^?]*\b(?:publié|paru)|"
    r"\bcu[áa]ndo\b[^?]*\b(?:se publicó|publicad[oa]|salió|apareció)|\bкогда\b[^?]*\b(?:опубликова\w*|вышл\w*)|"
    r"\bколи\b[^?]*\b(?:опублікова\w*|вийшл\w*)|(?:什么时候|哪天|何时|哪一天)(?:发表|发布|刊登|刊发)", re.IGNORECASE)


def asks_report_date(question: str) -> bool:
    """"When was the article in which … published?", "Wann erschien der Artikel …?": the report's own date
    is asked, not a date its text gives."""
    return bool(_REPORT_DATE.search(question) or (
        _PUBLISHED_WHEN.search(question) and re.search(_ITEM, question, re.IGNORECASE)))


# "Which outlet published the article …?", "Who ran the story “…”?": the story's own outlet (on its record), not
# one its text cites ("…, Bloomberg reported" answers "Which outlet *reported* …?")
_PUBLISHED_BY = re.compile(
    r"\b(?:publish(?:ed|es)?|ran|run|runs|carr(?:y|ied|ies)|appear(?:ed|s)?|posted)\b[^?]*?(?:\b(?:article|story|piece|"
    r"blog post|op-ed|editorial|column|headline)s?\b|[“\"‘'][^”\"’']{8,}[”\"’'])|"
    r"\b(?:article|story|piece|blog post|op-ed|editorial|column)\b[^?]*\b(?:published|ran|run|carried|appear(?:ed)?|"
    r"posted)\b(?:\s+(?:in|on|by))?\s*\??$|"
    r"\b(?:a été publié|fue publicad[oa]|se publicó|erschien|veröffentlichte|опубликова\w*|опублікува\w*|вийшл\w*|"
    r"вышл\w*)|发表|刊登|刊发", re.IGNORECASE)
_PUBLISHER = re.compile(r"^\W*(?:who|whose|which|what|in which|on which|in what|on what|sur quel(?:le)?|"
                        r"dans quel(?:le)?|quel(?:le)?|in welche[mr]?|welche[rsmn]?|bei welche[mr]|en qu[ée]|qu[ée]|"
                        r"в как\w*|как\w*|в як\w*|як\w*)\b|哪家|哪个", re.IGNORECASE)
_PUBLISHER_NOUN = re.compile(r"\b(?:blogs?|sites?|websites?)\b|\bsitio\b|\bseite\b|сайт\w*|网站|博客", re.IGNORECASE)


def asks_publisher(question: str) -> bool:
    """"Which outlet published the article …?", "Who published “…”?", "Sur quel blog a été publié l'article …?":
    the outlet that published the story itself."""
    who = re.match(r"^\W*who\b", question, re.IGNORECASE)
    return bool(_PUBLISHER.search(question) and _PUBLISHED_BY.search(question) and (
        who or OUTLET_NOUN.search(question) or _PUBLISHER_NOUN.search(question)))
