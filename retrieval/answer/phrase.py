"""The phrase a "what/how/why" question asks for, cut from the sentence that answers it.

Questions that want a description, an object or a cause have no entity type to look for, yet a
reader still wants the answer first: "How did Zelensky describe China's peace initiative?" →
**destructive**; "What ceasefire plan did Putin reject?" → **a joint US-Ukrainian plan for a 30-day
ceasefire**. The phrase is always a span of the sentence given, found by reading the question
against it:

- a quotation in a sentence saying most of what the question says: what follows the question's last
  words inside it ("… do not form *a military bloc*"), or all of it when the question's words stand
  right before it ("branded Beijing a "decisive enabler"");
- "what kind of N" → the word that qualifies N ("dual-use goods"); "what is the N called" → its name;
- "which N" → the name right before N ("the *Azov* Brigade", "the five-year *PREPARE* program");
- the words right after the question's last content word in the sentence, up to the clause's end
  ("rejected *a joint US-Ukrainian plan for a 30-day ceasefire*,"); for "what [verb]ed …?" the
  words before the verb;
- for "why", only what follows a stated cause ("because …", "thanks to …").

Nothing is returned when the span would be long, adds no word the question lacks, or starts like a
modifier rather than an answer; the answer then leads with its sentence as before.

    >>> phrase_lead("What did Shoigu say the two countries do not form?",
    ...             "He said: “Unlike some Western countries, our two countries do not form a military bloc,” he said.")
    'a military bloc'
"""

from __future__ import annotations

import re

from ..text.words import NATIONS, content_stems, proper_nouns, stem, stopwords

MAX_WORDS = 10  # a longer span is no short answer: the sentence itself leads
_QUOTE = re.compile(r"“([^“”]{2,300})”|\"([^\"]{2,300})\"|«([^«»]{2,300})»|(?<!\w)‘([^‘’]{2,200})’(?!\w)")
_OPEN_WHAT = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?what\s+(?:[\w-]+\s+){0,3}?(?:did|does|do|has|have|had|is|was|are|"
                        r"were|will|would|can|could|should|might|may)(?:n['’]t)?\b", re.IGNORECASE)
_HOW_DESCRIBE = re.compile(r"^\s*(?:and\s+)?how\s+(?:did|does|do|has|have|had|is|was|are|were)\b.*\b(?:describ|call|"
                           r"characteri[sz]|label|brand|term|portray|dub|say)", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*(?:according to|in|per)\b[^,?]{1,60},\s*", re.IGNORECASE)
_WHY = re.compile(r"^\s*(?:and\s+)?why\b", re.IGNORECASE)
_SUBJECT_WHAT = re.compile(r"^\s*what\s+([a-z]+(?:ed|s))\b", re.IGNORECASE)  # "What played a role in …?"
_DESCRIBING = frozenset(stem(w) for w in "describe characterize characterise call label term portray dub say".split())
_REPORTING = frozenset("said says say highlights highlighted shows showed found finds argued argues".split())
_KIND_OF = re.compile(r"\b(?:what|which)\s+(?:kinds?|sorts?|types?)\s+of\s+([A-Za-z][\w-]*)", re.IGNORECASE)
_WHICH_NOUN = re.compile(r"\b(?:which|what)\s+(?!(?:did|does|do|is|was|are|were|has|have|had|will|would|can|could)\b)"
                         r"((?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)", re.IGNORECASE)  # "which brigade runs …"
_REGIONAL = frozenset({"us", "u.s.", "uk", "eu", "western", "eastern", "sino", "ussr"})  # "US-Ukrainian plan": no name
_CALLED = re.compile(r"\bwhat\s+(?:is|was|are|were)\s+(?:the\s+)?(.+?)\s+(?:called|named|known as)\b", re.IGNORECASE)
# "… say/discuss about X": X is the topic, inside the answer, not the slot ("concerned about in …" is a slot)
_ABOUT = re.compile(r"\babout\s+(?!(?:in|at|on|during|when|while|last|this|after|before)\b)\w", re.IGNORECASE)
_TAIL = re.compile(r"(?:\s+(?:last|this|next|earlier this|late last)\s+(?:week|month|year|spring|summer|autumn|fall|"
                   r"winter)|\s+(?:in|on|during|since)\s+(?:19|20)\d\d|\s+in\s+[A-Z][a-z]+(?:\s+(?:19|20)\d\d)?|"
                   r"\s+(?:yesterday|today|recently|lately|then|there|now)|\s+(?:when|while)\s+[^,]*)+$")
_CAUSE = re.compile(r"\b(?:because(?: of)?|due to|thanks to|in response to|responding to|prompted by|triggered by)\s+",
                    re.IGNORECASE)
_STOP_AT = frozenset("that and but which who whom while as because after when where despite although though if "
                     "according whereas before since until unless".split())
_AUX = frozenset("is was are were has have had will would can could did does do be been".split())
_PREPOSITIONS = frozenset("of in on at for with by from to into about over under between against during through "
                          "within without".split())
_STRIP = "\"“”«»‘’'()[],.;:!?"


def phrase_lead(question: str, sentence: str) -> str:
    """The short phrase of `sentence` that answers `question`, or "" when none reads as one."""
    question = _PREFIX.sub("", question)  # "According to experts, what did …" asks "what did …"
    asked = set(content_stems(_TAIL.sub("", question.rstrip("?!. ")), drop_question_words=True))
    finders = (_cause,) if _WHY.match(question) else (_kind_of, _called, _named_kind, _listed, _quoted,
                                                       _after_anchor, _before_verb)
    for finder in finders:
        span = finder(question, sentence, asked)
        if span:
            return span
    return ""


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(bare word, start, end) of each whitespace-separated token."""
    return [(m.group().strip(_STRIP), m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def _fits(span: str, asked: set[str]) -> str:
    """The span, tidied, if it is short and says something the question does not."""
    span = span.strip().strip(",;:.!?–—-").strip()
    if span[:1] in "\"“«" and span[-1:] in "\"”»":  # a quotation as a whole: its words
        span = span[1:-1].strip().strip(",;:.!?").strip()
    span = re.sub(r"^(?:that|whether)\s+", "", span, flags=re.IGNORECASE)
    span = re.sub(r"^(?:it|they|he|she)\s+(?=(?:will|would|has|have|had|is|was|are|were|did|does|do|can|could)\b)", "",
                  span, flags=re.IGNORECASE)  # "(Beijing confirmed) it will not provide …" → "will not provide …"
    if span.count("“") != span.count("”"):
        span = span.replace("“", "").replace("”", "")
    if span.count('"') % 2:
        span = span.replace('"', "")
    n = len(span.split())
    if not span or n > MAX_WORDS or span.split()[-1].casefold() in _REPORTING:  # "… the Kremlin has said"
        return ""
    new = set(content_stems(span)) - asked
    return span if new else ""


def _kind_of(question: str, sentence: str, asked: set[str]) -> str:
    """"What kind of goods …" → "dual-use goods": the word that qualifies the noun in the sentence."""
    m = _KIND_OF.search(question)
    if not m:
        return ""
    noun = stem(m.group(1))
    for q in _QUOTE.finditer(sentence):  # "the “closest and most fruitful cooperation”": the quote up to the noun
        quote = next(g for g in q.groups() if g is not None)
        words = quote.split()
        if len(words) > 1 and stem(words[-1].strip(_STRIP)) == noun:
            return _fits(quote, asked)
    toks = _tokens(sentence)
    for i, (word, _, _) in enumerate(toks):
        if i and word and stem(word) == noun:
            prev = toks[i - 1][0]
            if prev and prev.casefold() not in stopwords() and stem(prev) not in asked:
                return f"{prev} {word}"
    return ""


def _called(question: str, sentence: str, asked: set[str]) -> str:
    """"What is the program … called?" → the capitalised or quoted name beside "program"."""
    m = _CALLED.search(question)
    if not m:
        return ""
    named = re.split(r"\s+(?:that|which|who|of|for|from|in|on|with)\s+", m.group(1))[0]
    noun = stem(named.split()[-1].strip(_STRIP))
    toks = _tokens(sentence)
    for i, (word, _, _) in enumerate(toks):
        if not word or stem(word) != noun:
            continue
        before = toks[i - 1][0] if i else ""
        after = toks[i + 2][0] if i + 2 < len(toks) and toks[i + 1][0].casefold() in ("called", "named") else ""
        for name in (after, before):
            if name[:1].isupper() and stem(name) not in asked and name.casefold() not in stopwords():
                return name
    return ""


def _named_kind(question: str, sentence: str, asked: set[str]) -> str:
    """"Which *brigade* …" → "Azov Brigade", "Under which *program* …" → "PREPARE": the name the sentence
    gives right before a noun the question asks about (with the noun when it is part of the name)."""
    m = _WHICH_NOUN.search(question)
    if not m:
        return ""
    toks = _tokens(sentence)
    for noun in (stem(w) for w in m.group(1).split() if w.casefold() not in stopwords()):
        for i, (word, _, _) in enumerate(toks):
            if not i or not word or stem(word) != noun:
                continue
            name, j = [], i - 1
            while j >= 0 and toks[j][0][:1].isupper() and toks[j][0].casefold() not in stopwords() and len(name) < 4:
                name.insert(0, toks[j][0])
                j -= 1
            # no punctuation between the name and the noun
            if _new_name(name, asked) and name[0] == sentence[toks[j + 1][1]:toks[j + 1][2]]:
                return " ".join([*name, word]) if word[:1].isupper() else " ".join(name)
            if found := _name_after(toks, i, sentence, asked):  # "Arkansas-based publisher Helena World Chronicle"
                return found
    return ""


_WHAT_ITEMS = re.compile(r"^\s*(?:what|which)\s+(?:(?:two|three|four|five|six|\d)\s+)?(\w+s)\b", re.IGNORECASE)
_COLON_LIST = re.compile(r":\s*([^:;]+?,[^:;]+?\band\s+[^:;,]+?)\s*[.;]?\s*$")


def _listed(question: str, sentence: str, asked: set[str]) -> str:
    """"What three categories …?" → "relevance, distance, and prominence": the list after a colon of a
    sentence that names the asked-for things."""
    m = _WHAT_ITEMS.match(question)
    if not m or stem(m.group(1)) not in {stem(w) for w, _, _ in _tokens(sentence.split(":")[0])}:
        return ""
    listed = _COLON_LIST.search(sentence)
    return _fits(listed.group(1), asked) if listed else ""


def _name_after(toks: list[tuple[str, int, int]], i: int, sentence: str, asked: set[str]) -> str:
    """The capitalised run right after the lower-case noun at `i`, with nothing between them."""
    if not toks[i][0].islower() or sentence[toks[i][1]:toks[i][2]] != toks[i][0]:
        return ""  # "publisher," ends a phrase; "Publisher" is part of a name before it
    name, k = [], i + 1
    while k < len(toks) and len(name) < 4 and toks[k][0][:1].isupper() and toks[k][0].casefold() not in stopwords():
        name.append(toks[k][0])
        if sentence[toks[k][1]:toks[k][2]] != toks[k][0]:
            break  # punctuation ends the name ("Helena World Chronicle,")
        k += 1
    return " ".join(name) if _new_name(name, asked) else ""


def _new_name(name: list[str], asked: set[str]) -> bool:
    """Words that name something the question does not, and more than a nation or region."""
    stems = {stem(part) for w in name for part in w.split("-") if part}
    return bool(name) and not stems & asked and not stems <= NATIONS | _REGIONAL


def _anchors(question: str) -> list[str]:
    """The stems of the question's last two content words, once trailing time and place words are cut."""
    core = _TAIL.sub("", question.strip().rstrip("?!. "))
    return content_stems(core, drop_question_words=True)[-2:] if core else []


def _quoted(question: str, sentence: str, asked: set[str]) -> str:
    """A quotation in a sentence that says most of what the question does: what follows the question's last
    words inside it, or the whole quotation when the question's words stand right before or after it."""
    if _ABOUT.search(question):  # "what did X say about Y": Y is inside the quote, and the quote is no slot
        return ""
    plain = asked - {stem(w) for w in proper_nouns(question)} - NATIONS  # words, not the names they are about
    said = {stem(w) for w, _, _ in _tokens(sentence) if w}
    topic = plain - _DESCRIBING  # "describe" is often said otherwise ("praised … as")
    if not topic or len(topic & said) <= len(topic) / 2:
        return ""  # a sentence about something else: its quotation answers another question
    anchors = [a for a in reversed(_anchors(question)) if a in plain]  # the very last word first
    chosen = ""
    for m in _QUOTE.finditer(sentence):
        quote = next(g for g in m.groups() if g is not None)
        for anchor in anchors:  # "… do not *form* a military bloc" → "a military bloc"
            for clause in re.split(r"(?<=[.;!?])\s+", quote):
                words = clause.split()
                for i, w in enumerate(words):
                    if stem(w.strip(_STRIP)) == anchor and (span := _fits(" ".join(_lead_in(words[i + 1:], plain)),
                                                                          asked)):
                        return span
        before = {stem(w) for w, _, _ in _tokens(sentence[max(0, m.start() - 60):m.start()])[-5:] if w}
        after = {stem(w) for w, _, _ in _tokens(sentence[m.end():m.end() + 40])[:3] if w}  # "“partners” not allies"
        if (before | after) & plain:
            return _fits(quote, asked)
        if not chosen and _HOW_DESCRIBE.match(question):
            chosen = _fits(quote, asked)  # "How did X describe Y?": the quoted words are the description
    return chosen


def _lead_in(words: list[str], plain: set[str]) -> list[str]:
    """The words without what leads into the answer: the question's own (non-name) words, a preposition, "is"."""
    skip = _PREPOSITIONS | _AUX | {"that", "and", "to"}
    while words and (w := words[0].strip(_STRIP).casefold()) and (w in skip or stem(w) in plain):
        words = words[1:]
    return words


def _after_anchor(question: str, sentence: str, asked: set[str]) -> str:
    """"What did Putin reject?" → the words after "rejected", up to the end of the clause."""
    if not _OPEN_WHAT.match(question) or _ABOUT.search(question):
        return ""
    anchors = _anchors(question)
    if not anchors:
        return ""
    toks = _tokens(sentence)
    hits = [i for i, (w, _, _) in enumerate(toks) if w and stem(w) == anchors[-1]]
    for i in hits:
        out: list[str] = []
        following = sentence[toks[i][2]:].split()
        for j, raw in enumerate(following):
            word = raw.strip(_STRIP).casefold()
            if word == "and" and j + 1 < len(following):  # "… and peace is restored" goes on; "and was …" ends
                after = following[j + 1].strip(_STRIP).casefold()
                if after in _AUX or after.endswith("ed"):
                    break
                out.append(raw)
                continue
            if not out and (word in stopwords() and word not in ("a", "an", "the", "no", "not")) \
                    and (word in question.casefold().split() or word in ("that", "to", "is", "are", "was", "were")):
                continue  # "called for …" when the question says "call for"
            if (out and word in _STOP_AT) or not word:
                break
            out.append(raw)
            if raw[-1:] in ",;:.!?)" or raw in ("-", "–", "—"):
                break
        if out and out[0].strip(_STRIP).casefold() in _PREPOSITIONS | {"according"}:
            continue  # a modifier ("of the year-old conflict") or the source ("according to …"), not what is asked
        if span := _fits(" ".join(out), asked):
            return span
    return ""


def _cause(question: str, sentence: str, asked: set[str]) -> str:
    """"Why …?" → what follows "because", "in response to" …, up to the end of the clause."""
    if not re.match(r"^\s*(?:and\s+)?why\b", question, re.IGNORECASE):
        return ""
    m = _CAUSE.search(sentence)
    if not m:
        return ""
    out: list[str] = []
    for raw in sentence[m.end():].split():
        word = raw.strip(_STRIP).casefold()
        if (out and word in _STOP_AT - {"and"}) or not word:
            break
        out.append(raw)
        if raw[-1:] in ",;:.!?":
            break
    return _fits(" ".join(out), asked)


def _before_verb(question: str, sentence: str, asked: set[str]) -> str:
    """"What played a crucial role in …?" → the subject before "played": "Chinese-made vehicles and equipment"."""
    m = _SUBJECT_WHAT.match(question)
    if not m or m.group(1).casefold() in _AUX:
        return ""
    verb = stem(m.group(1))
    toks = _tokens(sentence)
    for i, (word, _, _) in enumerate(toks):
        if i and word and stem(word) == verb:
            out: list[str] = []
            for raw in reversed(sentence[:toks[i][1]].split()):
                bare = raw.strip(_STRIP).casefold()
                if raw[-1:] in ",;:" or bare in _STOP_AT - {"and"} or bare in _REPORTING:
                    break
                out.insert(0, raw)
            return _fits(" ".join(out), asked)
    return ""
