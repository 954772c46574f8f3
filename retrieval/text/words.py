"""Word-level helpers shared by search, the answer backends and the citation checker: content words,
Snowball stems, numbers, names."""

from __future__ import annotations

import itertools
import re
import threading
from functools import lru_cache
from pathlib import Path

_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)?", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Words that carry no content in a question, beyond the general stop words.
QUESTION_WORDS = frozenset(
    "what who whom whose which when where why how did does do is are was were tell told say said says "
    "according article articles sources source mention mentioned quoted name every across".split()
)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English function words (retrieval/text/data/stopwords_en.txt)."""
    text = (Path(__file__).parent / "data" / "stopwords_en.txt").read_text(encoding="utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return frozenset(words) | frozenset(w.replace("'", "’") for w in words)


_local = threading.local()


def _stemmer():
    """This thread's Snowball stemmer: one instance keeps its word in its own state, so two threads sharing it
    (two people asking the bot at once) corrupt each other's stem — an IndexError deep in snowballstemmer."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


# Irregular past forms that news questions and answers use in different tenses ("meet" ~ "met").
_IRREGULAR_PAIRS = (
    "met:meet said:say told:tell spoke:speak spoken:speak gave:give given:give went:go gone:go made:make "
    "took:take taken:take held:hold led:lead won:win sent:send saw:see seen:see came:come began:begin "
    "begun:begin found:find left:leave paid:pay sold:sell bought:buy wrote:write written:write ran:run "
    "rose:rise risen:rise fell:fall fallen:fall built:build brought:bring thought:think kept:keep meant:mean "
    "stood:stand struck:strike fought:fight caught:catch chose:choose chosen:choose drove:drive driven:drive "
    "flew:fly flown:fly grew:grow grown:grow knew:know known:know lost:lose shot:shoot sought:seek "
    "spent:spend spread:spread stole:steal stolen:steal swore:swear taught:teach threw:throw thrown:throw "
    "understood:understand woke:wake withdrew:withdraw withdrawn:withdraw forbade:forbid forbidden:forbid "
    "froze:freeze frozen:freeze hid:hide hidden:hide broke:break broken:break ate:eat eaten:eat "
    "forgave:forgive overtook:overtake undertook:undertake"
)
_IRREGULAR = dict(pair.split(":") for pair in _IRREGULAR_PAIRS.split())
# … and words news and its readers trade for one another ("an *additional* 10 *percent*" ~ "what *extra
# percentage*", "a *speedy* end" ~ "a *quick* end", "the *relationship*" ~ "*relations*")
_IRREGULAR.update(percentage="percent", percentages="percent", additional="extra", speedy="quick", swift="quick",
                  speedily="quickly", swiftly="quickly", relationship="relations", relationships="relations")
# news style abbreviates months ("Sept. 12"): the same term as the question's "September" (not "Jan", "May": names)
_IRREGULAR.update(sept="september", sep="september", feb="february", apr="april", aug="august", oct="october",
                  nov="november", dec="december")
# A nation and its people are one term for matching ("Chinese minister" ~ "China's minister").
_DEMONYMS = dict(pair.split(":") for pair in (
    "chinese:china russian:russia russians:russia ukrainian:ukraine ukrainians:ukraine american:america "
    "americans:america british:britain french:france german:germany germans:germany japanese:japan "
    "indian:india iranian:iran israeli:israel israelis:israel palestinian:palestine palestinians:palestine "
    "european:europe europeans:europe korean:korea turkish:turkey polish:poland italian:italy spanish:spain "
    "syrian:syria iraqi:iraq afghan:afghanistan belarusian:belarus brazilian:brazil canadian:canada "
    "mexican:mexico australian:australia taiwanese:taiwan pakistani:pakistan egyptian:egypt saudi:saudi "
    "venezuelan:venezuela cuban:cuba nigerian:nigeria kenyan:kenya ethiopian:ethiopia georgian:georgia "
    "moldovan:moldova lithuanian:lithuania latvian:latvia estonian:estonia finnish:finland swedish:sweden "
    "norwegian:norway danish:denmark dutch:netherlands hungarian:hungary romanian:romania serbian:serbia "
    "greek:greece vietnamese:vietnam thai:thailand indonesian:indonesia filipino:philippines "
    "soviet:ussr kremlin's:kremlin usa:america"
).split())
# British and American spellings stem alike ("defence" ~ "defense", "organisation" ~ "organization").
_UK_WORDS = {"defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
             "centre": "center", "theatre": "theater", "metre": "meter", "litre": "liter", "analyse": "analyze",
             "analysed": "analyzed", "analysing": "analyzing", "paralyse": "paralyze", "programme": "program",
             "catalogue": "catalog", "travelled": "traveled", "travelling": "traveling", "cancelled": "canceled",
             "labelled": "labeled", "modelling": "modeling", "fuelled": "fueled"}
_UK_OUR = re.compile(r"(?<=[a-z]{2})our(s|ed|ing|ite|able)?$")  # colour, favourite, honoured, labour
_UK_OUR_KEEP = frozenset("four hour your tour pour sour flour devour contour detour amour glamour".split())
_UK_ISE = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)$")
_UK_ISE_KEEP = frozenset(
    "rise rises arise arises raise raises raised raising praise praised wise otherwise promise promised promising "
    "exercise exercised advertise advertised compromise compromised surprise surprised surprising enterprise "
    "franchise premise premises expertise noise cruise bruise concise precise paradise treatise merchandise "
    "demise revise revised supervise supervised televise televised advise advised advising adviser advisers "
    "devise devised despise disguise disguised improvise excise incise circumcise chastise apprise comprise "
    "comprised comprises vise poise".split())


def _american(w: str) -> str:
    if w in _UK_WORDS:
        return _UK_WORDS[w]
    if w not in _UK_OUR_KEEP and _UK_OUR.search(w):
        w = _UK_OUR.sub(lambda m: "or" + (m.group(1) or ""), w)
    if w not in _UK_ISE_KEEP and _UK_ISE.search(w):
        w = _UK_ISE.sub(lambda m: "iz" + m.group(1), w)
    return w


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter2) stem of a lower-cased word, possessive removed: "talks"~"talk", "met"~"meet",
    "defence"~"defense"."""
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return _stemmer().stemWord(_IRREGULAR.get(w) or _DEMONYMS.get(w) or _american(w))


COUNTRIES = frozenset(set(_DEMONYMS.values()) - {"kremlin", "ussr"})  # "china", "ukraine", …
NATIONS = frozenset(stem(n) for n in COUNTRIES)  # "china", "ukrain", …
# A capital standing for its government ("Beijing and Moscow say …"): a story naming the nation names it too
SEATS = {stem(c): stem(n) for c, n in (
    ("beijing", "china"), ("moscow", "russia"), ("kremlin", "russia"), ("kyiv", "ukraine"), ("kiev", "ukraine"),
    ("washington", "america"), ("london", "britain"), ("paris", "france"), ("berlin", "germany"), ("tokyo", "japan"),
    ("tehran", "iran"), ("pyongyang", "korea"), ("taipei", "taiwan"), ("ankara", "turkey"), ("minsk", "belarus"),
    ("warsaw", "poland"), ("brussels", "europe"))}


def is_demonym(word: str) -> bool:
    """A people's name, not its country's: "American", "Ukrainians" (not "America", "Kremlin")."""
    return _DEMONYMS.get(word.casefold(), "kremlin") in COUNTRIES


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def content_stems(text: str, drop_question_words: bool = False) -> list[str]:
    """Stems of the content words, in order, without repeats."""
    stop = stopwords()
    seen: dict[str, None] = {}
    for w in words(text):
        lw = w.casefold()
        if lw in stop or (drop_question_words and lw in QUESTION_WORDS):
            continue
        if len(lw) < 2 and not lw.isdigit():
            continue
        if scaled := _SCALED.fullmatch(lw):  # "$5B" is "$5 billion"
            seen.setdefault(scaled.group(1), None)
            seen.setdefault(_SCALES[scaled.group(2)], None)
            continue
        seen.setdefault(stem(lw), None)
    return list(seen)


# sums as headlines write them: "$1B", "£3bn", "$200M"
_SCALED = re.compile(r"(\d+(?:\.\d+)?)(bn|b|mn|m|tn)")
_SCALES = {"b": "billion", "bn": "billion", "m": "million", "mn": "million", "tn": "trillion"}


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def proper_nouns(text: str) -> list[str]:
    """Capitalised words that are not at a sentence start and not stop/question words."""
    stop = stopwords()
    out: dict[str, None] = {}
    tokens = words(text)
    prev_end = True
    for w in tokens:
        lw = w.casefold()
        base = w[:-2] if lw.endswith(("'s", "’s")) else w
        if not prev_end and base[:1].isupper() and lw not in stop and lw not in QUESTION_WORDS and len(base) > 1:
            out.setdefault(base, None)
        prev_end = False
    return list(out)


# … and the imperative asking for a list: "*Name every* Chinese official who …", "*List all* the countries …"
_WH_START = re.compile(r"\b(?:which|what|whose|how many|how much)\s+|^\W*(?:name|list)\s+(?:(?:every|each|all)\s+)?"
                       r"(?:(?:of\s+)?the\s+)?(?=[a-z])", re.IGNORECASE)
_PHRASE_STOP = frozenset(
    "did does do is are was were has have had will would can could should may might must said says told of in for "
    "to from on at by with per each that who whom whose which about against between during after before over under "
    "live lives work works die dies remain remains say tell meet go goes come comes take takes make makes get gets "
    "give gives call calls host hosts send sends offer offers put puts "
    "want wants need needs hold holds lead leads win wins visit visits plan plans the a an "
    "supply supplies provide provides sell sells oppose opposes own owns buy buys attend attends sign signs "
    "fund funds produce produces met gave held sent led won took appears appear seems seem plays play runs run "
    "made built bought sold wrote chose paid spent brought found kept lost became began spoke struck".split()
)


def _wh_phrase(question: str) -> list[str]:
    """The words of the noun phrase after which/what/how many: up to the first verb-like word."""
    m = _WH_START.search(question)
    if not m or re.match(r"^\W*(?:when|where|who|whom|why|how)\b", question[:m.start()], re.IGNORECASE):
        return []  # "When was the article *in which* China's minister …": a relative clause asks nothing
    out: list[str] = []
    for token in question[m.end():].split()[:6]:
        word = token.strip("?,.!;:\"“”'’()")
        lw = word.casefold()
        if not word or lw in _PHRASE_STOP or (lw.endswith(("ed", "ing")) and not word[:1].isupper() and out):
            break
        if len(out) >= 3 and out[-1][:1].isupper() and out[-2][:1].isupper() and out[-3][:1].islower() and \
                re.fullmatch(r"[a-z]+[^s]s", word):  # "the podcast *Travis Kelce shares*": a full name and
            return out[:-2]  # its verb start a clause after the noun
        initials = bool(re.fullmatch(r"(?:[A-Z]\.){2,}", token))  # "Which *U.S.* defense official …": no stop
        out.append(token if initials else word)
        if token[-1:] in ",?.!;:" and not initials:
            break
    else:
        return out
    # "which Russian foreign minister *Wang Yi* met": a name after the noun, right before the verb, starts the
    # clause ("which former *Bills* defensive coordinator" keeps its team)
    run = len(out)
    while run > 0 and out[run - 1][:1].isupper():
        run -= 1
    return out[:run] if 0 < run < len(out) and out[run - 1][:1].islower() else out


def focus_stems(question: str) -> list[str]:
    """The words naming what is asked: "Which *news agency* did …", "How many *tanks* has …"."""
    return content_stems(" ".join(_wh_phrase(question)), drop_question_words=True)


_WHO_IS = re.compile(r"^\s*(?:and\s+)?who(?:'s|\s+(?:is|was|are|were))\s+(?:the\s+)?(.+?)\s*\??\s*$", re.IGNORECASE)


# a statement asked back: "Zelensky backed the plan, *right*?", "…, didn't he?" (its tag asks nothing of its own)
TAG_QUESTION = re.compile(r",\s*(?:right|correct|true|no|yes|(?:is|was|are|were|do|does|did|has|have|had|can|could|"
                          r"will|would)n['’]t\s+(?:it|he|she|they|that|there)|(?:is|was|did|does)\s+(?:it|he|she|they))"
                          r"\s*\?\s*$", re.IGNORECASE)
# "What is the/its …": the phrase after it names the kind asked for, as a which-phrase does
WHAT_IS_THE = re.compile(r"\bwhat(?:['’]s|\s+(?:is|was|are|were))\s+(?:the|its|his|her|their)\s+([^?]+)",
                         re.IGNORECASE)


def head_noun(question: str) -> str:
    """The stem of the noun a which/what/how-many phrase is about: "Which Chinese Foreign Ministry
    *spokesperson* …" → "spokesperson"; "Who is China's defense *minister*?" → "minist"; in another
    language, the English stem of a counted unit ("combien de *pays*" → "countri")."""
    focus = focus_stems(question)
    if not focus and (m := _WHO_IS.match(question)):
        focus = content_stems(" ".join(m.group(1).split()[:5]), drop_question_words=True)
    if not focus and (m := WHAT_IS_THE.search(question)):  # "What is its starting *price*?"
        # (not "… score *when Philadelphia* beat …")
        phrase = list(itertools.takewhile(lambda w: w.casefold() not in _PHRASE_STOP | QUESTION_WORDS
                                          and w[:1].islower(), m.group(1).split()[:4]))
        focus = content_stems(" ".join(phrase), drop_question_words=True)
    return focus[-1] if focus else foreign_head(question)


# What a question in another language counts or measures, as the English stem the answer's sentence
# carries: units that decide an answer's type (an ordinal, a span of time, money) and the commonest things
# news counts. Open-class nouns ("drones") stay with the multilingual model.
_HOW_MANY = r"(?:wie\s+viele?|combien\s+(?:de\s+|d['’]\s*)?|cu[áa]nt[oa]s?|скольк\w*|скільк\w*|多少|几)\s*(?:\S+\s+)?"
_FOREIGN_HEADS: list[tuple[str, re.Pattern]] = [
    ("anniversari", re.compile(r"jahrestag|anniversaire|aniversario|годовщин|річниц|周年", re.IGNORECASE)),
    ("long", re.compile(r"\bwie\s+lange\b|combien\s+de\s+temps|cu[áa]nto\s+tiempo|сколько\s+времени|как\s+долго|"
                        r"скільки\s+часу|як\s+довго|多久|多长时间", re.IGNORECASE)),
    ("year", re.compile(rf"{_HOW_MANY}(?:jahren?\b|ans\b|années\b|años\b|лет\b|рок\w*|год\w*|年)", re.IGNORECASE)),
    ("month", re.compile(rf"{_HOW_MANY}(?:monaten?\b|mois\b|meses\b|месяц\w*|місяц\w*|个月)", re.IGNORECASE)),
    ("day", re.compile(rf"{_HOW_MANY}(?:tagen?\b|jours\b|días\b|дн\w*|天)", re.IGNORECASE)),
    ("countri", re.compile(rf"{_HOW_MANY}(?:länder\w*|staaten\b|pays\b|países\b|стран\w*|держав\w*|країн\w*|"
                           r"个?国家)", re.IGNORECASE)),
    ("dollar", re.compile(rf"{_HOW_MANY}(?:dollar\w*|dólares\b|доллар\w*|долар\w*|美元)", re.IGNORECASE)),
    ("percent", re.compile(r"prozent|pour\s*cent|por\s*ciento|процент\w*|відсот\w*|百分之", re.IGNORECASE)),
    ("money", re.compile(rf"{_HOW_MANY}(?:geld\b|argent\b|dinero\b|денег\b|грошей\b|钱|资金)|多少钱", re.IGNORECASE)),
    # people news counts: a count of citizens is one of nationals ("6,000 Chinese nationals"), never of soldiers
    ("citizen", re.compile(rf"{_HOW_MANY}(?:\w*bürger\w*|citoyens\b|ressortissants\b|ciudadanos\b|граждан\w*|"
                           r"громадян\w*)|(?:多少|几)[^？?，,]{0,6}?(?:公民|侨民)", re.IGNORECASE)),
    ("soldier", re.compile(rf"{_HOW_MANY}(?:soldat\w*|militaires\b|soldados\b|militares\b|солдат\w*|"
                           r"военнослужащ\w*|військов\w*)|(?:多少|几)[^？?，,]{0,6}?(?:士兵|军人)", re.IGNORECASE)),
    ("refuge", re.compile(rf"{_HOW_MANY}(?:flüchtling\w*|réfugiés\b|refugiados\b|беженц\w*|біженц\w*)|"
                          r"(?:多少|几)[^？?，,]{0,6}?难民", re.IGNORECASE)),
]


# "In which city …?" in the languages people ask in: a city, never a country, answers it
_FOREIGN_CITY = re.compile(r"\bwelche[rnms]?\s+stadt\b|\bquelle\s+ville\b|\bqu[ée]\s+ciudad\b|\bcu[áa]l\s+ciudad\b|"
                           r"\bкак(?:ой|ом)\s+город\w*|\bяк(?:е|ому)\s+міст\w*|哪(?:座|个)?城市", re.IGNORECASE)


def asks_city(question: str) -> bool:
    return bool(_FOREIGN_CITY.search(question))


def foreign_head(question: str) -> str:
    """The English stem of what a question in another language counts or measures: "2024年是中俄建交多少
    *周年*？" → "anniversari", "*Wie lange* …" → "long", "скільки *країн*" → "countri"; "" for none."""
    for head, pattern in _FOREIGN_HEADS:
        if pattern.search(question):
            return head
    return ""


_CAPITALISED_RUN = re.compile(r"\b(?:[A-Z][\w’'.-]*\s+){1,4}[A-Z][\w’'-]*")


def proper_phrases(text: str) -> list[str]:
    """Runs of two to five capitalised words — names like "Dong Jun" or "Xiangshan Forum" — less a
    leading question or stop word ("Did Wang Yi" → "Wang Yi")."""
    out: dict[str, None] = {}
    stop = stopwords()
    for m in _CAPITALISED_RUN.finditer(text):
        # a plural possessive ends a name: "Sporting News' USA vs Germany ratings" is two
        # … and so does a sentence's stop: "… coach Dean Evason. Whom did …" (not "U.S." or "St. Louis")
        for run in re.split(r"(?<=[^\W\d_])['’](?:\s+|$)|(?<=[a-z]{3})\.\s+|(?<=[A-Z]{3})\.\s+(?=[A-Z][a-z])|"
                            r"\.\s+(?=(?:In|At|On|Which|What|Who|Whom|Whose|Where|When|Why|How|Did|Does|Is|Was|Were|"
                            r"Has|Had)\b)", m.group(0)):  # (… "against UTSA. Which former …", "… Wang Yi. In which …")
            words = run.split()
            while words and (words[0].casefold() in stop or words[0].casefold() in QUESTION_WORDS):
                words = words[1:]
            if len(words) >= 2:
                out.setdefault(" ".join(words), None)
    return list(out)


# one event, two sides or two words: "answered a reporter's question" is "when asked by a reporter"
_KIN: dict[str, set[str]] = {
    "answer": {"ask", "respond", "repli"}, "respond": {"ask", "answer", "repli"}, "repli": {"ask", "answer"},
    "meet": {"talk"}, "talk": {"meet", "negoti"}, "negoti": {"talk"},  # the stemmer makes "met" meet itself
    "die": {"death", "dead", "kill"}, "sign": {"signatur"}, "visit": {"trip", "arriv"}, "trip": {"visit"},
    "arriv": {"visit", "land"},
    "speak": {"address", "speech", "remark"}, "address": {"speak", "speech"},
    "urg": {"call", "press", "push"},  # "urged talks" ~ "called for negotiations" (not the reverse: a phone call)
    "push": {"urg", "call", "press"},  # "pushed for talks" ~ "called for negotiations"
    "climb": {"rise", "soar"}, "separ": {"split"},  # "rose" stems to rise
    "accus": {"blame"}, "blame": {"accus"},
    "remark": {"comment", "statement"}, "comment": {"remark", "statement"},
    "play": {"downplay"}, "downplay": {"play"},  # "play down" is "downplayed"
    "tie": {"relat"}, "relat": {"tie"},  # "China-Russia ties" ~ "relations"
    "arm": {"weapon"}, "weapon": {"arm"},  # "arm Russia" ~ "provide Russia with weapons"
    "back": {"support"}, "support": {"back"},  # "backing Russia's war" ~ "support for Russia's war"
    "readout": {"account", "statement"}, "account": {"readout"},  # a government's own account of a call
    "suppli": {"provid", "deliv"}, "provid": {"suppli", "deliv"}, "deliv": {"suppli", "provid"},  # arms to a side
    "label": {"brand", "dub"}, "brand": {"label", "dub"}, "dub": {"label", "brand"},  # "branded Beijing a …"
    "question": {"ask"}, "ask": {"question"},  # "questioned by a reporter" ~ "when asked about it by a reporter"
    "see": {"meet"},  # "expected to see Putin" ~ "will also meet President Vladimir Putin"
}
# the words of censure headlines and reports trade: "Zelensky *slammed*" ~ "criticized" ~ "blasts"
CENSURE = frozenset({"critic", "slam", "blast", "lambast", "rebuk", "condemn", "denounc", "decri", "assail", "censur",
                     "berat"})
_KIN.update({t: CENSURE - {t} for t in CENSURE})
# what someone advises: a question asking it needs a sentence telling it ("recommended" ~ "urged" ~ "called for")
ADVICE = frozenset({"recommend", "suggest", "propos", "advis", "urg", "demand"})
for _t in ADVICE:
    _KIN[_t] = _KIN.get(_t, set()) | (ADVICE - {_t}) | {"call"}


# when someone spoke somewhere, what they said there dates it ("called for negotiations at the Xiangshan Forum … on
# Sept. 13"); where they spoke is a place's own question, which no quote of theirs answers
_DATED_KIN = {"speak": {"say", "said", "call", "urg", "tell", "told", "remark", "warn", "state"}}


def event_kin(term: str, dated: bool = False) -> set[str]:
    """Other stems news uses for the same event (two sides of it, or a synonym): "answer" ~ "ask"; `dated`: as
    a date of it ("when did he speak …?" — "… he said on …")."""
    return _KIN.get(term, set()) | (_DATED_KIN.get(term, set()) if dated else set())
