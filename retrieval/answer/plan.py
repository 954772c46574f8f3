"""Understand a message before anything is retrieved: the one `plan()` step every front end shares.

A Plan says what the message is (a question, a follow-up, small talk, a question about the bot),
in which language, what kind of answer it wants (a person, a place, a date, a number, yes/no, a
list, a reason), the standalone question a follow-up stands for, and when in time it looks:
an explicit period ("in 2023", "for 2022", "in March") is a strong preference for articles of that
period, and the answer says so (offering the nearest articles) when the library holds none from it;
relative time ("last week", "lately") is a milder preference for recent news around `now`. Neither is
a filter that can empty the result.

    >>> planner = Planner(RuleCondenser().condense)
    >>> planner.plan("thanks!").intent, planner.plan("Who reported it?").answer_type
    ('small_talk', 'organization')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..index.search import Preference
from ..models import Filters, Turn
from ..text.language import detect_language
from ..text.words import TAG_QUESTION, WHAT_IS_THE, _wh_phrase, content_stems, is_demonym, proper_nouns, stem, stopwords
from .asked import asking_part
from .aspects import aspects
from .followup import RuleCondenser
from .foreign import FOREIGN_RULES, QUESTION_WORD, SAID_THAT, asked_after_clause
from .heads import KIND_HEADS, head_kind
from .intent import is_about_bot, is_small_talk, own_words_language
from .labels import ASKS_SCORE
from .roles import title_holder, without_title_words
from .timescope import TimeScope, days_named, parse_time_scope

INTENTS = ("question", "follow_up", "small_talk", "about_bot")
ANSWER_TYPES = ("person", "role", "organization", "place", "date", "number", "yes_no", "list", "reason", "quote",
                "other")
# "Who is Dong Jun?" asks what a named person is (a role), not for a person.
_WHO_IS_NAME = re.compile(r"^\s*(?i:(?:and\s+)?who\s+(?:is|was|'s))\s+(?:[A-Z][\w'’.-]*\s*){1,4}\??\s*$|"
                          r"^\s*(?i:wer (?:ist|war)|qui (?:est|était)|qui[ée]n (?:es|era))\s+(?:[A-Z][\w'’.-]*\s*){1,4}"
                          r"\??\s*$|(?i:\b(?:кто так(?:ой|ая|ие)|хто так(?:ий|а|і))\b)")

# Abbreviations readers type that articles spell out.
_ABBREVIATIONS = {"fm": "foreign minister", "pm": "prime minister", "mfa": "foreign ministry",
                  "mod": "defense ministry", "potus": "US president"}

# Follow-ups that continue the previous answer rather than ask something new.
_FOLLOW_WHEN = re.compile(r"^\s*(?:and\s+)?(?:when|what date|what day|which day)\b(?:\s+(?:was|did|is|were)\s+"
                          r"(?:that|this|it|he|she|they)\b.*|\s*\??\s*$)", re.IGNORECASE)
_FOLLOW_MORE = re.compile(r"^\s*(?:and\s+)?what else\b|^\s*(?:tell me )?more\b|^\s*anything else\b|^\s*go on\b",
                          re.IGNORECASE)
_FOLLOW_WHO_ELSE = re.compile(r"^\s*(?:and\s+)?who else\b", re.IGNORECASE)
_FOLLOW_WHY = re.compile(r"^\s*(?:and\s+)?(?:why|how come|for what reason)\s*(?:\?|$|(?:was|did|is|were|does|do)\s+"
                         r"(?:that|this|it|he|she|they)\b)", re.IGNORECASE)
_CONTEXTUAL = re.compile(r"\b(?:he|she|him|her|his|hers|they|them|their|it|its|that|this|those|these|there)\b",
                         re.IGNORECASE)

_PLURAL_LIST = {"person", "organization", "place"}
# Answer types from question words, English first, then the other languages people ask in.
_TYPE_RULES: list[tuple[str, re.Pattern]] = [
    ("list", re.compile(r"^\s*(?:list|name)\b|\bwho are the\b", re.IGNORECASE)),
    ("place", re.compile(r"^\s*(?:and\s+)?where\b|\bwo\b|\boù\b|\bdónde\b|\bgdzie\b|где|де\b|"
                         r"在哪(?!一?[天年日])|哪里|哪儿", re.IGNORECASE)),
    ("date", re.compile(r"^\s*(?:and\s+)?when\b|\bhow long ago\b|"
                        r"^\W*what(?:['’]s|\s+is|\s+was)\s+the\s+(?:publication\s+)?date\b|\bwann\b|\bquand\b|\bcuándo\b|когда|коли|"
                        r"\b(?:publication|publishing)\s+date\b|\bdate\s+of\s+publication\b|"  # "… — publication date?"
                        r"什么时候|何时|哪天|哪一年", re.IGNORECASE)),
    ("number", re.compile(r"\bhow (?:many|much|long|far|old|big|large)\b|\b(?:in|at) what (?:time|age)\b|"
                          r"\bwhat (?:age|level|rate|speed|score|height|weight|distance)\b|"
                          # a sum as the object: "What did Pollstar project the tour would *gross*?"
                          r"^\W*what\s+(?:did|does|do|will|would|is|was)\b(?![^?]*\b(?:say|said|tell|told|think|about)\b)"
                          r"[^?]*\b(?:gross(?:ed)?|earn(?:ed)?|"
                          r"fetch(?:ed)?|s(?:ell|old) for|cost)\s*(?:\w+\s*){0,4}\??$|"
                          r"\bwie viele?\b|\bcombien\b|"
                          r"\bcuánt[oa]s?\b|сколько|скільки|多少|几", re.IGNORECASE)),
    ("reason", re.compile(r"^\s*(?:and\s+)?(?:why|how come)\b|\bfor what reason\b|\bwhat (?:was|is) the reason\b|"
                          r"\bwarum\b|\bpourquoi\b|\bpor qué\b|почему|зачем|чому|为什么|为何", re.IGNORECASE)),
    ("person", re.compile(r"^\s*(?:\w+\s+){0,2}(?:who|whom|whose)\b|\bwer\b|\bqui\b|\bquién(?:es)?\b|\bкто\b|"
                          r"\bхто\b|谁", re.IGNORECASE)),
    ("quote", re.compile(r"\bwhat (?:exactly |precisely )?did .{1,60}\b(?:say|tell|write|call|describe|claim|warn|"
                         r"promise|allege|admit|reveal|announce|confirm|deny)\b|"
                         r"\bhow did .{1,60}\b(?:describe\b|put it\b(?!\s+(?:into|in|on|to|off|through)\b))|"
                         r"\bin (?:his|her|their) (?:own )?words\b|"
                         r"\b(?:word for word|verbatim|exact words)\b", re.IGNORECASE)),
    # after up to two leading phrases ("According to Sporting News' explainer, if the player …, do most …?"; "The
    # Guardian's NFL roundup: was that …?")
    ("yes_no", re.compile(r"^\s*(?!(?:who|whom|whose|what|which|where|when|why|how)\b)(?:[^,:?]{1,120}[,:]\s*){0,2}"
                          r"(?:is|are|was|were|did|does|do|has|"
                          r"have|had|can|could|will|would|should)\b|" + TAG_QUESTION.pattern, re.IGNORECASE)),
]
_NAME_OF = re.compile(r"\b(?:what|which)(?:['’]s|\s+(?:is|was|are|were))\s+the\s+names?\s+of\s+"
                      r"(?:the\s+|a\s+|an\s+)?(.+)", re.IGNORECASE)
_NAME_THE = re.compile(r"^\s*name\s+(?:of\s+)?(?:the\s+)?(?!(?:every|all|each|some|any|both|two|three|four|five|\d)\b)"
                       r"(.+)", re.IGNORECASE)
_TYPED_KINDS = ("person", "organization", "place", "date", "number")
_NAME_EVERY = re.compile(r"^\s*(?:name|list)\s+(?:(?:the\s+)?(?:every|all|each|both|two|three|four|five|six|\d+)|"
                         r"the\s+\w+s)\b", re.IGNORECASE)
# "Who reported …?" asks for an outlet ("Who put out the video …?": a government, a ministry); "Who wrote the new
# crime novel …?" for its author
_REPORTER = re.compile(r"^\s*who (?:reported|published|broadcast|released|(?:put out|put online)"
                       r"(?=\s+(?:the|a|an)\s+(?:\w+\s+){0,2}?(?:video|footage|clip|recording|readout|transcript)s?\b)|wrote(?!\s+(?:the|a|an|his|her|their)\s+"
                       r"(?:\w+\s+){0,3}?(?:novel|book|memoir|biography|song|album|poem|play|letter|script|screenplay|"
                       r"essay|thriller|series)\b))\b", re.IGNORECASE)
# who or what is blamed, in any language: a person, a body or a force ("an 'invisible hand'")
_BLAMED = re.compile(r"^\W*(?:and\s+)?(?:who|whom|what)\s+(?:does|did|do|is|was)\s+.{1,60}?\bblam(?:e|ing)\b|"
                     r"\bwem\s+(?:gibt|gab)\b.{1,60}\bschuld\b|\bqui\s+.{1,40}\b(?:accuse|blâme)-t-(?:il|elle)\b|"
                     r"\bà qui\b.{1,60}\b(?:la faute|reproche)|\ba qui[ée]n\s+(?:culpa|culpó|responsabiliza)\b|"
                     r"\bкого\s+(?:\w+\s+){0,3}(?:винит|обвиняет|обвинил|винуват|звинувачує|звинуватив|винить)|"
                     r"归咎|怪罪", re.IGNORECASE)
# "What was *Nike's* total revenue …?": what a name owns
_WHAT_IS_NAMED_S = re.compile(r"^\W*(?:and\s+)?what(?:['’]s|\s+(?:is|was|are|were))\s+(?:[\w.&-]+\s+){0,3}?"
                              r"[\w.&’'-]+?['’]s?\s+([^?]+)", re.IGNORECASE)
_OWNER = re.compile(r"^.*?['’]s\s+")  # "the company's net income": what is owned
# a which-phrase acting as the subject: a verb right after it, no auxiliary ("Which conference handed …")
_ACTS_AFTER = re.compile(r"\s+(?:[a-z]+ed|gave|gives|hit|hits|put|puts|set|sets|made|makes|took|takes|cut|cuts|sent|"
                         r"sends|won|wins|beat|beats|handed|hands|bans|fines|suspends|rules)\b")
_COUNTED_WHICH = re.compile(r"^\s*(?:and\s+)?(?:which|what)\s+(?:two|three|four|five|six|both)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Plan:
    """How a message will be answered. Every front end and the evaluator get theirs from `Planner`."""

    question: str  # as asked
    standalone: str  # a follow-up rewritten to stand alone (the question itself otherwise)
    search_query: str  # what is searched: the standalone question without its time expression
    intent: str = "question"
    answer_type: str = "other"
    language: str = "en"
    filters: Filters = field(default_factory=Filters)
    prefer: Preference | None = None
    period: TimeScope | None = None  # an explicit period asked for (to say so when it holds nothing)
    followup: str = ""  # "when" | "more" | "who_else" | "why": continues the previous answer
    focus_articles: tuple[str, ...] = ()  # the previous answer's articles, for a follow-up that continues
    given: tuple[str, ...] = ()  # sentences already given in this conversation
    given_chunks: tuple[str, ...] = ()  # the passages they came from
    outlets: tuple[str, ...] = ()  # the library's outlets the question names ("… the Reuters report …")
    aspects: tuple[str, ...] = ()  # the clauses of a long question, each to be covered by an article
    days: tuple[date, ...] = ()  # single days named with "on" ("the report published on October 7, 2023")
    now: date | None = None

    @property
    def retrieves(self) -> bool:
        return self.intent in ("question", "follow_up")


# "When Shoigu said …, which countries …?": a leading clause sets the scene; the main clause asks
_LEADING_CLAUSE = re.compile(
    r"^\W*(?:when|while|after|before|although|though|as|since|once|if|whereas)\s+"
    r"(?!(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could)\b)[^,?]{3,}?,\s*"
    r"(?=(?:who|whom|whose|which|what|where|when|why|how|did|does|do|is|are|was|were|has|have|had|can|could|will|"
    r"would)\b)", re.IGNORECASE)


# a label someone gives (the which-phrase the object of the verb after it), not a record label that does something
_LABEL_GIVEN = re.compile(r"^\W*(?:and\s+)?(?:what|which)\s+(?!record\s)(?:\w+\s+)?labels?\s+"
                          r"(?:have|has|had|did|do|does|will|would)\b"
                          r"(?=[^?]*\b(?:giv\w*|gave|appl\w*|attach\w*|pinn?\w*|us(?:e|ed|ing)|put|slap\w*)\b)",
                          re.IGNORECASE)


def answer_type(question: str) -> str:
    if m := _LEADING_CLAUSE.match(question):
        return answer_type(question[m.end():])
    if (asking := asking_part(question)) != question:
        return answer_type(asking)
    if _REPORTER.search(question):
        return "organization"
    if _BLAMED.search(question):
        return "other"  # "Whom does Qin blame …?": anyone or anything ("an 'invisible hand'")
    if _WHO_IS_NAME.search(question) or title_holder(question):
        return "role"
    if re.search(r"\bhow (?:many|much)\b", question, re.IGNORECASE) or ASKS_SCORE.search(question):
        return "number"
    if m := _NAME_OF.search(question):  # "What is the name of the leader who …?" asks for the leader
        return answer_type(f"Which {m.group(1)}")
    if (m := WHAT_IS_THE.match(re.sub(r"^\W*(?:and\s+)?", "", question, flags=re.IGNORECASE))) and (
            (kind := answer_type("Which " + _OWNER.sub("", m.group(1)))) in ("number", "date") or
            (kind := answer_type(f"Which {m.group(1)}")) in _TYPED_KINDS):
        return kind  # "What is its starting *price*?", "What is the *daughter*'s name?", "What was the company's
        # net *income*?" (what it owns, not "Which tech giant's shares fell?")
    if (m := _WHAT_IS_NAMED_S.match(question)) and (kind := answer_type(f"Which {m.group(1)}")) in ("number", "date"):
        return kind  # "What was Nike's total revenue …?": an amount
    if _NAME_EVERY.match(question):
        return "list"  # "Name every Chinese official who …"
    if _LABEL_GIVEN.match(question):
        return "other"  # "What label have NATO members given Beijing?": a term, not a record label
    if m := _NAME_THE.match(question):  # "Name the oil company that …": one item; "Name the ministers …": a list
        kind = answer_type(f"Which {m.group(1)}")
        return kind if kind in ("person", "organization", "place", "list") else "list"
    # the head is the last word of the which-phrase that names a kind of thing: the phrase may run on into the
    # clause ("which Russian news *agency* ahead of …", "which Chinese *company* made …")
    phrase = _wh_phrase(question)
    # "Which tech *giant's* shares fell …?" asks for the owner when what it owns is no kind of answer (not "Which
    # country's *president* …")
    owner = next((i for i, w in enumerate(phrase) if re.search(r"['’]s$", w)), None)
    if owner is not None and not any(stem(w) in heads for w in phrase[owner + 1:] for k, heads in KIND_HEADS.items()
                                     if k not in ("number", "date")):
        phrase = [*phrase[:owner], re.sub(r"['’]s$", "", phrase[owner])]
    # a common noun first: a name is seldom the kind asked for ("… Billie Jean *King* recently"), though it
    # may be ("which World *Bank* arm")
    for word in [*reversed([w for w in phrase if w[:1].islower()]), *reversed(phrase)]:
        kind = head_kind(word) or None
        if kind is None or (word[:1].isupper() and kind != "organization"):  # "which Ohio *State* kicker"
            continue
        plural = (word.casefold().endswith("s") and not word.casefold().endswith(("ss", "news"))) \
            or word.casefold() in ("media", "people")
        asks_which = re.match(r"^\s*(?:and\s+)?(?:which|what)\b", question, re.IGNORECASE)
        if plural and asks_which and (kind in _PLURAL_LIST or _COUNTED_WHICH.match(question)):
            return "list"  # "Which countries …", "Which two Russian *figures* …": more than one, named
        if kind == "place" and stem(word) == "confer" and (at := re.search(rf"\b{re.escape(word)}\b", question)) \
                and _ACTS_AFTER.match(question, at.end()):
            return "organization"  # "Which conference *handed* Harbaugh a suspension?": a league that acts
        return kind
    if phrase and phrase[0][:1].isupper() and is_demonym(phrase[0]) and (len(phrase) == 1 or (
            len(phrase) == 2 and re.search(r"(?:s|ed)$", phrase[1]))):
        return "person"  # "Which *American* co-owns Chelsea?": one of a people (not "which Ukrainian military unit")
    english = detect_language(question) in ("en", None)
    if not english:  # the question word that comes first asks: "Хто з речників …, *коли* журналіст запитав?"
        # asks who (a "when" clause follows); yes/no only where no question word stands; in Spanish, after the
        # clause before "¿" ("Cuando Qin habló …, ¿Pekín ya había condenado …?")
        question = asked_after_clause(question)
        found = [(m.start(), i, kind) for i, (kind, pattern) in enumerate(FOREIGN_RULES[:-1])
                 if (m := pattern.search(question))]
        if found:
            return min(found)[2]
    for kind, pattern in (_TYPE_RULES if english else FOREIGN_RULES[-1:]):
        if pattern.search(question):
            return kind
    if not english and re.search(r"[?？]\s*$", question) and not QUESTION_WORD.search(SAID_THAT.sub(r"\1", question)):
        return "yes_no"  # asked by intonation alone: "Цинь Ган признал, что Китай поставлял оружие?"
    return "other"


def _followup_kind(question: str) -> str:
    for kind, pattern in (("when", _FOLLOW_WHEN), ("who_else", _FOLLOW_WHO_ELSE), ("more", _FOLLOW_MORE),
                          ("why", _FOLLOW_WHY)):
        if pattern.search(question):
            return kind
    return ""


def depends_on_context(question: str) -> bool:
    """A question that leans on the conversation: pronouns, "and X?", or too short to stand alone."""
    if _CONTEXTUAL.search(question) or _followup_kind(question):
        return True
    if re.match(r"^\s*(?:and|what about|how about)\b", question, re.IGNORECASE):
        return True
    return len(content_stems(question, drop_question_words=True)) <= 2 and not proper_nouns(question)


def named_outlets(question: str, outlets: list[str]) -> tuple[str, ...]:
    """The outlets a question names, by the first part of their name ("Cnbc | World Business News" → "Cnbc")."""
    text = " " + " ".join(re.sub(r"[^\w\s&.-]", " ", question).split()) + " "
    found = []
    for outlet in outlets:
        key = re.sub(r"^the\s+", "", outlet.split("|")[0].strip().casefold())
        key = " ".join(re.sub(r"[^\w\s&.-]", " ", key).split())
        if len(key) < 3 or key in stopwords():
            continue
        # as a name, not a word: "at what age" and "wired headphones" name neither The Age nor Wired
        if (m := re.search(f" {re.escape(key)} ", text, re.IGNORECASE)) and not m.group().islower():
            found.append(outlet)
    return tuple(found)


class Planner:
    """Message (+ history, filters, now) → Plan. `condenser` rewrites follow-ups (rules or an LLM);
    `outlets` lists the library's outlets (so a question naming one can be searched outlet by outlet)."""

    def __init__(self, condenser, rules: RuleCondenser | None = None, library=None):
        self.condenser = condenser
        self.rules = rules or RuleCondenser()
        self.library = library  # () -> Profile (outlets, latest date), when there is a library

    def plan(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
             now: date | None = None, language: str | None = None) -> Plan:
        question = " ".join(question.split())
        history = list(history or [])
        lang = detect_language(question) or language or "en"
        for intent, matches in (("small_talk", is_small_talk), ("about_bot", is_about_bot)):
            if matches(question):  # the bot's own words, in the language of the message's own words
                return Plan(question, question, question, intent=intent, answer_type="none",
                            language=own_words_language(question) or lang, filters=filters or Filters(), now=now)

        followup = ""
        standalone = question
        focus: tuple[str, ...] = ()
        given: tuple[str, ...] = ()
        given_chunks: tuple[str, ...] = ()
        if history and depends_on_context(question):
            prev = history[-1]
            followup = _followup_kind(question)
            standalone = self._condense(question, history)
            focus = tuple(prev.articles)
            given = tuple(q for t in history for q in t.quotes)
            given_chunks = tuple(prev.chunks)
        intent = "follow_up" if standalone != question or followup else "question"

        kind = answer_type(standalone if not followup else question)
        if followup == "when":
            kind = "date"
        elif followup == "who_else":
            kind = "person"
        elif followup == "why":
            kind = "reason"

        profile = self.library() if self.library else None
        today = now or date.today()
        anchor = min(today, profile.latest + timedelta(days=31)) if profile and profile.latest else today
        scope = parse_time_scope(_expand(standalone), today, anchor)
        plan_filters = filters or Filters()
        prefer, period = None, None
        if scope.found and scope.relative:
            prefer = Preference(scope.since, scope.until, half_life_days=max(3.0, _days(scope) / 2), weight=0.5)
        elif scope.found:  # the articles of that period are the ones asked about, first
            period = scope
            prefer = Preference(scope.since, scope.until, half_life_days=30.0, weight=2.0)
        outlets = named_outlets(standalone, profile.outlets) if profile and not plan_filters.sources else ()
        search_query = without_title_words(scope.question or standalone)
        clauses = aspects(search_query) if lang == "en" and intent == "question" else ()
        return Plan(question, standalone, search_query, intent=intent, answer_type=kind, language=lang,
                    filters=plan_filters, prefer=prefer, period=period, followup=followup, focus_articles=focus,
                    given=given, given_chunks=given_chunks, outlets=outlets, aspects=clauses,
                    days=days_named(standalone, today), now=now)

    def _condense(self, question: str, history: list[Turn]) -> str:
        try:
            return self.condenser(question, history)
        except Exception:  # a model that fails to rewrite must not lose the question
            return self.rules.condense(question, history)


def _expand(question: str) -> str:
    """Abbreviations spelled out beside themselves ("the Ukrainian FM" → "the Ukrainian FM (foreign minister)")."""
    return re.sub(r"\b([A-Za-z]{2,5})\b", lambda m: f"{m.group(1)} ({_ABBREVIATIONS[m.group(1).casefold()]})"
                  if m.group(1).casefold() in _ABBREVIATIONS and m.group(1)[0].isupper() else m.group(1), question)


def _days(scope: TimeScope) -> float:
    if scope.since and scope.until:
        return max(1.0, float((scope.until - scope.since).days))
    return 30.0


