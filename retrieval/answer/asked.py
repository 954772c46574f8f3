"""The names a question asks about, and whether a text holds them — spelled alike or nearly, in any
script's Latin reading ("shoygu" ~ "Shoigu", "lawrow" ~ "Lavrov"), as groups of words ("Xiangshan Forum"
is one name), never the calendar's ("… ahead of Christmas?"); the clauses that only say which story is meant;
the words a question quotes (and, across languages, whether a sentence's quotation is theirs translated); the
nations it places things in.

    >>> name_groups("What did Wang Yi tell Lavrov at the Xiangshan Forum?")
    [{'wang', 'yi'}, {'forum', 'xiangshan'}, {'lavrov'}]
    >>> names_in(["shoygu"], "Sergei Shoigu said")
    1.0
    >>> event_names("Where did Putin meet Xi, in the article about Dong Jun's support?")
    [{'putin'}, {'xi'}]
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

from ..text.countries import countries_named
from ..text.language import transliterate
from ..text.localnames import local_names
from ..text.names import palladius_forms, spelling_key
from ..text.words import NATIONS, content_stems, proper_nouns, proper_phrases, stem, stopwords

# words standing for someone named before: "…,” he said", "the two men exchanged views"
PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Tt]he two|[Bb]oth)\b")


def names_in(names: list[str], text: str, fuzzy: bool = True) -> float:
    """The share of names found in `text`, spelled alike or nearly ("shoygu" ~ "Shoigu")."""
    from difflib import SequenceMatcher

    if not names:
        return 0.0
    words = {w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z'-]{1,}", text)}
    keys = {spelling_key(w) for w in words} if fuzzy else set()
    folded = f" {' '.join(re.findall(r'[a-z]+', text.casefold()))} "
    found = 0
    for name in names:
        if " " in name:  # two syllables of a Chinese name: "dong jun"
            found += f" {name} " in folded
            continue
        if name in words or (name.endswith("s") and len(name) >= 4 and name[:-1] in words):  # "Dong Juns Rede"
            found += 1
        elif fuzzy:  # "lawrow" = "Lavrov", "selenskyj" ~ "Zelensky", "kulebe" ~ "Kuleba"; but "qin" ≠ "in" and
            key = spelling_key(name)  # "pieking" (Пекине) ≠ "speaking"
            found += key in keys or (len(key) >= 5 and any(SequenceMatcher(None, key, k).ratio() >= 0.8 for k in keys
                                                           if abs(len(k) - len(key)) <= 2 and k[0] == key[0]))
    return found / len(names)


def unknown_cyrillic_name(question: str, stories: str, meant: set[str]) -> bool:
    """A question in Russian or Ukrainian names someone by capitalised words (not its first) none of which a
    retrieved story prints in any spelling — letter by letter, as Palladius pinyin, or by its first five
    letters, as a declined name keeps them ("Блинкеном" → blinke…: no Blinken in the library) — and none of
    which is a country, city or month or has a sure meaning (`meant`)."""
    first = re.match(r"\W*\w+", question)
    runs = [run.group(0).split() for run in _CYRILLIC_NAME_RUN.finditer(question, first.end() if first else 0)]
    if not runs:  # most questions: no table is read
        return False
    heads = {spelling_key(w)[:5] for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", stories)}
    places = {w for local, _ in local_names(question) for w in local.split()}  # cities, months

    def known(word: str) -> bool:  # the cheap checks first: a country is looked up among every CLDR name
        latin = transliterate(word)
        return word in meant or word in places or len(latin) < 4 or \
            word.casefold().startswith(_INSTITUTION_HEADS) or word.casefold().endswith(_ADJECTIVAL) or \
            bool(names_in([latin], stories)) or spelling_key(latin)[:5] in heads or \
            any(names_in([f], stories, fuzzy=False) for f in palladius_forms(word)) or bool(countries_named(word))

    return any(not any(map(known, words)) for words in runs)


# compound names of institutions, no one's name: "Мінекономіки", "Міноборони", "Держдеп", "Генштаб"
_INSTITUTION_HEADS = ("мін", "мин", "держ", "госдеп", "ген")
# … nor is an adjective of a body's name ("Світового банку", "Атлантического совета"); a surname declined so is
# seldom the only name a question gives
_ADJECTIVAL = ("ого", "ому", "ий", "ій", "ый", "ой", "ая", "ої", "ую", "ою", "их", "ых", "им", "ым", "ими", "ыми",
               "ее", "ие", "ые")
_CYRILLIC_NAME_RUN = re.compile(r"(?<![\w-])[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+(?:\s+[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+)*(?![\w-])")
_CAPITALISED_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+)+")


def unknown_name(question: str, stories: str, meant: set[str]) -> bool:
    """A question in a Latin-script language gives a name of two capitalised words or more ("Olaf Scholz")
    none of which the retrieved stories print (nearly: "Lawrow" ~ "Lavrov") or mean (`meant`: German
    capitalises its nouns, and "Chinas Friedensplan" means China's peace plan)."""
    first = re.match(r"\W*\w+", question)
    start = first.end() if first else 0  # the question's first word is capitalised anyway
    for run in _CAPITALISED_RUN.finditer(question, start):
        words = run.group(0).split()
        if not any(names_in([w.casefold()], stories) or any(p in meant for p in re.findall(r"[^\W\d_]+", w))
                   for w in words):
            return True
    return False


# Names of the calendar say when, not who or what: "… ahead of Christmas?" is not about a "Christmas"
_CALENDAR = frozenset([*(m.casefold() for m in calendar.month_name if m), *(d.casefold() for d in calendar.day_name),
                      *"christmas easter thanksgiving halloween hanukkah ramadan eid diwali passover".split()])


def question_names(question: str) -> list[str]:
    """The question's capitalised names, less abbreviations the planner spelled out ("FM (foreign minister)")
    and names of the calendar."""
    return [n for n in proper_nouns(question) if not (n.isupper() and re.search(rf"\b{re.escape(n)} \(", question))
            and n.casefold() not in _CALENDAR]


def _bare(word: str) -> str:
    return re.sub(r"['’]s?$", "", word).casefold()


def name_groups(question: str) -> list[set[str]]:
    """The names a question mentions, each as its set of stems ("Xiangshan Forum" is one name)."""
    # a hyphenated name's parts are words, as in every text's stems ("Bankman-Fried" → bankman, fri)
    # … less the calendar's words: "The Age's December column" names The Age
    groups = [{stem(p) for w in phrase.split() if _bare(w) not in _CALENDAR for p in re.split(r"[-‐‑]", w) if p}
              for phrase in proper_phrases(question) if not all(_bare(w) in _CALENDAR for w in phrase.split())]
    grouped = set().union(*groups) if groups else set()
    groups += [{stem(w)} for w in question_names(question) if stem(w) not in grouped]
    return groups


# "…, in the article about Dong Jun's support for Russia?": which story is meant, not who took part in the event
# (an outlet's possessive needs no article: "In Sporting News' World Series Game 3 live blog, …")
_STORY_SCOPE = re.compile(
    r",?\s*\b(?:in|from|according to|per|as told in)\s+(?:(?:the|a|an|that|this)\s+(?:[\w’'-]+\s+){0,3}?|"
    r"(?:[A-Z][\w.&-]*\s+){0,3}?[A-Z][\w.&-]*['’]s?\s+(?:[\w’'-]+\s+){0,4}?)"
    r"(?:article|story|report|piece|post|item|coverage|blog post|interview|explainer|guide|live blog|blog|roundup|"
    r"round-up|preview|review|column|analysis|recap|feature|profile|tracker|rundown|newsletter)"
    r"(?:\s+(?:about|on|of|covering|that|which|where)\b[^?,;]*)?|"
    r",?\s*\bas\s+(?:reported|written|told|described|covered|explained)\s+by\s+[^?,;]*", re.IGNORECASE)  # "…, as
# reported by Simon Peach in The Independent?"


def story_scope(question: str) -> str:
    """The clauses of a question that only say which story is meant ("According to The Independent's piece on
    Friendsgiving, …", "…, per the Wang Yi Moscow article?")."""
    return " ".join(m.group(0) for m in _STORY_SCOPE.finditer(question))


def preamble(question: str) -> str:
    """What a question states before it asks, which says which story is meant ("Valve announced an OLED Steam
    Deck in November 2023. On what date did it go on sale?"): its sentences of context before `asking_part`."""
    m = _CONTEXT_FIRST.match(question)
    return question[: m.end()].strip() if m else ""


def kin_of_named(name: str, question: str) -> bool:
    """A full name sharing its family name with one the question gives, but not its given name: the father asked
    for ("Which former star QB is the father of Cole Pennington?" — "Chad Pennington"), no repeat of the question."""
    words = name.split()
    if len(words) < 2 or re.search(rf"\b{re.escape(words[0])}\b", question) or not _KIN_ASKED.search(question):
        return False
    return any(m.group(1).casefold() not in stopwords() and m.start() > 0
               for m in re.finditer(rf"\b([A-Z][\w’'-]+)\s+{re.escape(words[-1])}\b", question))


_KIN_ASKED = re.compile(r"\b(?:father|mother|son|daughter|brother|sister|wife|husband|parent|dad|mom|mum|uncle|aunt|"
                        r"cousin|nephew|niece|grand\w+|sibling|spouse|family)s?\b", re.IGNORECASE)


def without_scope(question: str) -> str:
    """The question less the clauses that only say which story is meant."""
    return " ".join(_STORY_SCOPE.sub("", question).split())


def event_names(question: str) -> list[set[str]]:
    """The names of the event asked about: a clause that only says which story is meant does not count
    ("Where were Putin and Xi photographed …, in the article about *Dong Jun's* support …?")."""
    return name_groups(_STORY_SCOPE.sub("", question))


def mentions(stems: set[str], group: set[str]) -> bool:
    """A name counts as mentioned when half its words are ("Wang" for "Wang Yi")."""
    return len(group & stems) * 2 >= len(group)


# the words a question quotes: "…", “…”, or '…' not inside a word ("China's" is no quote)
_QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]|(?<![\w])['‘]([^'‘’]+?)['’](?![\w])")


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def quoted_words(question: str) -> list[str]:
    """The phrases of three words or more a question quotes, folded to words alone."""
    phrases = (next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(question))
    return [f for p in phrases if len((f := _folded(p)).split()) >= 3]


def holds(quoted: list[str], text: str) -> bool:
    """Whether `text` holds any of the `quoted_words` of a question."""
    folded = _folded(text)
    return any(q in folded for q in quoted)


def holds_quoted(question: str, text: str) -> bool:
    """Whether `text` holds words the question quotes."""
    return holds(quoted_words(question), text)


def surnamed(question: str, text: str) -> set[str]:
    """First names of the question's people that the text leaves out but whose surname it prints with no other
    first name: news names "Kevin McCarthy" once, then "McCarthy" ("the ouster of McCarthy"); "Hunter Biden"
    is not "Joe Biden"."""
    out = set()
    for phrase in proper_phrases(question):
        words = [re.sub(r"['’]s?$", "", w) for w in phrase.split()]
        if len(words) == 2 and re.search(rf"\b{re.escape(words[1])}\b", text) and \
                not re.search(rf"\b{re.escape(words[0])}\b", text) and \
                not re.search(rf"\b[A-Z][\w’'-]+\s+{re.escape(words[1])}\b", text):
            out.add(words[0])
    return out


# the last word of a company's name that news drops: "Palo Alto Networks" is "Palo Alto" in a headline
_CORPORATE = frozenset({"networks", "group", "inc", "corp", "corporation", "holdings", "technologies", "systems",
                        "labs", "company", "co", "ltd", "plc", "limited", "international", "entertainment", "studios"})


def corporate_tails(question: str, text: str) -> set[str]:
    """The question's company-name endings that the text leaves off a name it prints: "Palo Alto *Networks*"
    against "Palo Alto in advanced talks …"."""
    out = set()
    for phrase in proper_phrases(question):
        words = phrase.split()
        if len(words) >= 2 and _bare(words[-1]) in _CORPORATE and \
                re.search(rf"\b{re.escape(' '.join(words[:-1]))}\b", text):
            out.add(words[-1])
    return out


def initialled(question: str, text: str) -> set[str]:
    """The stems of the question's names that the text prints by their initials ("Sam Bankman-Fried" in "*SBF*,
    riding high on FTX, …"), and of the initials the question gives for a name the text spells out ("*SBF*" for
    "Sam Bankman-Fried")."""
    out: set[str] = set()
    for phrase in proper_phrases(question):
        parts = _name_parts(phrase)
        if len(parts) >= 2 and re.search(rf"\b{''.join(p[0] for p in parts).upper()}\b", text):
            out |= {stem(p) for p in parts}
    for letters in set(_ACRONYM.findall(question)):
        if re.search(r"\b" + r"[\s‐‑-]+".join(f"{c}[a-z’']+" for c in letters) + r"\b", text):
            out.add(stem(letters))
    return out


def acronyms(question: str) -> set[str]:
    """The initials a question writes names by: "SBF", "AOC" (not the common ones of countries, bodies and titles)."""
    return set(_ACRONYM.findall(question)) - _COMMON_INITIALS


_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")
_COMMON_INITIALS = frozenset("US USA UK EU UN UAE AI CEO CFO CTO PM MP FM TV NFL NBA NHL MLB FBI CIA NHS GDP IPO "
                             "NATO OPEC WHO IMF".split())


def initials(name: str) -> str:
    """A name's initials, its hyphened parts counted ("Sam Bankman-Fried" → "SBF"); "" for one word or a part in
    lower case."""
    parts = _name_parts(name)
    return "".join(p[0] for p in parts) if len(parts) >= 2 and all(p[:1].isupper() for p in parts) else ""


def _name_parts(name: str) -> list[str]:
    """A name's words and the parts of its hyphened ones, possessives dropped ("Bankman-Fried's" → Bankman, Fried)."""
    return [p for w in name.split() for p in re.split(r"[-‐‑]", re.sub(r"['’]s?$", "", w)) if p]


QUOTE_MATCH = 0.88  # e5 similarity of a quotation to its translation (0.89–0.94 measured; to other words 0.83–0.85)
_FOREIGN_QUOTE = re.compile(r"«\s*([^»]+?)\s*»|“([^”]+)”|„([^“”]+)[“”]|\"([^\"]+)\"|「([^」]+)」|『([^』]+)』")
_ENGLISH_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")


def quote_confirms(question: str, text: str, similarity: Callable[[str, list[str]], list[float]]) -> bool:
    """Whether a quotation of `text` is the one a question in another language quotes: "Qin Gang a-t-il présenté
    les relations comme « un modèle de nouvelles relations internationales » ?" — “a model of new international
    relations.”"""
    asked = [q for m in _FOREIGN_QUOTE.finditer(question) if len(q := next(g for g in m.groups() if g)) >= 8]
    quotes = [next(g for g in m.groups() if g) for m in _ENGLISH_QUOTE.finditer(text)]
    return bool(asked and quotes) and any(max(similarity(q, quotes)) >= QUOTE_MATCH for q in asked)


# (not the name of a war: "peace talks on the war *in Ukraine*" places nothing there)
_LOCATIVE = re.compile(r"(?<!\bwar )(?<!\bconflict )(?<!\bcrisis )(?<!\bfighting )"
                       r"\b(?:in|to|into|from|inside|across|within)\s+(?:the\s+)?([A-Z][\w-]+)")


def placed_in(text: str) -> set[str]:
    """The nations a text places something in ("… live, work and study in *Ukraine*" → {"ukrain"})."""
    return {stem(m.group(1)) for m in _LOCATIVE.finditer(text)} & NATIONS


def nation_swapped(question: str, sentence: str, stems: set[str]) -> bool:
    """"How many Chinese nationals live in *Russia*?" is not answered by "… 6,000 Chinese nationals that live,
    work, and study in *Ukraine*": the sentence places it in another nation and never names the asked one.
    A nation the question names otherwise is no other place ("… helped *Russia's* operations in Ukraine?" —
    "… assistance to Russia")."""
    asked = placed_in(question)
    named = set(content_stems(question)) & NATIONS
    return bool(asked) and not asked & stems and bool(placed_in(sentence) - asked - named)


# a sentence of context before the question ("Minnesota Wild fired head coach Dean Evason in November. *Whom* did
# they hire …?")
_CONTEXT_FIRST = re.compile(r"^.*?(?:[a-z0-9)”\"'’]|[A-Z]{3})[.!][”\"’']?\s+(?=(?:(?:In|At|On|For|From|By|To|With)\s+"
                            r"(?:who|whom|whose|which|what|where|when|how)|Who|Whom|Whose|"
                            r"Which|What|Where|When|Why|How|Did|Does|Do|Is|Are|Was|Were|Has|Have|Had|Can|Could|Will|"
                            r"Would)\b)")  # ("… late in 2023. *On what* date …?", "… 'white horse of crypto.' Did …?")


def asking_part(question: str) -> str:
    """The sentence that asks, after any sentences of context ("… in November. Whom did they hire …?" → "Whom did
    they hire …?"); the whole question when it is one sentence."""
    m = _CONTEXT_FIRST.match(question)
    return question[m.end():] if m else question
