"""What the sources call a person, and whether a role is the one a question asks about.

"Who is Dong Jun?" is answered by the title the sources give him ("Chinese Defense Minister Dong Jun",
"Qin Gang, China's Foreign Minister, …"); "Who is Ukraine's foreign minister?" must not be answered
with a person the sources call *Chinese* Foreign Ministry spokesperson: a role that names another
nation than the question's is another role.

    >>> role_before("talks with Chinese Defense Minister Dong Jun", 36)
    'Chinese Defense Minister'
    >>> sorted(asked_nations("Who was China's defence minister before Dong Jun?")), role_nations("Russian counterpart")
    (['china'], {'russia'})
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.countries import countries_named, nation_of
from ..text.words import NATIONS, content_stems, stem
from .evidence import Evidence
from .leads import Candidate, key_of
from .spans import ROLE_MODIFIERS, ROLE_NOUN

_ROLE_STOP = re.compile(r"[,;:.()“”\"]|\s(?:has|had|have|is|was|said|says|told|who|which|and|but|on|in|at|to|"
                        r"during|after|before|with)\s", re.IGNORECASE)


def _bare(word: str) -> str:
    """The word without a possessive ("minister's" → "minister")."""
    return re.sub(r"['’]s$", "", word)


def _role_word(word: str) -> bool:
    return bool(ROLE_NOUN.match(_bare(word))) or word[:1].isupper() or word.casefold() in ROLE_MODIFIERS


def role_before(text: str, at: int) -> str:
    """"Chinese Defense Minister Dong Jun" → "Chinese Defense Minister" (ends in a role noun); also
    "an Anthropic spokesperson, Sally Aldous" → "Anthropic spokesperson"."""
    words = text[max(0, at - 80):at].split()
    if words and words[-1].endswith(",") and ROLE_NOUN.match(words[-1][:-1]):
        words[-1] = words[-1][:-1]  # "said an Anthropic spokesperson, Sally Aldous": the title in apposition
    taken: list[str] = []
    for w in reversed(words):
        if not _role_word(w) or w.endswith((",", ".", ";", ":")):
            break
        taken.insert(0, w)
    for _ in range(2):  # "counterpart Sergei | Lavrov": a first name stands between the title and the surname
        if taken and not ROLE_NOUN.match(taken[-1]) and taken[-1][:1].isupper():
            taken.pop()
    return " ".join(taken) if taken and ROLE_NOUN.match(taken[-1]) else ""


def role_after(text: str, end: int) -> str:
    """"Qin Gang, China’s Foreign Minister, has …" / "Shoigu is the defence minister" → the role phrase."""
    m = re.match(r"\s*(?:,|\s(?:is|was|as))\s+(?:the\s+|a\s+|an\s+)?", text[end:end + 12])
    if not m:
        return ""
    rest = text[end + m.end(): end + m.end() + 90]
    cut = _ROLE_STOP.search(" " + rest)
    phrase = (rest[: cut.start() - 1] if cut else rest).split()
    taken = []
    for w in phrase:
        if not (_role_word(w) or w.casefold() in ("of", "for")):
            break
        taken.append(w)
    while taken and taken[-1].casefold() in ("of", "for"):
        taken.pop()
    return " ".join(taken) if any(ROLE_NOUN.match(_bare(w)) for w in taken) else ""


def role_of(name: str, ev: Evidence, depth: int = 10) -> Candidate | None:
    """What the sources call a named person ("Who is Dong Jun?" → "Chinese Defense Minister"): a title
    right before the name, or an appositive after it; the title most sentences agree on wins."""
    found = roles_of(name, ev, depth)
    return max(found, key=lambda c: c.score) if found else None


def roles_of(name: str, ev: Evidence, depth: int = 10) -> list[Candidate]:
    """Every title the best sentences give a named person, each scored by the sentences that give it."""
    variants = [name] + ([name.split()[-1]] if len(name.split()) > 1 else [])
    found: dict[str, Candidate] = {}
    best = ev.sentences[0].score if ev.sentences else 1.0
    for s in ev.sentences[:depth]:
        for v in variants:
            for m in re.finditer(rf"(?<![\w-]){re.escape(v)}(?![\w-])", s.text):
                role = role_before(s.text, m.start()) or role_after(s.text, m.end())
                if not role or role.casefold() == name.casefold():
                    continue
                weak = role.split()[-1].casefold().startswith("counterpart")
                key = key_of(role)
                cand = found.setdefault(key, Candidate(role, key, "ROLE", hit=s.hit))
                cand.score += (0.5 if weak else 1.0) * (s.score / (best or 1.0))
                if cand.sentence is None:
                    cand.sentence = s
                break
    return list(found.values())


# the stories' abbreviations of a role's nation: "a U.S. official", "the UK envoy" (case matters: "us" is no nation)
_ABBREVIATED = ((re.compile(r"(?<![\w.])(?:U\.S\.(?:A\.)?|USA?)(?!\w)"), "American"),
                (re.compile(r"(?<![\w.])(?:U\.K\.|UK)(?!\w)"), "British"))


def _spelled(text: str) -> str:
    for pattern, nation in _ABBREVIATED:
        text = pattern.sub(nation, text)
    return text


def role_nations(role: str) -> set[str]:
    """The nations a role phrase names ("Chinese Foreign Ministry spokesperson" → {"china"}, "U.S. official" →
    {"america"})."""
    return {stem(w) for w in re.findall(r"[^\W\d_]+(?:['’]s)?", _spelled(role))} & NATIONS


_OFFICES = frozenset("minister president premier chancellor spokesperson spokesman spokeswoman ambassador secretary "
                     "governor mayor king queen pope senator ceo chairman chairwoman judge prosecutor pastor priest "
                     "bishop rabbi imam".split())
# distinct offices: one is never another — but one office may go by several words
_SAME_OFFICE = {"spokesman": "spokesperson", "spokeswoman": "spokesperson", "chairwoman": "chairman"}


_COUNTERPARTS = frozenset({"minister", "president", "premier", "chancellor", "secretary", "ambassador", "governor",
                           "mayor", "king", "queen"})


def offices(role: str) -> set[str]:
    """The offices a role phrase names ("Chinese Foreign Ministry spokesman" → {"spokesperson"})."""
    words = re.findall(r"[a-z]+", role.casefold())
    found = {w for w in words if w in _OFFICES} | {w[:-1] for w in words if w.endswith("s") and w[:-1] in _OFFICES}
    return {_SAME_OFFICE.get(w, w) for w in found}


# the words that open the role of the one asked for: "*Which* Chinese official …", "Who *was* China's defence
# minister …", "… *as* Russia's defense minister", "*Name* the …" — a role after any other word is not the one
# asked for ("Which journalist *interviewed* the foreign minister?")
_ROLE_OPENERS = frozenset("which what whose is was are were be been being became become becomes remain remains "
                          "remained as name named appointed elected nominated chosen picked tapped hired crowned "
                          "who's who’s what's what’s".split())
# … and someone else's for sure after a preposition ("a call *with* China's defense minister")
_WITH = frozenset("with to from against by for about between among".split())
# … whose phrase may run through the body the role is of ("Which Chinese foreign *ministry* spokesperson …")
_BODY_NOUNS = frozenset("ministry ministries department office government affairs army navy party council bank agency "
                        "committee commission police embassy parliament cabinet administration press team club company "
                        "firm".split())


def _asked_roles(question: str) -> list[tuple[str, str]]:
    """The role nouns of the one a question asks for, each with the words before it in its phrase."""
    return [(w, before) for w, before, opener in _role_phrases(question) if opener is None or opener in _ROLE_OPENERS
            or opener in ("name of", "names of")]  # (… or "the name *of* the Russian minister")


@lru_cache(maxsize=256)  # (read once per question, not once per candidate checked against it)
def _role_phrases(question: str) -> tuple[tuple[str, str, str | None], ...]:
    """Each role noun of a question, the words before it in its phrase, and the word (or "name of") before the
    phrase, lower-cased; None at the question's start."""
    words = re.findall(r"[^\W\d_]+(?:['’]s)?", _spelled(question))
    out = []
    for i, w in enumerate(words):
        if not ROLE_NOUN.match(_bare(w)):
            continue
        start = i
        while start > 0 and (_role_word(words[start - 1]) or stem(words[start - 1]) in NATIONS or
                             words[start - 1].casefold() in _BODY_NOUNS | {"the", "a", "an"}):
            start -= 1
            if re.search(r"['’]s$", words[start]) and start > 0 and ROLE_NOUN.match(_bare(words[start - 1])):
                break  # "the Russian counterpart | China's top diplomat met": another's role, a clause of its own
        opener = None if start == 0 else words[start - 1].casefold()
        if opener == "of" and start > 1:
            opener = f"{words[start - 2].casefold()} of"
        out.append((w, " ".join(words[max(start, i - 3): i]), opener))
    return tuple(out)


def _other_roles(question: str) -> list[tuple[set[str], set[str]]]:
    """The offices (and their nations) a question gives someone other than the one it asks for: a role after
    a preposition ("Who held a call *with* China's defense minister?")."""
    return [(offices(w), role_nations(before)) for w, before, opener in _role_phrases(question)
            if opener in _WITH and offices(w)]


def role_swapped(question: str, sentence: str) -> bool:
    """"Where did China's top diplomat hold talks *with the Russian foreign minister*?" is not answered by "Ukraine's
    former Foreign Minister Kuleba said after the meeting with … Wang Yi in Guangzhou": the sentence gives the office
    the question gives someone else to another nation's holder only."""
    for office, nations in _other_roles(question):
        if not nations:
            continue
        held = [role_nations(role_before(sentence, m.end())) for m in _OFFICE_WORD.finditer(sentence)
                if offices(m.group(0)) & office]
        if any(held) and not any(n & nations for n in held):
            return True
    return False


_OFFICE_WORD = re.compile(r"\b(?:" + "|".join(sorted(_OFFICES)) + r")s?\b", re.IGNORECASE)


def asked_nations(question: str, language: str = "en") -> frozenset[str]:
    """The nations that qualify the role a "who" question asks about: "Who is *Ukraine's* foreign minister?"
    (up to three words before a role noun of the one asked for); across languages, the countries named beside
    a role word ("¿Quién sustituyó a Shoigú como ministro de Defensa de *Rusia*?")."""
    if language != "en":
        return _asked_nations_across(question)
    return frozenset().union(*(role_nations(before) for _, before in _asked_roles(question)))


# offices in the other languages people ask in (German compounds included: "Verteidigungsminister")
_ROLE_ACROSS = re.compile(r"minist|министр|міністр|президент|präsident|présiden|presiden|представ|речни|спікер|"
                          r"спикер|секретар|sprecher|porte-parole|portavoz|чиновни|посадов|funcionari|responsabl|"
                          r"beamt|diplomat|диплома|посол|посл[аоиу]|ambassad|embajador|botschafter|"
                          r"мид$|мзс$|министерств|міністерств", re.IGNORECASE)  # "Кто из *МИД* Китая …?"
_ROLE_ZH = re.compile(r"部长|外长|防长|总统|发言人|官员|外交官|大使|外交部|国防部")
# "З ким говорив міністр …?", "Mit wem …?", "和谁 …?": the role is the doer's, not the one asked for
_WHOM_ACROSS = re.compile(r"(?<!\w)(?:[зс]о?|із|зі|до|від|от|к|у)\s+(?:ким|кем|кого|кому)\b|(?<!\w)(?:кому|кого|"
                          r"wem|wen)\b|\bmit\s+wem\b|\b(?:avec|à|de|pour)\s+qui\b|\b(?:con|a|de|para)\s+quién\b|"
                          r"[和与跟同给对向]谁", re.IGNORECASE)


# … and the offices among them, by their English words ("міністр" a minister, not "міністерство" a ministry)
_OFFICES_ACROSS = tuple((re.compile(pattern, re.IGNORECASE), office) for pattern, office in (
    (r"minist(?!ère|erio|erium)|министр|міністр|部长|外长|防长", "minister"),
    (r"президент|präsident|présiden|presiden|总统", "president"),
    (r"sprecher|porte-parole|portavoz|речни|спікер|спикер|发言人", "spokesperson"),
    (r"(?<!\w)посол|(?<!\w)посл[аоиу]|ambassad|embajador|botschafter|大使", "ambassador")))


@lru_cache(maxsize=256)
def asks_office(question: str) -> bool:
    """"Which Chinese foreign minister …?", "Who is Ukraine's president?": the one asked for holds an office."""
    return bool(_asked_offices(question, "en"))


def office_words(question: str, language: str) -> str:
    """A pattern of the English words for the offices a question asks about ("portavoz" → spokesperson,
    spokesman, spokeswoman); "" for none."""
    asked = _asked_offices(question, language)
    words = [w for w in sorted(_OFFICES) if _SAME_OFFICE.get(w, w) in asked]
    return rf"\b(?:{'|'.join(words)})s?\b" if words else ""


def _asked_offices(question: str, language: str) -> frozenset[str]:
    if language == "en":
        return frozenset(offices(" ".join(w for w, _ in _asked_roles(question))))
    words = " ".join(t for _, t in _role_words(re.findall(r"[\w’'-]+", question))) + " " + \
        " ".join(_ROLE_ZH.findall(question))
    return frozenset() if _WHOM_ACROSS.search(question) else \
        frozenset(office for pattern, office in _OFFICES_ACROSS if pattern.search(words))


def _role_words(tokens: list[str]) -> list[tuple[int, str]]:
    """The words naming an office: its stem opens the word, or ends a capitalised compound
    ("Verteidigungsminister" — not "suministrará")."""
    return [(i, t) for i, t in enumerate(tokens) if (m := _ROLE_ACROSS.search(t)) and
            (m.start() == 0 or t[:1].isupper() or _COMPOUND_END.search(t)) and not t.casefold().startswith("admin")]


# … or typed in lower case: "außenminister", "regierungssprecher"
_COMPOUND_END = re.compile(r"(?:minister|präsident|sprecher|botschafter)(?:in|innen)?$", re.IGNORECASE)


@lru_cache(maxsize=256)
def _asked_nations_across(question: str) -> frozenset[str]:
    if _WHOM_ACROSS.search(question):
        return frozenset()
    windows = [question[max(0, m.start() - 6):m.start()] for m in _ROLE_ZH.finditer(question)]
    tokens = re.findall(r"[\w’'-]+", question)
    windows += [" ".join(tokens[max(0, i - 2): i + 5]) for i, _ in _role_words(tokens)]
    return frozenset({nation_of(code) for w in windows for code in countries_named(w, adjectives=True)} - {""})


def holds_asked_role(cand: Candidate, question: str, ev: Evidence, language: str = "en") -> bool:
    """For "Who is Ukraine's foreign minister?": the sources call the candidate a minister (or someone's
    counterpart), and of no other nation than the question's — not "President Volodymyr Zelensky", not
    "Russian counterpart Sergei Shoigu" for "Who was China's defence minister…?". Without an office in the
    question, only a role of another nation rules a candidate out; and the one holding a role the question
    gives someone else ("Who held a call with *China's defense minister*?") is not the one asked for."""
    nations, asked = asked_nations(question, language), _asked_offices(question, language)
    others = _other_roles(question) if language == "en" else []
    # "the Russian counterpart | China's top diplomat met": the role of the one meeting, not the one met
    given = [w for w, _, opener in _role_phrases(question) if opener and ROLE_NOUN.match(opener)] \
        if language == "en" else []
    if not (nations or asked or others or given):
        return True
    roles = _told_roles(cand, ev)
    if any(offices(r) & office and (not where or role_nations(r) & where) for r in roles for office, where in others):
        return False
    if any(re.search(rf"\b{re.escape(w)}\b", r, re.IGNORECASE) for r in roles for w in given):
        return False
    if not (nations or asked):
        return True
    named = [role_nations(r) for r in roles]
    if nations and any(named) and not any(n & nations for n in named):
        return False
    if language == "en" and _other_portfolio(question, roles):
        return False
    # (a counterpart holds another's office: a minister's is a minister, no one's spokesperson)
    return not asked or any(offices(r) & asked or ("counterpart" in r.casefold() and asked & _COUNTERPARTS)
                            for r in roles)


def nation_untold(cand: Candidate, question: str, ev: Evidence) -> bool:
    """"Which *US* official …?" — a candidate no role in the evidence ties to any nation ("Mr. Wang noted …"):
    whether the one named is of the nation asked, the sources do not say."""
    return bool(asked_nations(question)) and not any(role_nations(r) for r in _told_roles(cand, ev))


def _told_roles(cand: Candidate, ev: Evidence) -> list[str]:
    """The roles the evidence gives a candidate, under the full name it gives them (a person's nation is the same
    in every sentence: all the evidence tells it)."""
    return [r.text for r in roles_of(_full_name(cand.text, ev), ev, depth=len(ev.sentences))]


# what a minister (or secretary) is minister of: "foreign minister" is never "Defense Minister" (as stems, one
# for "defence" and "defense")
_PORTFOLIOS = frozenset(stem(w) for w in "foreign defense finance interior trade economy health justice energy "
                        "transport education agriculture culture prime treasury state home labor environment".split())


def _portfolios(phrase: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[A-Za-z]+", phrase)} & _PORTFOLIOS


def _other_portfolio(question: str, roles: list[str]) -> bool:
    """"Which Chinese *foreign* minister …?" — a candidate the sources call only "Defense Minister": the same
    office of another portfolio (a role that names none, "Minister Wang", says nothing either way)."""
    for office, held in ((offices(w), _portfolios(before)) for w, before in _asked_roles(question)):
        same = [_portfolios(r) for r in roles if offices(r) & office] if office and held else []
        if any(same) and not any(p & held for p in same):
            return True
    return False


def _full_name(name: str, ev: Evidence) -> str:
    """"Qin" → "Qin Gang", the longest name of a person the evidence gives ending in it."""
    if " " in name:
        return name
    full = (s.text[a:b] for s in ev.sentences for a, b, label in s.entities if label == "PERSON")
    return max((f for f in full if f.split()[-1] == name or f.split()[0] == name), key=len, default=name)


_NAME_THEN_ROLE = r"^\s*(?:[Ii]s|[Ww]as)\s+((?:[A-Z][\w-]*(?<!['’]s)\s+)+)(?:still\s+)?(?:the\s+|a\s+|an\s+)?"
_IS_ROLE = re.compile(_NAME_THEN_ROLE + r"(.*?\b(?:" + "|".join(sorted(_OFFICES)) + r"))s?\b")


def role_verdict(question: str, ev: Evidence) -> str:
    """"Is Dong Jun China's foreign minister?": "No" when the sources give him the same office with other
    words ("Defense Minister"), "Yes" when a role of his holds every word asked; "" when they don't say."""
    m = _IS_ROLE.match(question)
    if not m:
        return ""
    asked = {stem(w) for w in re.findall(r"[^\W\d_]+", m.group(2))} - NATIONS
    nations = role_nations(m.group(2))
    roles = [r.text for r in roles_of(m.group(1).strip(), ev)]
    same_office = [r for r in roles if offices(r) & offices(m.group(2))]
    if not same_office:
        return ""
    if question.lstrip()[:2].casefold() == "is" or re.search(r"\bstill\b", question, re.IGNORECASE):
        # "Is Kuleba (still) foreign minister?" — "former" says no
        for r in same_office:
            if re.search(r"\b(?:former|ex-|outgoing|then-)", r, re.IGNORECASE) and \
                    asked <= {stem(w) for w in re.findall(r"[^\W\d_]+", r)}:
                return "No"
    asked -= FRAMING_NOUNS
    held = [{stem(w) for w in re.findall(r"[^\W\d_]+", r)} for r in same_office
            if not nations or not role_nations(r) or role_nations(r) & nations]
    if any(asked <= words for words in held):
        return "Yes"
    # "Was Koskinen *new* in the job of transport minister?" — "Finnish Transport Minister": the office is his,
    # whether he was new in it is for a sentence to say
    core = set(content_stems(m.group(2))) - NATIONS - FRAMING_NOUNS - _TENURE
    return "" if asked & _TENURE and any(core <= words for words in held) else "No"


FRAMING_NOUNS = frozenset({"job", "post", "posit"})  # "in the *job* of transport minister"
_TENURE = {"new", "newli", "former", "act", "interim", "current", "incumb", "outgo", "longtim", "long-serv"}


# "What is Tye Brady's job title?", "What position does Qin Gang hold?": the title the sources give a person
_TITLE_OF = re.compile(
    r"^\W*(?i:what\s+(?:is|was))\s+((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w.-]*)['’]s?\s+(?i:official\s+|job\s+)?"
    r"(?i:title|position|post)\b(?!\s+(?i:on|about|regarding|towards?|over)\b)|"  # a stance is no title
    r"^\W*(?i:what\s+(?:job\s+title|title|position|post)\s+(?:does|did))\s+((?:[A-Z][\w'’.-]*\s+){0,3}"
    r"[A-Z][\w'’.-]*)\s+(?i:hold|have|occupy)\b")


def title_holder(question: str) -> str:
    """The person whose title a question asks ("What is Tye Brady's job title at Amazon?" → "Tye Brady")."""
    m = _TITLE_OF.search(question)
    name = (m.group(1) or m.group(2)) if m else ""
    return "" if set(content_stems(name)) <= NATIONS else name  # "What is China's position?" asks a stance


def without_title_words(question: str) -> str:
    """A title question as searched: no source writes "job title" ("What is Tye Brady's job title at Amazon?"
    → "What is Tye Brady's at Amazon?")."""
    if not title_holder(question):
        return question
    return " ".join(re.sub(r"\b(?:official\s+|job\s+)?(?:title|position|post)\b", "", question, count=1,
                           flags=re.IGNORECASE).split())
