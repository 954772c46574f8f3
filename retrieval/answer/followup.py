"""Rewrite a follow-up question into a standalone one, without a model (and as the LLM's fallback).

A wrong antecedent is worse than none ("What else did Xiangshan Forum say?" finds the wrong passages), so a
pronoun gets only an antecedent of its kind, from cheap signals of the last turns (no NER model at question
time): he/she/his → a person (the last short answer if a person was asked for, else the person the last
question named, else the one its answer names most); it/its → the report, event or thing the last question
was about, never an adjective ("Chinese"); they/their → people, a group, an organisation or a country.
"and when?", "who else?" ask the last question again; "what about X?" puts X where a name of its kind
stood; other languages get the antecedent in brackets. No fitting antecedent: the question stays.

    >>> RuleCondenser().condense("What did he tell Shoigu?", [Turn(
    ...     "Who is China's defense minister?", "China's Defense Minister Dong Jun called for talks [1].")])
    'What did Dong Jun tell Shoigu?'
"""

from __future__ import annotations

import re
from collections import namedtuple

from ..models import Turn
from ..text.language import detect_language
from ..text.words import _DEMONYMS, QUESTION_WORDS, _wh_phrase, content_stems, stopwords
from .timescope import parse_time_scope


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words before a name that say who someone is ("Chinese Defense Minister Dong Jun").
_TITLES = _set("president minister foreign defense defence prime secretary general chancellor spokesperson spokesman "
               "spokeswoman mr mrs ms dr premier ambassador deputy vice chairman chief former senator sen governor "
               "mayor king queen pope leader envoy diplomat commander top state head official counterpart economy")
# A name holding one of these is an organisation, an event or an outlet, never a person.
_ORG_WORDS = _set("forum dialogue congress council ministry agency news daily times post bank union party brigade "
                  "program programme fund association development organization organisation institute committee "
                  "assembly group army forces government kremlin house office department summit conference nations "
                  "states kingdom republic federation university press network channel blog review journal magazine "
                  "foundation corporation company bureau service court parliament senate images initiative treaty "
                  "agreement alliance project center centre club league world international reuters bloomberg")
_PLACES = frozenset(_DEMONYMS) | frozenset(_DEMONYMS.values()) | _set(
    "china russia ukraine beijing moscow kyiv kiev washington london paris berlin brussels singapore guangzhou "
    "shanghai donetsk luhansk crimea kherson europe asia africa west east brazil us usa uk eu un taiwan")
_NOT_NAMES = _set("january february march april may june july august september october november december jan feb apr "
                  "aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday i tell show give "
                  "list explain а і та й и с з в у о к де хто що коли чому як який яка яке які скільки чи где кто "
                  "что когда почему зачем как какой какая какое какие сколько ли")
_SPEECH_AFTER = _set("said says told tells added noted continued asserted stressed warned hailed spoke say tell")
# Nouns "it"/"they" stand for, the most specific first: reports, then events, then topics.
_DOCS = _set("analysis report article story interview paper statement readout plan initiative proposal video "
             "message speech remarks comments letter study survey document piece")
_EVENTS = _set("call meeting talks visit forum summit briefing session conference congress dialogue negotiations "
               "ceasefire offensive invasion attack strike agreement deal treaty program programme funding aid "
               "package loan sanctions exercise drills trip election vote decision announcement")
_TOPICS = _set("war conflict crisis relations relationship cooperation partnership position stance policy support "
               "assistance situation issue alliance")
_THINGS = _DOCS | _EVENTS | _TOPICS
_RANK = {h: 0 if h in _DOCS else 1 if h in _EVENTS else 2 for h in _THINGS}
_VERBISH = _set("call talks visit support plan report attack strike deal vote aid study survey exercise drills")
_MODIFIERS = _set("peace video phone press daily military foreign defense defence economic political joint diplomatic "
                  "state ceasefire security trade news full-scale new latest recent official formal public position "
                  "international global reconstruction nuclear energy logistical strategic financial humanitarian")
_GROUPS = _set("countries nations sides men people leaders ministers officials members troops forces allies partners "
               "parties diplomats governments politicians experts analysts nationals")
_NOT_PLURAL = _set("news series has was does its yes this analysis crisis basis says tells calls wants needs supports "
                   "believes thinks seems remains makes takes gives hopes becomes describes claims warns urges meets")
_DETERMINERS = _set("the a an this that these those its his her their our which what")
_LOCATIVE = _set("in at to from near into")
# Family names that come first (Chinese, Korean, Vietnamese): such names stay whole (_surname).
_CHINESE = _set("Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin Guo Ma Luo Liang Song Zheng Xie "
                "Han Tang Feng Yu Dong Xiao Cheng Cao Deng Peng Lu Su Jiang Cai Ding Wei Ye Yan Qin Xi Kim Park Nguyen")
_ROLES = ("minister|official|spokesperson|spokesman|spokeswoman|diplomat|envoy|leader|president|man|woman|person|"
          "politician|general|ambassador|counterpart|chief")
_AUX = "did|does|do|is|was|were|are|has|have|had|will|would|can|could|should"
_AUXES, _POSSESSIVE = frozenset(_AUX.split("|")), ("'s", "’s")
_PERSONAL = re.compile(r"\b(he|she|him|her|his|hers)\b", re.IGNORECASE)
_PLURAL_PRONOUN = re.compile(r"\b(they|them|their|theirs)\b", re.IGNORECASE)
_IT = re.compile(r"\b(it|its)\b(?!\s+(?:(?:is|was)\s+)?(?:true|possible|likely|so)\b)", re.IGNORECASE)
_THERE = re.compile(r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b(?!\s+(?:is|are|was|were)\b)", re.I)
_THAT_ROLE = re.compile(rf"\b(?:that|this|the same)\s+(?:[\w-]+\s+){{0,2}}?(?:{_ROLES})\b", re.IGNORECASE)
_TITLE_PHRASE = re.compile(rf"(?:\b[\w-]+['’]s\s+|\bthe\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_ROLES})\b", re.IGNORECASE)
_ORDINAL = re.compile(r"\bthe (first|second|third|last|other) one\b", re.IGNORECASE)
_ELLIPSIS = re.compile(r"^\s*(?:and what about|and how about|what about|how about|and)\s+(.+?)\s*\??\s*$", re.I)
_BARE = re.compile(r"^\s*(?:(?:and|but|so|ok|okay|then)[\s,]+)?(?P<wh>who else|what else|why not|how come|since when|"
                   r"when|where|why|how)(?:\s+(?:exactly|then))?(?:\s+(?:was|is|did|does|were)\s+(?:that|this|it)"
                   r"(?:\s+happen)?)?\s*[?.!]*\s*$", re.IGNORECASE)
_MORE = re.compile(r"^\s*(?:and\s+)?(?:(?:tell me|say|give me)\s+)?(?:some\s+)?more(?:\s+(?:please|details|about "
                   r"(?:it|that|this)))?\s*[?.!]*\s*$|^\s*(?:anything else|go on|continue)\s*[?.!]*\s*$", re.I)
_CLAUSE = re.compile(rf"\b(?:who|whom|whose|what|which|when|where|why|how|{_AUX})\b", re.IGNORECASE)
_ASKS_PERSON = re.compile(rf"^\s*(?:and\s+)?(?:who|whom|(?:which|what) (?:[\w-]+\s+){{0,4}}?(?:{_ROLES}))\b", re.I)
_ASKS_ENTITY = re.compile(rf"^\s*(?:and\s+)?(?:which|what)\s+(?!(?:{_AUX}|else)\b)\w", re.IGNORECASE)
_JOINED = re.compile(r"\b[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)* and [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*")
_MARKER = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
_CONTEXT = re.compile(r"\s*\([^()]*\)\s*(?=\?*\s*$)")  # the bracketed topic an earlier rewrite added
_FOREIGN_PERSON = re.compile(r"(?<!\w)(?:він|вона|його|її|йому|ним|нею|он|она|его|её|ее|ему|ней|него|нему)(?!\w)", re.I)


Name = namedtuple("Name", "text kind start")  # kind: person org place adj, or unknown (a lone word: Lavrov, Newsweek)


def _names(text: str) -> list[Name]:
    """Capitalised names in order, each with the kind its words suggest."""
    text = _MARKER.sub("", text)
    out: list[Name] = []
    for m in re.finditer(r"[A-ZА-ЯЁІЇЄҐ][\w’'.-]*(?:\s+[A-ZА-ЯЁІЇЄҐ][\w’'.-]*)*", text):
        segment, pos = [], m.start()
        for token in m.group(0).split():
            at, pos = text.index(token, pos), text.index(token, pos) + len(token)
            possessive = token.endswith(_POSSESSIVE)
            word = (token[:-2] if possessive else token).strip(".,")
            low = word.casefold().replace(".", "")
            if word and low not in stopwords() and low not in QUESTION_WORDS and low not in _NOT_NAMES:
                segment.append((word, at))
                if not possessive:  # "China's Defense Minister Dong Jun": two names
                    continue
            out += _name(segment, text)
            segment = []
        out += _name(segment, text)
    return out


def _name(segment: list[tuple[str, int]], text: str) -> list[Name]:
    low = [w.casefold().replace(".", "") for w, _ in segment]
    if not segment:
        return []
    if any(w in _ORG_WORDS for w in low) or any(w.isupper() and len(w) > 1 and k not in _PLACES
                                                for (w, _), k in zip(segment, low, strict=True)):
        return [Name(" ".join(w for w, _ in segment), "org", segment[0][1])]
    titled = max((i for i, w in enumerate(low) if w in _TITLES), default=-1)
    if titled >= 0:  # "President Volodymyr Zelensky", "Mr. Wang": the words after the title
        segment, low = segment[titled + 1:], low[titled + 1:]
        kind = "place" if all(w in _PLACES for w in low) else "person"
        return [Name(" ".join(w for w, _ in segment), kind, segment[0][1])] if segment else []
    phrase, start = " ".join(w for w, _ in segment), segment[0][1]
    if len(low) == 1 and ("-" in phrase or (low[0] in _DEMONYMS and low[0] not in _DEMONYMS.values())):
        return [Name(phrase, "adj", start)]
    if all(w in _PLACES for w in low):
        return [Name(phrase, "place", start)]
    after = text[start + len(phrase):].split()[:1]
    person = len(low) > 1 or (after and after[0].casefold() in _SPEECH_AFTER)
    return [Name(phrase, "person" if person else "unknown", start)]


def _people(text: str, pool: list[str] = ()) -> list[str]:
    """Full names of the people `text` mentions, a lone surname completed from `pool` ("Lavrov" → "Sergei Lavrov")."""
    out: list[str] = []
    for n in _names(text):
        full = next((p for p in pool if n.text in p.split()), "") if " " not in n.text else ""
        if (n.kind == "person" or (n.kind == "unknown" and full)) and (full or n.text) not in out:
            out.append(full or n.text)
    return out


def _prominent(answer: str, pool: list[str]) -> list[str]:
    """The people an answer names, the most mentioned first (a surname alone counts for its full name)."""
    found, text = _people(answer, pool), _MARKER.sub("", answer)
    return sorted(found, key=lambda p: (-sum(len(re.findall(rf"\b{re.escape(w)}\b", text)) for w in {
        p.split()[0], p.split()[-1]}), found.index(p)))


def _surname(person: str) -> str:
    """A Western name's surname, as articles name people after the first mention ("Shoigu said"): the first
    name would match the sentence that introduced him instead of the one asked for. Family-name-first names
    stay whole ("Dong Jun"): the family name alone is often ambiguous (Wang Yi, Wang Wenbin)."""
    parts = person.split()
    return person if not 2 <= len(parts) <= 3 or parts[0] in _CHINESE or len(parts[-1]) < 3 else parts[-1]


def _phrases(question: str) -> list[tuple[str, str, bool]]:
    """Noun phrases ending in a report/event/topic noun or a plural: (phrase, head, what the question asks for)."""
    tokens = re.findall(r"[$\w’'-]+", _MARKER.sub("", question))
    out = []
    for i, token in enumerate(tokens):
        low = token.casefold()
        if not (low in _THINGS or _plural(low)) or low in QUESTION_WORDS:
            continue
        if i + 1 < len(tokens) and tokens[i + 1].casefold() in _THINGS | _GROUPS and _modifier(token):
            continue  # "video" in "video call"
        if low in _VERBISH and i > 0 and tokens[i - 1][:1].isupper() and not tokens[i - 1].endswith(_POSSESSIVE):
            continue  # "Dong Jun call for …": a verb
        j = i
        while j > 0 and _modifier(tokens[j - 1]):
            j -= 1
        det = tokens[j - 1].casefold() if j > 0 else ""
        if j == i and det not in _DETERMINERS and low not in _GROUPS:
            continue  # "members call Beijing": a verb, not a noun
        asked = det in ("which", "what") or (j > 1 and tokens[j - 2].casefold() == "how" and det in ("many", "much"))
        bare = (tokens[j][:1].isupper() and det not in _DETERMINERS) or tokens[j].endswith(_POSSESSIVE)
        phrase = " ".join(tokens[j:i + 1])
        out.append((phrase if bare else f"the {phrase}", low, asked))
    return out


def _modifier(token: str) -> bool:
    low = token.casefold()
    return low not in stopwords() | QUESTION_WORDS | _DETERMINERS and (token[:1].isupper() or "-" in token or (
        token[:1].isdigit() or low in _MODIFIERS | _THINGS or low.endswith(_POSSESSIVE)))


class RuleCondenser:
    """Deterministic follow-up rewriting for the extractive backend (and as the LLM's fallback)."""

    def condense(self, question: str, history: list[Turn] | None) -> str:
        question = " ".join(question.split())
        if not history:
            return question
        turns = list(reversed(history[-3:]))  # the latest first; the earlier ones for chains
        if not re.search(r"[A-Za-z]", question) or detect_language(question) not in ("en", None):
            return self._foreign(question, turns)
        if m := _BARE.match(question):
            return self._ask_again(m.group("wh").casefold(), turns[0]) or self._topic(question, turns[0])
        if _MORE.match(question):
            return self._topic(question, turns[0])
        m = _ELLIPSIS.match(question)
        if m and not _CLAUSE.search(m.group(1)) and len(m.group(1).split()) <= 5:  # "and Qin Gang?", not a clause
            return self._swap(question, m.group(1), turns[0])
        out = self._resolve(question, turns)
        if out == question and len(content_stems(question, drop_question_words=True)) <= 2 and not _names(question):
            return self._topic(question, turns[0])
        return out

    def _resolve(self, question: str, turns: list[Turn]) -> str:
        """Each kind of pronoun (its first occurrence) replaced by an antecedent of its kind, when there is one."""
        out = question
        if m := _ORDINAL.search(out):  # "the first one": an item of the last list, or a person the answer named
            items = [i.strip() for i in re.split(r",\s*|\s+and\s+", turns[0].short_answer) if i.strip()]
            items = items if len(items) > 1 else [p for p in _people(turns[0].answer) if not _mentioned(p, question)]
            index = {"first": 0, "second": 1, "third": 2, "last": -1, "other": 1}[m.group(1).casefold()]
            out = _put(out, m, _surname(items[index])) if len(items) > max(index, 0) else out
        if (m := _THAT_ROLE.search(out)) and (person := self._person(out, turns)):  # "that Russian minister"
            out = _put(out, m, _surname(person))
        if m := _PERSONAL.search(out):
            word, after = m.group(1).casefold(), re.match(r"\s+([\w-]+)", out[m.end():])  # "her" before a noun: "…'s"
            possessive = word in ("his", "hers") or (word == "her" and bool(after) and
                                                    after.group(1).casefold() not in stopwords() | QUESTION_WORDS)
            own = any(n.kind in ("person", "unknown") for n in _names(out[:m.start()]))  # "Did Qin say his …"
            object_ = word in ("him", "her") and not possessive  # never the one the question names: "Lavrov told him"
            person = self._person(out, turns, "else" in out.casefold().split()) if object_ or not own else ""
            out = _put(out, m, _surname(person) + ("'s" if possessive else "")) if person else out
        if (m := _PLURAL_PRONOUN.search(out)) and (group := self._group(out, turns)):
            their = m.group(1).casefold().startswith("their")
            out = _put(out, m, group + (("'" if group.endswith("s") else "'s") if their else ""))
        if m := _IT.search(out):
            own = any(n.kind in ("org", "place") for n in _names(out[:m.start()])) and (
                m.group(1).casefold() == "its" or re.match(rf"\s+(?:{_AUX})\b", out[m.end():], re.I))
            if (thing := "" if own else self._thing(out, turns)) and m.start() == 0:  # "Beijing confirmed it will"
                thing = thing[:1].upper() + thing[1:]
            out = _put(out, m, thing + ("'s" if m.group(1).casefold() == "its" else "")) if thing else out
        if m := _THERE.search(out):  # the place the last question was in
            places = [f"{_text(t)[:n.start].split()[-1]} {n.text}" for t in turns for n in _names(_text(t))
                      if n.kind in ("place", "unknown", "org") and _after_locative(_text(t), n)]
            out = _put(out, m, places[0]) if places else out
        return out

    def _person(self, question: str, turns: list[Turn], who_else: bool = False) -> str:
        """he/she: the asked-for person of the last answer, the person the last question named, or the
        person the last answer names most — never one the question itself names."""
        for depth, turn in enumerate(turns):
            pool = _people(q := _text(turn)) + _people(turn.short_answer) + _people(turn.answer)
            named = _people(q, pool)
            named += [n.text for n in _names(q) if n.kind == "unknown" and _subject(q, n.text)
                      and not any(n.text in p.split() for p in named)]
            answered = [p for p in _people(turn.short_answer, pool) + _prominent(turn.answer, pool) if p not in named]
            asked = _ASKS_PERSON.match(q) and not (who_else and depth == 0)
            for person in answered + named if asked else named + answered:
                if not _mentioned(person, question):
                    return person
            if depth == 0 and not named and not turn.answer and (m := _TITLE_PHRASE.search(q)):
                return m.group(0)  # "China's defense minister", when no answer named them
        return ""

    def _group(self, question: str, turns: list[Turn]) -> str:
        """they/them/their: names joined by "and", a plural noun phrase, an organisation or country, or the
        two people of a "Who did X meet?" exchange."""
        for turn in turns:
            q = _text(turn)
            joined = [m.group(0) if (m := _JOINED.search(text)) else "" for text in (q, turn.short_answer)]
            plural = [(p, asked) for p, head, asked in _phrases(q) if head not in _THINGS or _plural(head)]
            ordered = [joined[0]] + [p for p, asked in plural if not asked] + [joined[1]]
            ordered += [p for p, asked in plural if asked]
            ordered += [n.text for n in _names(q) if n.kind in ("org", "place") and not _after_locative(q, n)]
            pool = _people(turn.short_answer) + _people(turn.answer)
            named, answered = _people(q, pool), _people(turn.short_answer, pool)
            if named and answered and named[0] != answered[0]:
                ordered.append(f"{named[0]} and {answered[0]}")
            ordered += [n.text for n in _names(turn.short_answer)[:1] if n.kind == "org"]
            for phrase in ordered:
                if phrase and phrase.casefold() not in question.casefold() and not _mentioned(phrase, question):
                    return phrase
        return ""

    def _thing(self, question: str, turns: list[Turn]) -> str:
        """it/its: what the last question asked about, a report or event it named, the thing its answer gave."""
        for turn in turns:
            q, short = _text(turn), turn.short_answer.strip()
            short = short if short and not _ASKS_PERSON.match(q) and not _people(short) and \
                short.casefold() not in ("yes", "no") and not _is_date(short) else ""
            entity = _wh_phrase(q) if _ASKS_ENTITY.match(q) else []
            if entity and (_plural(entity[-1].casefold()) or re.fullmatch(_ROLES, entity[-1], re.IGNORECASE)):
                entity = []
            candidates = [short, f"the {' '.join(entity)}"] if entity else []  # "Which think tank …?"
            phrases = [(p, h) for p, h, asked in _phrases(q) if not asked and (h == "talks" or not _plural(h))]
            named = "" if short[:1].islower() else short  # a name, a sum — not a phrase ("decisive enabler")
            candidates += [p for p, h in sorted(phrases, key=lambda x: _RANK.get(x[1], 3))] + [named]
            candidates += [n.text for n in _names(q) if n.kind == "org" or (n.kind == "place" and not
                                                                         _after_locative(q, n))]
            for c in candidates:  # not one the question already names
                if c and not all(re.search(rf"\b{re.escape(w)}\b", question, re.I) for w in c.split() if w != "the"):
                    return c
        return ""

    # --- elliptical questions --------------------------------------------------------------------------
    def _ask_again(self, wh: str, prev: Turn) -> str:
        """"and when?" after "Where did Dong Jun call for talks?" → "When did Dong Jun call for talks?"; "who
        else?" after "Who did Wang Yi meet?" → "Who else did Wang Yi meet besides Sergei Lavrov?"."""
        new = {"why not": "why", "how come": "why", "since when": "when"}.get(wh, wh).capitalize()
        words = _text(prev).rstrip(" ?.!").split() or [""]
        first, aux = words[0].casefold(), next((i for i, w in enumerate(words[:7]) if w.casefold() in _AUXES), None)
        if new in ("Who else", "What else"):
            besides = " and ".join(p for p in _people(prev.short_answer) if not _mentioned(p, prev.resolved))
            ok = first in (("who", "whom") if new == "Who else" else ("what",))
            return f"{new} {' '.join(words[1:])}{' besides ' + besides if besides else ''}?" if ok else ""
        wh_start = first in ("who", "whom", "whose", "what", "which", "when", "where", "why", "how")
        if aux is not None and (aux == 0 or (wh_start and not _AUXES.intersection(w.casefold() for w in words[1:aux]))):
            return f"{new} {words[aux].casefold()} {' '.join(words[aux + 1:])}?"
        subject = (_people(prev.short_answer) or [prev.short_answer.strip()])[0] if prev.short_answer else ""
        if wh_start and subject and not _is_date(subject):  # "Who blamed …?" → "When was it that Qin Gang blamed …?"
            return f"{new} was it that {subject} {' '.join(words[1:])}?"
        return ""

    def _swap(self, question: str, new: str, prev: Turn) -> str:
        """"What about Qin Gang?": `new` where the last question's name of the same kind stood ("Where did Dong
        Jun …?" → "Where did Qin Gang …?"); "and in 2023?" adds the period; nothing of its kind: a new question."""
        prev_q = _text(prev)
        if parse_time_scope(f"x {new}").found:
            return f"{prev_q.rstrip('?')} {new}?"
        found, names = _names(new), _names(prev_q)
        kind = "person" if _people(new, _people(prev_q) + _people(prev.answer)) else (found[0].kind if found else "")
        olds = [(n.text, n.start) for n in names if n.kind == "person" or _subject(prev_q, n.text)]
        if kind not in ("person", "unknown") or not olds:  # a country for a country, an organisation for one
            olds = [(n.text, n.start) for n in names if n.kind == kind or (kind == "unknown" != n.kind != "adj")]
        if not kind:  # "what about the peace plan?": in place of the last question's report, event or topic
            new = re.sub(r"^(?:the|a|an)\s+", "", new, flags=re.IGNORECASE)
            olds = [(r, prev_q.find(r)) for p, _, _ in _phrases(prev_q) if (r := re.sub(r"^the ", "", p)) in prev_q]
        if not olds:
            return question
        text, start = olds[0]
        return prev_q[:start] + new + prev_q[start + len(text):]

    def _topic(self, question: str, prev: Turn) -> str:
        """A question too short to search: the last question's names (or its topic) in brackets."""
        prev_q = _text(prev)
        names = [p for p, _, _ in _phrases(prev_q)][:1]
        names = [n.text for n in _names(prev_q) if n.kind != "adj" and not any(n.text in p for p in names)] + names
        return f"{question.rstrip('?.! ')} ({', '.join(dict.fromkeys(names)) or prev_q.rstrip('?')})?"

    def _foreign(self, question: str, turns: list[Turn]) -> str:
        """Another language: keep its words (the plan and the answer read them); the antecedent in brackets
        gives retrieval the names the sources use."""
        also = bool(re.search(r"(?<!\w)(?:ещё|еще|ще|також|тоже|noch|else)(?!\w)", question, re.I))  # "who else"
        prev, person = turns[0], self._person(question, turns, also) if _FOREIGN_PERSON.search(question) else ""
        lead = [n for n in _names(prev.answer.split(". ")[0]) if n.kind in ("org", "place")][:1]
        names = [n.text for n in _names(prev.short_answer) + _names(_text(prev)) + lead
                 if n.kind != "adj" and not _is_date(n.text)]
        found = [person] if person else names[:1] + _prominent(prev.answer, _people(prev.answer))[:1] + names[1:]
        found = [f for f in dict.fromkeys(found) if not _mentioned(f, question)][:3]
        return f"{question.rstrip('?. ')} ({', '.join(found)})?" if found else question


def _text(turn: Turn) -> str:
    return _CONTEXT.sub("", turn.resolved).strip()


def _put(text: str, m: re.Match, new: str) -> str:
    return text[:m.start()] + new + text[m.end():]


def _plural(low: str) -> bool:
    return len(low) > 3 and low[-1] == "s" and low[-2:] not in ("ss", "us", "is", "'s", "’s") and low not in _NOT_PLURAL


def _is_date(text: str) -> bool:  # "Sept. 13", "Tuesday", "November 15, 2023"
    return bool(parse_time_scope(f"x in {text}").found or re.search(r"\b(?:19|20)\d\d\b", text)
                or (text.split() and text.split()[0].casefold().strip(".,") in _NOT_NAMES))


def _mentioned(name: str, question: str) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", question) for w in name.split() if len(w) > 2)


def _subject(question: str, name: str) -> bool:
    """A lone capitalised word right after "did/does/will …" is who acts: "What did Shoigu say?"."""
    return bool(re.search(rf"\b(?:{_AUX})\s+{re.escape(name)}\b", question, re.IGNORECASE))


def _after_locative(question: str, n: Name) -> bool:
    before = question[:n.start].split()[-1:]
    return bool(before) and before[0].casefold() in _LOCATIVE
