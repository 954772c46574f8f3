"""Whether the names a question asks about stand together in one story: some article names them all (a
capital for its government, a name by its initials, an outlet by its record), or the story an answer comes from
does.

    >>> bool(_COMPARES.search("Did both reports say the deal was done?"))
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import permutations
from typing import TYPE_CHECKING

from ..models import Hit
from ..text.words import NATIONS, SEATS, content_stems, event_kin, stem
from .asked import asking_part, initialled, mentions, name_groups, preamble
from .candidates import Sentence, story_people
from .leads import Candidate

if TYPE_CHECKING:
    from .evidence import Evidence

_PLACED = re.compile(r"\b(?:in|to|at|into|from|near|outside|around|visit(?:s|ed|ing)?)\s+([A-Z][a-z]+)")


def seat_for_nation(question: str, seat: str, stems: set[str]) -> bool:
    """A capital the question names for its government ("Did Shoigu say *Moscow and Beijing* are …?") is named by
    its nation; a capital as a place ("Shoigu's visit *to Beijing*") only by itself."""
    placed = {stem(m.group(1)) for m in _PLACED.finditer(question)}
    return seat not in placed and SEATS.get(seat, "-") in stems


def together(question: str, cands: list[Sentence], hits: list[Hit]) -> bool:
    """"What did Lavrov say at the Xiangshan Forum?" asks about two names at once: some article must
    mention both. Names most retrieved articles share (China, Russia) are left out of the test; a
    name counts as mentioned when half its words are ("Wang" for "Wang Yi")."""
    by_article: dict[str, set[str]] = {}
    for c in cands:
        by_article.setdefault(hits[c.hit].article_id, set()).update(c.stems)
    groups = name_groups(question)
    # the outlet too, when the question is about one report: "… did BBC News report" names the report's source
    # (however many desks it files from: "FOX News - Health", "… - Lifestyle"), not its text; a question about
    # two reports (two outlets, "both articles", "… while the other article …") compares them
    sources = {s: set(content_stems(s)) for s in {h.source for h in hits if h.source}}
    outlets = {frozenset(g) for g in groups if any(_names_outlet(g, s, stems) for s, stems in sources.items())}
    # … or two are named, and one of them as the report's source ("Why did Wired remove …, as recounted by The Age?")
    sourced = [s for s in sources if _as_source(s).search(question)] if len(outlets) == 2 else []
    one_report = (len(outlets) == 1 or len(sourced) == 1) and _reports_named(question) <= 1 \
        and not _COMPARES.search(question)
    for h in hits:
        by_article.setdefault(h.article_id, set()).update(
            content_stems(f"{h.headline} {h.source} {h.ref.author}" if one_report else f"{h.headline} {h.ref.author}"),
            initialled(question, f"{h.headline} {h.text}"))  # "SBF" names Sam Bankman-Fried
        if one_report:  # "CBS Sports'" names a story of "CBSSports.com"
            by_article[h.article_id].update(*(g for g in outlets if _names_outlet(g, h.source, sources.get(h.source,
                                                                                                           set()))))

    def named(stems: set[str], g: set[str]) -> bool:
        return mentions(stems, g) or (len(g) == 1 and seat_for_nation(question, next(iter(g)), stems))

    rare = [g for g in groups if sum(named(a, g) for a in by_article.values()) < max(3, 0.6 * len(by_article))]
    if len(rare) < 2:
        return True
    if any(all(named(a, g) for g in rare) for a in by_article.values()) or bool(bridge_names(question, cands)):
        return True
    # a sentence of context told by another story than the one asked about, which names someone this one names:
    # "The top diplomat who held talks with Lavrov in Moscow also met Kuleba. In which city did that meeting
    # happen?"
    if not preamble(question):
        return False
    in_asking = name_groups(asking_part(question))
    asked = [g for g in rare if g in in_asking]
    context = [g for g in rare if g not in asked]
    people = story_people(hits) if asked else {}
    return bool(asked) and any(
        all(named(a, g) for g in asked) and any(b != aid and all(named(other, g) for g in context) and
                                                people.get(b, set()) & people.get(aid, set())
                                                for b, other in by_article.items())
        for aid, a in by_article.items())


# "Which minister *both* spoke at the Xiangshan Forum *and* held a call with Shoigu?": one asked for, two stories
_BRIDGE = re.compile(r"\bboth\b(?!\s+(?:a|an|as|the|of)\s)\s+([^?]*?)\s+and\s+([^?]*)", re.IGNORECASE)


def bridge_names(question: str, sentences: list[Sentence]) -> set[str]:
    """For a question about one who *both* did this *and* that: the surnames (stems) of the people or bodies
    named in a sentence telling each deed — its names and a word of what was done (or its kin: "spoke" ~
    "called for") — the question's own names aside. They join stories that never name each other's names.
    Empty for other questions."""
    m = _BRIDGE.search(question)
    if not m or sum(1 for g in name_groups(question) if not g <= NATIONS) < 2:
        return set()
    named = [(s, [stem(w) for w in s.text[a:b].split()]) for s in sentences for a, b, label in s.entities
             if label in ("PERSON", "ORG") and s.text[a:b].split()]
    alone = {words[0] for _, words in named if len(words) == 1}  # a surname said alone: "Wang" of "Wang Yi"
    shared: set[str] | None = None
    for deed in m.groups():
        names = {w for s, words in named if _tells(deed, s) for w in {words[-1], words[0]} & ({words[-1]} | alone)}
        shared = names if shared is None else shared & names
    return (shared or set()) - set(content_stems(question))


def _tells(deed: str, s: Sentence) -> bool:
    """The sentence names the deed's names and says a word of what was done, or its kin."""
    groups = [g for g in name_groups(deed) if not g <= NATIONS]
    done = set(content_stems(deed)) - set().union(*groups, NATIONS)
    return all(mentions(s.stems, g) for g in groups) and (
        not done or any(t in s.stems or event_kin(t, dated=True) & s.stems for t in done))


def _names_outlet(group: set[str], source: str, stems: set[str]) -> bool:
    """A name of the question is this outlet's, word for word or run together ("CBS Sports" ~ "CBSSports.com")."""
    if group <= stems:
        return True
    letters = re.sub(r"[^a-z]", "", source.casefold())  # "Business Line" ~ "The Hindu BusinessLine"
    return len(group) <= 3 and (any("".join(order) in letters for order in permutations(group)) or (
        len(group) >= 2 and all(len(t) >= 3 and t in letters for t in group)))


def _as_source(outlet: str) -> re.Pattern:
    """The outlet named as the source of the report asked about: "according to X", "as recounted by X", "X's …"."""
    name = re.escape(outlet)
    return re.compile(rf"\b(?:according to|per|as (?:\w+ )?(?:by|in)|reported by|told)\s+(?:the\s+)?{name}\b|"
                      rf"\b{name}['’]s?\s+(?:[\w-]+\s+){{0,3}}?(?:report|article|story|piece|column|explainer|guide|"
                      r"coverage|roundup|preview|review|blog|post|analysis|interview)", re.IGNORECASE)


_REPORT_NOUN = re.compile(r"\b(?:articles?|reports?|stor(?:y|ies)|pieces?|coverage|posts?)\b", re.IGNORECASE)
_COMPARES = re.compile(r"\b(?i:both(?!\s+(?:a|an|as)\s)|while|whereas|identical(?:ly)?|compared (?:to|with)|"
                       r"same as|unlike|consistent(?:ly)?\s+with|inconsistent(?:ly)?|change[sd]?|"
                       r"differ(?:s|ed|ing|ent|ently|ences?\s+between)?)\b|"  # (not "the price difference")
                       # (not "as both a runner and a receiver", "consistently tap into that habit")
                       # a report after another ("After TechCrunch reported …"), not "after her recovery"
                       r"\b(?i:after|before|since)\s+(?:the\s+)?(?:[A-Z][\w.&’'-]*\s+){0,3}(?:\w+\s+){0,3}"
                       r"(?i:report|article|stor(?:y|ies)|piece|publish|wrote|ran\b|broke\b|reveal)")  # (not "after
# Epic's win over Google")
# the words before a report noun that make it a document other than a news report ("its second *safety* reports")
_NEWS_WORDS = frozenset("the a an this that these those its his her their other same both two each either another "
                        "first second earlier later latest recent new news original own one".split())


def _reports_named(question: str) -> int:
    """How many news reports a question names: "the story", "both articles" — not "its safety reports"."""
    count = 0
    for m in _REPORT_NOUN.finditer(question):
        before = re.findall(r"[\w’'-]+", question[: m.start()])
        count += not (before and before[-1].isalpha() and before[-1].islower() and before[-1] not in _NEWS_WORDS)
    return count


def story_names_all(question: str, ev: Evidence, hits: list[Hit], hit: int) -> bool:
    """Whether the story of `hits[hit]` names everyone and everything the question names (countries aside;
    half of a name's words will do: "Wang" for "Wang Yi"; of three names or more, all but one): "Which
    protocol is Twitter rolling out support for?" is not answered from a story about Flipboard."""
    groups = [g for g in name_groups(question) if not g <= NATIONS]
    if not groups or not 0 <= hit < len(hits):
        return True
    story = hits[hit].article_id
    said: set[str] = set()
    for i, h in enumerate(hits):
        if h.article_id == story:
            said |= set(content_stems(f"{h.headline} {h.source} {h.ref.author}")) | \
                initialled(question, f"{h.headline} {h.text}")  # "SBF" for the "Sam Bankman-Fried" it prints
            said |= set().union(*(s.stems for s in ev.by_hit.get(i, [])))
    # a capital for its government ("Beijing and Moscow say …") is named by its nation, and is then no name
    groups = [g for g in groups if not (len(g) == 1 and SEATS.get(next(iter(g))) in said)]
    missing = [g for g in groups if not mentions(said, g)]
    if not missing or (len(missing) < len(groups) and bridge_names(question, ev.sentences)):
        return True  # (one who *both* did this *and* that: each story tells one of them)
    if _DESCRIBED_BY_DEED.search(question) and _told_of_the_same(missing, story, hits):
        return True  # "… did the minister *who had offered Shoigu his backing* later urge …?": another story tells
        # that deed of someone this one names
    # three names or more: one may be the question's setting the story takes for granted ("… fifth in the
    # *Premier League* with a 3-1 win over which team at Villa Park?" against a report on Aston Villa's win),
    # never a person ("Besides *Lavrov*, which Russian leader …?" is not answered from a story without him)
    people = {stem(w) for h in hits for a, b, label in h.entities if label == "PERSON" for w in h.text[a:b].split()}
    return len(missing) == 1 and len(groups) >= 3 and not missing[0] & people


# one asked about by a deed another story tells: "the Chinese defence minister *who had offered* Shoigu his backing"
_DESCRIBED_BY_DEED = re.compile(r"\b[a-z]{3,}\s+who\s+(?!(?:is|are|did|does|do)\b)[a-z]+")


def _told_of_the_same(missing: list[set[str]], story: str, hits: list[Hit]) -> bool:
    """Another retrieved story names the names this one lacks and a person this one names in full."""
    people = story_people(hits)
    texts: dict[str, set[str]] = {}
    for h in hits:
        texts.setdefault(h.article_id, set()).update(content_stems(f"{h.headline} {h.text}"))
    return any(a != story and all(mentions(stems, g) for g in missing) and people.get(a, set()) & people[story]
               for a, stems in texts.items())


def from_named_story(cand: Candidate, ev: Evidence, named: Callable[[int], bool]) -> bool:
    """Whether a story that names what the question names states the candidate — quoted from there ("Vladimir
    Putin" as Wang Yi's host, not as Xi's partner in another story)."""
    if named(cand.hit):
        return True
    for s in ev.sentences:
        if cand.key in s.text.casefold() and named(s.hit):
            cand.sentence, cand.hit = s, s.hit
            return True
    return False
