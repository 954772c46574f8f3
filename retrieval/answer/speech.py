"""Who speaks in a sentence: "What did X say/tell …?" is answered only by a sentence where X speaks.

A sentence that merely *mentions* X beside someone else's words is the typical wrong answer to such a
question: "He will also meet President Vladimir Putin during the visit, the Kremlin has said" does not
say what Putin told anyone; "President Volodymyr Zelensky criticized a peace initiative put forward by
Brazil and China" is not what Brazil's president said. Without a parser on the question path (spaCy
stays at ingest), the speaker of each speech verb is read from the words right before it (its clause's
subject: "Dong said", "Chinese Defense Minister Dong Jun called"), right after it when the verb leads
("…," said Wang Yi) or after "according to". A pronoun or an unnamed subject ("in which he asserted")
leaves the speaker open, and the sentence's neighbours decide as before.

    >>> speaker_of_question("What did Brazil's president say about the plan?")
    "Brazil's president"
    >>> speakers("“Talks should begin,” Qin said, as Lavrov listened.")
    ['Qin']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..text.spelling import known_word
from ..text.words import NATIONS, content_stems, event_kin, proper_nouns, stem, stopwords
from .asked import holds_quoted, name_groups
from .spans import ROLE_MODIFIERS, ROLE_NOUN

if TYPE_CHECKING:
    from ..models import Hit
    from .candidates import Sentence

_VERBS = (r"said|says|told|tells|stated|added|noted|asserted|argued|warned|claimed|declared|described|called|urged|"
          r"insisted|stressed|emphasi[sz]ed|pointed out|wrote|announced|praised|criticized|criticised|blamed|denied|"
          r"promised|alleged|admitted|revealed|confirmed|according to|"
          r"warns|argues|claims|insists|suggests|suggested|explains|explained")  # (a columnist's present tense)
SPEECH = re.compile(rf"[\"“”«»]|\b(?:say|tell|{_VERBS})\b", re.IGNORECASE)  # a sentence that reports speech
_VERB = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)  # the verbs whose speaker can be read
_SAID = (r"(?:has\s+|had\s+)?(?:said|says|told|announced|stated|claimed|claims|warned|warns|declared|insisted|insists|"
         r"argued|argues|suggested|suggests)\b")
WHO_SAID = re.compile(rf"^\s*who\s+{_SAID}", re.IGNORECASE)  # "Who said …?": the speaker of the sentence saying it
# "Which expert, quoted in …, warns …?": the speaker, when no name of the kind asked answers
WHICH_SAID = re.compile(rf"^\s*which\s+(?:[\w-]+\s+){{0,2}}?[\w-]+(?:,[^,?]+,)?\s+{_SAID}", re.IGNORECASE)
_INVERTED = frozenset({"said", "says", "added", "noted", "wrote", "suggests", "explains", "explained"})  # "…," said X
_BOUNDARY = re.compile(r"[,;:“”\"«»()—–]|\b(?:and|but|while|as|after|before|when|who|which|that)\b")
_SPEAKER = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+(?:exactly\s+|else\s+)?(?:did|does|do|has|have|had|will|would)\s+"
                      r"(.+?)\s+(?:say|tell|write|call|describe|claim|warn|promise|think|argue|stress|allege|admit|"
                      r"reveal|announce|confirm|deny)\b",
                      re.IGNORECASE)


def speaker_of_question(question: str) -> str:
    """The one whose words are asked for ("What did *Dong Jun* tell Shoigu?"), or "" for other questions."""
    m = _SPEAKER.match(question)
    return m.group(1) if m else ""


_ADDRESSEE = re.compile(r"\b(?:tell|told)\s+(?:the\s+)?((?:[A-Z][\w’'-]*\s*){1,4})")


def addressee_of_question(question: str) -> str:
    """The one spoken to ("What did Dong Jun tell *Shoigu*?"), or ""."""
    m = _ADDRESSEE.search(question)
    return m.group(1).strip() if m else ""


def _segment_before(text: str, at: int) -> str:
    """The clause words right before position `at`, with a sentence-opening name kept across its apposition
    ("Qin Gang, China's Foreign Minister, has called" → both)."""
    before = text[:at]
    cuts = list(_BOUNDARY.finditer(before))
    if not cuts:
        return before
    segment = before[cuts[-1].end():]
    head = before[: cuts[0].start()].split()
    if len(cuts) <= 3 and 0 < len(head) <= 4 and all(w[:1].isupper() for w in head):
        segment = " ".join(head) + " " + segment
    return segment


def _segment_after(text: str, end: int) -> str:
    after = text[end:]
    m = _BOUNDARY.search(after)
    return after[: m.start()] if m else after


def speakers(text: str) -> list[str]:
    """The named speakers of a sentence's speech verbs ("" for an unnamed one: a pronoun, "the ministry")."""
    return [name for name, _ in _voices(text)]


def _voices(text: str) -> list[tuple[str, int]]:
    """Each speech verb's named speaker ("" for none) and where the verb stands."""
    out: list[tuple[str, int]] = []
    for m in _VERB.finditer(text):
        verb = m.group(0).casefold()
        if verb == "according to":
            out.append((_named(_segment_after(text, m.end())), m.start()))
            continue
        before = _segment_before(text, m.start())
        if before.strip() or verb not in _INVERTED:
            out.append((_named(before), m.start()))  # a pronoun or "the ministry" names no one: ""
        else:
            out.append((_named(_segment_after(text, m.end())), m.start()))
    return out


_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")


def _referent(text: str, at: int, context: set[str]) -> set[str]:
    """Whom an unnamed speaker ("in which *he* asserted") stands for, when a question asks for someone by
    name: the first one the sentence names before the verb, outside quotation marks and other than a country
    ("Dong Jun's message to Shoigu, in which he" is Dong Jun); with no one named there, whoever the
    neighbouring sentences name (never the quoted words)."""
    before = _QUOTED.sub(" ", text[:at])
    for word in proper_nouns("x " + before):
        if stem(word) not in NATIONS:
            name = re.search(rf"{re.escape(word)}(?:\s+[A-Z][\w’'-]*)*", before)
            return set(content_stems(name.group(0) if name else word))
    quoted = set(content_stems(" ".join(_QUOTED.findall(text))))
    return (context - quoted) | set(content_stems(_QUOTED.sub(" ", text)))


_AUXILIARY = re.compile(r"(?:\s+(?:has|have|had|is|was|were|also|reportedly|previously|earlier|later|then))+$",
                        re.IGNORECASE)


def _named(segment: str) -> str:
    """The segment when it names someone (a capitalised word other than its first), else "" ("the Kremlin
    has [said]" → "the Kremlin")."""
    return _AUXILIARY.sub("", " ".join(segment.split()).rstrip(".!?")) if proper_nouns("x " + segment) else ""


def speaks(speaker: str, text: str, context: set[str]) -> bool:
    """Whether `speaker` (a question's "X" in "what did X say") speaks in `text`: some speech verb has X as
    its named speaker, or an unnamed one with X in the sentence or its neighbours (`context`: stems)."""
    if not SPEECH.search(text):
        return False
    wanted = _stems(speaker)
    if not wanted:
        return True
    found = _voices(text)
    if not found:  # speech marked by quotation marks only: whoever the neighbours name, unless the sentence
        # gives the words to someone else ("NATO members have branded Beijing a 'decisive enabler'")
        lead = text[:m.start()] if (m := _QUOTED.search(text)) else text
        own = set().union(wanted[1], *wanted[0])  # any of the speaker's words ("Lavrov" of Wang Yi and Lavrov)
        others = [w for w in proper_nouns("x " + lead) if stem(w) not in NATIONS | own]
        return not others and _mentions(wanted, context)
    named = any(not group <= NATIONS for group in wanted[0])  # "Shoigu", not "China's defense minister"
    return any(_mentions(wanted, set(content_stems(s)) if s else _referent(text, at, context) if named else context)
               for s, at in found)


def said_by(speaker: str, question: str, sentences: list[Sentence], hits: list[Hit]) -> Sentence | None:
    """The sentence answering "What did X say (to Y) …?": X's own words when they answer nearly as well as the
    best sentence and name whom the question names; else the best sentence, unless it only tells that he spoke
    (a caption: "Dong Jun gives an address during the IISS Shangri-La Dialogue …"); none when X says nothing
    (more) in the sources."""
    best = sentences[0]
    voiced = [s for s in sentences[:8]  # ("He added, …" in a story whose headline names him)
              if speaks(speaker, s.text, s.stems | s.context | set(content_stems(hits[s.hit].headline)))]
    # "tell Wang Yi": words said to him ("tell Fox News": to the outlet whose story it is, any of its quotes) — or
    # the best sentence, its speaker unnamed: "…," he told the RIA Novosti agency
    if to := set(content_stems(addressee_of_question(question))) - set(content_stems(hits[best.hit].source)):
        voiced = [s for s in voiced if addressed(to, s.text, s.stems)] or \
            ([best] if to & best.stems and "" in speakers(best.text) else [])
    if not voiced:
        return None
    topic = set(content_stems(m.group(1))) if (m := _ABOUT.search(question)) else set()
    # their own words about what is asked over a report of them ("What did Qin say about an 'invisible hand'?" —
    # not "… as he blamed an 'invisible hand'"), when nearly as good
    direct = next((s for s in voiced if _OWN_WORDS.search(s.text) and s.score >= 0.7 * best.score
                   and topic & (s.stems | s.context)), None)
    if direct is not None and not _OWN_WORDS.search(voiced[0].text):
        voiced = [direct, *(s for s in voiced if s is not direct)]
    near = voiced[0].score >= 0.7 * best.score and not holds_quoted(question, best.text)
    if near and all(g & (voiced[0].stems | voiced[0].context) for g in name_groups(question)):
        chosen = voiced[0]
    else:  # "What did Lavrov say *about NATO expansion* during his talks …?": not a sentence about the talks
        chosen = best if not topic or topic & (best.stems | best.context) else None
    if chosen is not None and _SPOKE.search(chosen.text) and not _CONTENT.search(chosen.text):
        return None  # it tells that they spoke or wrote ("5,952 comments — one written by Taylor Swift"), not what
    # a speaker named by office alone is someone holding it ("What did the Russian foreign ministry
    # *spokesperson* say …?" — not "The Russian government released …")
    office = {stem(w) for w in re.findall(r"[A-Za-z]+", speaker) if ROLE_NOUN.match(w)}
    unnamed = all(g <= NATIONS for g in name_groups("x " + speaker))
    if chosen is not None and unnamed and office and not office & (chosen.stems | chosen.context):
        return None
    return chosen


_OWN_WORDS = re.compile(r"[\"“«](?:[^\"“”«»\s]+\s+){4,}")  # a quotation of five words or more
_ABOUT = re.compile(r"\babout\s+(.+?)(?:\s+(?:during|at|in|on|when|while|after|before|to|with)\b|[,?]|$)",
                    re.IGNORECASE)


# a speech told without its words ("gives an address during …"), and the marks of words told
_SPOKE = re.compile(r"\b(?:gives?|gave|giving|delivers?|delivered|delivering|makes?|made|making)\s+"
                    r"(?:an?\s+|his\s+|her\s+|their\s+|the\s+)?(?:(?:keynote|opening|closing)\s+)?"
                    r"(?:address|speech|remarks|keynote|statement)\b|"
                    r"\b(?:written|posted|penned|left|sent|shared)\s+by\b", re.IGNORECASE)
_CONTENT = re.compile(r"\bthat\b|[\"“”«:]")


def full_name(word: str, story: set[str], others: Iterable[str]) -> str:
    """The full name a one-word speaker goes by: the one the story gives that ends with the word — or begins
    with it, as Chinese names do ("Wang said" → "Wang Wenbin", not the Wang Yi of another story) — else one that
    another sentence gives ending with it; else the word."""
    own = {n for n in story if word in (n.split()[0], n.split()[-1])}
    if len(own) == 1:
        return own.pop()
    return next((n for n in others if " " in n and n.split()[-1] == word), word)


def addressed(to: set[str], text: str, stems: set[str]) -> bool:
    """Whether a sentence names the one words were said to (`to`: stems) other than as a speaker: "Mr. Wang noted
    …, which Mr. Putin criticized" holds nothing Putin told Wang."""
    return bool(to & stems) and not any(to & set(content_stems(v)) for v in speakers(text) if v)


Wanted = tuple[list[set[str]], set[str]]  # the speaker's names (each a set of stems), and other words


def _stems(speaker: str) -> Wanted | None:
    names = name_groups("x " + speaker)  # "x ": the speaker's first word is no sentence start
    named = set().union(*names) if names else set()
    rest = {t for t in content_stems(speaker, drop_question_words=True) if t not in named}
    return (names, rest) if names or rest else None


def _mentions(wanted: Wanted, stems: set[str]) -> bool:
    """Every name of the speaker has a word here (a surname is enough), and — for a description without
    a name ("the minister") — at least half of its words."""
    names, rest = wanted
    if names:
        return all(group & stems for group in names)
    return len(rest & stems) * 2 >= len(rest)


_SOURCING = re.compile(r"\b(?:cite[sd]?|citing|quot(?:e|es|ed|ing)|sources?|rel(?:y|ies|ied) on|reported|reports|"
                       r"according to)\b", re.IGNORECASE)
def asks_for_sources(question: str) -> bool:
    """"Which outlets are cited for what Dong Jun said?", "Name the media the blog post relies on"."""
    return bool(_SOURCING.search(question)) and bool(re.search(
        r"\b(?:outlets?|media|sources?|news agenc(?:y|ies)|newspapers?|publications?|broadcasters?)\b",
        question, re.IGNORECASE))


_WRITER = re.compile(
    r"^\s*(?:who|which\s+(?:\w+\s+)?(?:journalist|reporter|writer|author|columnist|critic|correspondent|editor))\s+"
    r"(?:\w+\s+){0,2}?(?:wrote|writes|has\s+written|authored|penned|filed)\b|^\s*who\s+(?:is|was)\s+the\s+"
    r"(?:author|writer)\s+of\b|\bwhose\s+byline\b|\bwas\s+written\s+by\s+whom\b", re.IGNORECASE)
# … of a piece of news, not of a letter, a book or a law
_PIECE = re.compile(r"\b(?:article|story|stories|piece|report|reportage|column|review|rundown|op-ed|opinion|"
                    r"editorial|analysis|post|blog|feature|profile|interview|coverage|explainer|obituary|roundup|"
                    r"round-up|preview|recap|byline|newsletter|live blog|dispatch)\b", re.IGNORECASE)


def asks_writer(question: str) -> bool:
    """"Who wrote the Guardian's rundown of …?", "Which reporter filed the story on …?": the byline (not
    "Who wrote to the president?")."""
    return bool(_WRITER.search(question)) and bool(_PIECE.search(question))


# "did *Kuleba* step down", "have *Jada Pinkett Smith and Will Smith* been separated", "did *Iñigo Quintero's song
# 'Si No Estás'* climb", "did *Google's search chief Prabhakar Raghavan* testify": the doer, then the verb
_DOER = re.compile(r"\b(?:did|does|do|has|have|had|will|would)\s+((?:[A-Z][\w’'-]*\s+(?:and\s+)?){1,6}"
                   r"(?:(?<=['’]s\s)(?:[a-z]+\s+){1,3}?(?:['‘\"“][^'’\"”]{1,40}['’\"”]\s+|(?:[A-Z][\w’'-]*\s+){1,4}))?)"
                   r"(?:been\s+|being\s+)?"
                   r"(?!and\b|or\b)([a-z]{3,})\b")
_RELATIVE = re.compile(r"((?:[A-Z][\w’'-]*\s+){0,2}[A-Z][\w’'-]*),?\s+(?:who|which)\s+(?:\w+\s+)?$")
_ADVERBS = frozenset("meanwhile however still instead moreover yet then now later earlier separately additionally "
                     "furthermore nevertheless overall indeed finally today yesterday first second also".split())


def doer_of_question(question: str) -> tuple[str, str]:
    """Who does what a question asks about: "In which city did *Kenny Agyapong* *grow* up?" → ("Kenny
    Agyapong", "grow"); ("", "") when it names no one doing something."""
    m = _DOER.search(question)
    if not m:
        return "", ""
    doer = m.group(1).strip()
    # "Russia's invasion of Ukraine", "Quintero's song 'Si No Estás'": a thing described, whose doing a sentence
    # may tell with other words ("the conflict, which began …") — no one to tell apart from others; nor is
    # "did Beijing's *call* for peace come": the lower-case word after a possessive is what it owns, no verb
    if re.search(r"['’]s$", doer):
        return "", ""
    return ("" if re.search(r"['’]s\s+[a-z]", doer) else doer), stem(m.group(2))


# "Who did China's top diplomat hold talks with?": the one asked about is whom the described doer met, never
# the doer the sentence describes the same way ("… top diplomat Wang Yi told …").
_WHOM = re.compile(r"^\W*(?i:who|whom)\s+(?:did|does|do|will|would|has|have|had)\s+((?:\S+\s+){1,6})")


def described_doer(question: str) -> str:
    """The stem of the office a "who did …" question describes its doer by (diplomat), or "": the doer's
    words run from the auxiliary to the first lower-case word that is no office, modifier or article ("Who
    did the Chinese and Ukrainian foreign *ministers* talk about …", not "Who did police arrest …")."""
    m = _WHOM.search(question)
    role = ""
    for word in m.group(1).split() if m else []:
        if ROLE_NOUN.match(word):
            role = word
        elif not (word[:1].isupper() or word.casefold() in ROLE_MODIFIERS or word in ("the", "a", "an", "and")):
            break
    return stem(role)


_WHO_DID = re.compile(r"^\W*(?i:who)\s+(?:has\s+|have\s+|had\s+)?(?!(?:is|was|are|were|did|does|do|has|have|had|will|"
                      r"would|can|could|said|says|told)\b)([a-z]{3,})\b")


def subject_verb(question: str) -> str:
    """The stem of what a "who …?" question asks the doer of: "Who *beat* Oregon …?" → beat."""
    m = _WHO_DID.match(question)
    return stem(m.group(1)) if m else ""


def acts_after(text: str, b: int, verb: str) -> bool:
    """Whether the name ending at `b` is the doer of `verb` — the next word says it ("Washington *beat* Oregon",
    "Michigan State *hires* Jonathan Smith"): a team, a company or a country answers "who" then."""
    m = re.match(r"\s+([A-Za-z]+)", text[b:])
    return bool(verb and m) and (stem(m.group(1)) == verb or stem(m.group(1)) in event_kin(verb))


def described_before(text: str, a: int, role: str) -> bool:
    """Whether the name starting at `a` follows the office that describes it ("top *diplomat* Wang Yi")."""
    return bool(role) and any(stem(w) == role for w in re.findall(r"[A-Za-z’'-]+", text[max(0, a - 30):a])[-2:])


_PASSIVE = re.compile(r"^\W*(?:when|on what (?:date|day)|in what (?:year|month))\s+"
                      r"(?:was|were|is|are|has been|have been)\s+(?:[\w’'-]+\s+){1,5}?([a-z]{3,}ed)\b", re.IGNORECASE)
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were)\s+((?:[A-Z][\w’'-]*\s+(?:and\s+)?){1,6})([a-z]{3,}ing)\b")
_REPORTING = frozenset({"publish", "report", "write", "post", "releas", "updat", "date"})  # its date is the report's
_LIGHT = frozenset({"make", "do", "have", "take", "give", "get", "hold", "put", "carri", "stage"})
# "When were Putin and Xi *pictured* shaking hands?": a picture dates what it shows
_DEPICT = frozenset({"pictur", "photograph", "seen", "shown", "film", "captur", "spot", "imag"})
# published *what*: a report's own date answers for a report, not for a paper, a plan or a law it is about
_REPORTS = frozenset({"report", "articl", "stori", "piec", "post", "news", "interview", "podcast", "episod",
                      "column", "newslett", "video", "tweet", "blog"})


def event_of_question(question: str) -> str:
    """The stem of what happened, in a question that asks when: "When did Kuleba *step* down?" → step,
    "When was Qin Gang *appointed* …?" → appoint; "" when the question names no one doing something."""
    verb = ""
    if m := _DOER.search(question):
        verb = stem(m.group(2))
    elif m := _PASSIVE.search(question):
        verb = stem(m.group(1))
    elif m := _PROGRESSIVE.search(question):  # "What date is Wang Yi meeting Putin?"
        verb = stem(m.group(2))
    if m and (verb in _LIGHT or verb in _DEPICT):  # "make *the show* of unity": the event is the thing made
        verb = next(iter(content_stems(question[m.end():])), verb)
    if m and not known_word(m.groups()[-1]):
        return ""  # a slip no source word mends ("speek"): what happened is unknown, not absent
    after = question[m.end():] if m else ""
    # published a report, or a quoted headline ("When did The Verge publish “… a terrible boyfriend”?")
    reported = verb in _REPORTING and (set(content_stems(question)) & _REPORTS or not content_stems(after)
                                       or re.match(r"\s*[“\"‘']", after))
    return "" if reported else verb


def tells_event(verb: str, stems: set[str]) -> bool:
    """Whether a sentence's stems hold the event ("met" ~ meet, "downplayed" ~ play down)."""
    verbs = {verb} | event_kin(verb, dated=True)
    return not verb or any(s in verbs or (len(verb) >= 4 and s.endswith(verb)) for s in stems)


def someone_else_does(doer: str, verb: str, text: str) -> bool:
    """Whether `text` says someone other than `doer` does `verb` — "Abdullah, who grew up in the Bronx, …
    with co-founder Kenny Agyapong" does not say where Agyapong grew up — and never that `doer` does it."""
    wanted = _stems(doer)
    if not wanted or not verb:
        return False
    others, nobody = False, stopwords() | _ADVERBS
    for m in re.finditer(r"[A-Za-z’'-]+", text):
        if stem(m.group(0)) != verb:
            continue
        rel = _RELATIVE.search(text[: m.start()])
        subject = rel.group(1) if rel else _named(_segment_before(text, m.start()))
        if not [w for w in subject.split() if w.casefold() not in nobody]:  # "Meanwhile, …" names no one
            return False  # "he grew up …": whoever it is, it may be them
        if _mentions(wanted, set(content_stems(subject))):
            return False
        others = True
    return others
