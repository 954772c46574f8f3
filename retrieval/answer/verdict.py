"""Yes or no: the verdict of the sentence that answers a yes/no question plainly, or none.

    >>> _verdict("The plan was dismissed by the West.", {"dismiss"})
    'Yes'
"""

from __future__ import annotations

import itertools
import re

from ..text.words import CENSURE, NATIONS, TAG_QUESTION, content_stems, event_kin, proper_nouns, stem
from .asked import asking_part, mentions, name_groups, quote_confirms
from .candidates import HEADLINE, Sentence
from .evidence import COMPARISON, Evidence, Similarity
from .foreign import asked_after_clause
from .roles import FRAMING_NOUNS

CLEAR_LEAD = 0.09  # how far the best sentence's evidence score must lead the next one's to answer by itself
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|cannot|refus(?:e|es|ed)|declin(?:e|es|ed)|"
                       r"den(?:y|ies|ied)|reject(?:s|ed)?|n't)\b|n’t\b", re.IGNORECASE)

# words a yes/no question needs no sentence to say: a verb framing what is asked ("Did Shoigu *describe* them as
# forming a bloc?", "Is Wang *expected* to meet …?") and "Besides Lavrov, is …" (one already met)
_UNSAID = frozenset({"describ", "call", "claim", "character", "portray", "depict", "label", "consid", "regard",
                     "view", "see", "deem", "expect", "besid", "go",  # "Is he *going* to meet …?"
                     "say", "said", "tell", "told", "state",  # "Did Shoigu *say* Moscow and Beijing are …?"
                     "true", "correct"}) | FRAMING_NOUNS  # "Is it *true* that …?"; "Was he new in the *job* of …?"
_FRAMING = re.compile(r"\b(?:mention(?:s|ed)?|say|says|said|tell|told)\b", re.IGNORECASE)
_REFUSING = re.compile(r"\b(?:turn(?:s|ed|ing)?|shot|shoot(?:s|ing)?|vot(?:e|es|ed|ing)) down\b|\brule[sd]? out\b",
                       re.IGNORECASE)


def decide(ev: Evidence, question: str = "", similarity: Similarity | None = None) -> tuple[str, Sentence | None]:
    """"Yes" or "No" from the sentence that answers it plainly — most of the question's words, or nearly
    half of them and far more than any other sentence — unless an equally good one says the opposite;
    "" when unsure. Of two good sentences, the one saying more of what is asked (not whom about) decides,
    and only a negation of what is asked counts ("… does not envisage X and was dismissed by the West"
    answers "Was it dismissed?" with yes). With the verdict, the sentence that decided it."""
    question = TAG_QUESTION.sub("?", question)  # "…, right?": the statement is what is asked
    across = not ev.weights and bool(ev.translated)  # across languages, what is asked is the question's meaning
    plain = ev.translated - NATIONS if across else \
        set(content_stems(question, drop_question_words=True)) - {stem(w) for w in proper_nouns(question)} - NATIONS
    # a headline teases; the report says yes or no — unless the headline is someone's own words, quoted ("‘I see
    # myself as a royal’: artist Vincent Namatjira on …"), or states all that is asked ("Did OpenAI give its board
    # veto power over risky AI?" — "OpenAI buffs safety team and gives board veto power on risky AI")
    stated = (plain - _UNSAID or plain) if not across else set()
    body = [s for s in ev.sentences[:4] if s.index != HEADLINE or _QUOTE_HEADLINE.match(s.text)
            or (stated and _says(stated, s) and not s.text.rstrip().endswith("?"))]
    first, second = [*body[:2], None, None][:2]
    if first is None:
        return "", None
    # of the good sentences (the best four), the one saying most of what is asked decides ("… Beijing didn't
    # create nor was party to the crisis" over "Qin said …" for "Did Qin say Beijing was a party to …?")
    # — counting the verb that frames what is asked too ("Does the ministry's account *mention* …?" — "… does not
    # mention …")
    said = plain | ({stem(w) for w in _FRAMING.findall(question)} if not across else set())
    better = max((s for s in body[1:] if s.coverage >= 0.45), key=lambda s: _told(said, s), default=None)
    if better is not None and _told(said, better) > _told(said, first):
        first, second = better, first
    if not across and (by_count := _compared(question, body[:2])):
        return by_count  # "Did Cousins throw at least 20 passes?" — "… only threw 19 times": No
    if not across and (listed := _included(question, body)):
        return "Yes", listed  # "Were U.S. officials among …?" — "… officials from dozens of countries, including
        # Russia and the U.S."
    rival = second.coverage if second is not None else 0.0
    # plainly answered: most of the question, or far more than any other sentence, or all of what is asked
    # (less whom about) where the other does not say it
    asked = plain - _UNSAID or plain
    says_all = bool(asked) and _says(asked, first) and (second is None or not _says(asked, second))
    # … or, in other words, far better than any other sentence by meaning and shared words together ("Did experts
    # think the paper offered any fresh proposals?" — "Experts said the paper did not propose any new initiatives")
    told = {t for t in asked if _says({t}, first)}  # (half of what is asked, at least)
    apart = not across and first.coverage >= 0.3 and first.score - (second.score if second else 0.0) >= CLEAR_LEAD \
        and 2 * len(told) >= len(asked)
    timed = _timed(question, body, ev) if not across else None
    if timed is not None and not _says(timed[1], first):
        # "Was he new in the job … when he held the call?": the sentence saying what the main clause asks decides,
        # not the one telling the call
        first, plain = timed
    elif not (first.coverage >= 0.6 or apart or
              (first.coverage >= 0.45 and (first.coverage >= 1.6 * rival or says_all))):
        # "In TechCrunch's report on consumer groups fighting Meta, does the process loop in the Commission?":
        # the opening names the story, the rest is asked, and a sentence of that story saying most of it answers
        main = _STORY_FIRST.sub("", question) if not across else question
        asked = set(content_stems(main, drop_question_words=True)) - {stem(w) for w in proper_nouns(main)} - NATIONS
        if main == question or len(asked & first.stems) < max(2, 0.6 * len(asked)):
            return "", None
        plain = asked
    if not across and (cleft := _CLEFT.match(question)):
        # "Was it China's Defense Ministry that released the video?" — the sentence saying so names who did
        doer = set(content_stems(cleft.group(1))) - NATIONS or set(content_stems(cleft.group(1)))
        if doer and not doer <= first.stems | first.context:
            return "No", first
    if across and _FOREIGN_REJECTING.search(question):  # "¿Rechazó Putin el plan …?": the sentence saying it was
        # rejected says yes; one that does not, nothing (a negation there is no answer to a question of rejection)
        return ("Yes", first) if _REJECTED.search(first.text) else ("", None)
    if across and _FOREIGN_ACCEPTING.search(question) and \
            (rejected := next((s for s in body[:2] if _REJECTED.search(s.text)), None)):
        return "No", rejected  # "Hat der Westen Chinas Friedensplan akzeptiert?" — "… was dismissed by the West"
    negated = (foreign_negated(question) or bool(_FOREIGN_DENYING.search(question))) if across else \
        _asks_negated(question, plain)
    verdict = _verdict(first.text, plain, negated, opposites=not across)
    if not across and verdict == "Yes" and _CHANGE.search(question) and _STEADY.search(first.text) and \
            not _CHANGE.search(first.text):
        verdict = "No"  # "… was China's commitment weakening?" — "China remains 'unshakably' committed …"
    if second is not None and second.coverage >= first.coverage and \
            _told(said, second) >= _told(said, first) and verdict != _verdict(second.text, plain, negated,
                                                                                      opposites=not across):
        return "", None  # an equally good sentence, saying as much of what is asked, says the opposite
    # (words quoted in a clause before the question confirm nothing it asks: "Cuando Qin habló de la «mano
    # invisible», ¿Pekín ya había condenado …?")
    if across and verdict == "Yes" and not (similarity and quote_confirms(asked_after_clause(question), first.text,
                                                                          similarity)):
        # across languages what is asked is known only roughly: a negation of it is evidence, the mere absence of
        # one is not ("Qin … called for peace talks" does not say he calls the relations an alliance) — unless
        # the words the question quotes are the sentence's quotation, translated; and a negation in another good
        # sentence, of what is asked beyond whom about, says no ("Шойгу сказал, что Россия и Китай образуют
        # военный блок?" — "Shoigu made it clear that … relations do not constitute a formal military alliance")
        # (of a negation or a denial asked about — "Est-ce que Qin Gang a *nié* que … ?" — it says yes)
        named = {stem(w) for n, _ in ev.asked_names for w in n.split()}
        said_no = next((s for s in body if plain - named and _verdict(s.text, plain - named, opposites=False) == "No"),
                       None)
        return (_flip("No") if negated else "No", said_no) if said_no is not None else ("", None)
    if not across and _other_nations(question, first.text):
        return "No", first  # "Did the *Chinese* government release the video?" — "The *Russian* government released …"
    if not across and verdict == "Yes" and _denied_by_name(question, first.text):
        verdict = "No"  # "Did TechCrunch ever call him that?" — "… many called him that (TechCrunch never did)"
    ask = asking_part(question)  # what is asked, not the sentence of context before it
    asked = plain & set(content_stems(ask)) - {stem(w) for w in proper_nouns(ask)} if ask != question else plain
    asked = asked - _UNSAID or asked or plain
    here = (first.stems or set(content_stems(first.text))) | first.context  # (not their kin: two wrong yeses)
    if not across and verdict == "Yes" and 2 * len(asked - here) > len(asked):
        return "", None  # most of what is asked unsaid: "Is Pennington, the starting quarterback, a *senior*?" is
        # not answered yes by "Marshall will start freshman Cole Pennington"
    return (_flip(verdict) if negated else verdict), first


_ELIDED_DENIAL = r"\s+(?:never|did not|didn['’]t|does not|doesn['’]t|has not|hasn['’]t|had not|hadn['’]t|was not|" \
    r"wasn['’]t)(?:\s+(?:did|do|does|has|had|was))?(?:\s+so)?\s*(?:[;:.)—–]|,(?!\s*(?:however|though|yet)\b)|$)"


def _denied_by_name(question: str, text: str) -> bool:
    """One the question names, denying what is asked in a clause of its own: "(TechCrunch never did, …)"."""
    return any(re.search(rf"\b{re.escape(name)}{_ELIDED_DENIAL}", text) for name in proper_nouns(question))


_NATION_THEN = re.compile(r"\b([A-Z][a-z]+)(?:['’]s)?\s+(?=([A-Za-z]{3,})\b)")


def _nation_pairs(text: str) -> set[tuple[str, str]]:
    """(nation, the body after it): "the Chinese government" → ("china", "government")."""
    return {(stem(m.group(1)), m.group(2).casefold()) for m in _NATION_THEN.finditer(text)
            if stem(m.group(1)) in NATIONS and m.group(2).casefold() in _BODIES}


# what a nation does things through (not a person: "the Ukrainian defense minister" may be a near miss)
_BODIES = frozenset("government ministry military army troops forces media embassy navy authorities officials "
                    "parliament state".split())


def _other_nations(question: str, text: str) -> bool:
    """The sentence gives what the question gives one nation ("the *Chinese* government") to another nation
    only ("the *Russian* government")."""
    asked, said = _nation_pairs(question), _nation_pairs(text)
    return any(any(w == word and m != n and (m, w) not in asked for m, w in said) and (n, word) not in said
               for n, word in asked)


# a change asked about, and a sentence saying what stays as it was
_CHANGE = re.compile(r"\b(?:weaken|wan(?:e|es|ed|ing)|waver|fad(?:e|es|ed|ing)\b|erod|shrink|dwindl|soften|harden|"
                     r"cool(?:s|ed|ing)\b|warm(?:s|ed|ing)\b|chang|shift|falter)\w*", re.IGNORECASE)
_STEADY = re.compile(r"\b(?:remain(?:s|ed)?|unchanged|unwavering|unshak(?:e|a)bl\w*|steadfast(?:ly)?|"
                     r"consistent(?:ly)?)\b", re.IGNORECASE)
_AMONG = re.compile(r"^\W*(?:were|was|are|is)\s+(.+?)\s+among\b", re.IGNORECASE)
_INCLUSION = re.compile(r"\b(?:including|such as|among them|among others|notably)\b", re.IGNORECASE)


def _included(question: str, body: list[Sentence]) -> Sentence | None:
    """"Were <names' kind> among …?": a good sentence listing them among that kind ("officials from dozens of
    countries, *including* Russia and the U.S.") says yes; one that does not list them says nothing."""
    m = _AMONG.match(question)
    if m is None:
        return None
    names = [re.sub(r"['’]s$", "", n.replace(".", "")) for n in re.findall(r"\b[A-Z][\w.’']*", m.group(1))
             if n.casefold() != "the"]
    kind = set(content_stems(m.group(1))) - {stem(n) for n in names}
    for s in body:
        plain = s.text.replace(".", "")
        if names and all(re.search(rf"\b{re.escape(n)}\b", plain) for n in names) and _INCLUSION.search(s.text) \
                and kind <= s.stems and s.coverage >= 0.2:
            return s
    return None


# "… when he held the video call with Shoigu?": a clause saying when, which the story tells, not the sentence
_WHEN_CLAUSE = re.compile(r",?\s+\b(?:when|while|after|before|during|at the time)\b[^?]*\??\s*$", re.IGNORECASE)


def _timed(question: str, body: list[Sentence], ev: Evidence) -> tuple[Sentence, set[str]] | None:
    """"Was Dong Jun new in the job of defense chief when he held the call with Shoigu?": a good sentence
    saying all the main clause asks ("China's new defense chief …"), in a passage telling what the clause
    says (the call), with the main clause's words as what is asked."""
    m = _WHEN_CLAUSE.search(question)
    if m is None:
        return None
    main, clause = question[: m.start()], question[m.start():]
    names = {stem(w) for w in proper_nouns(question)}
    asked = set(content_stems(main, drop_question_words=True)) - names - NATIONS - _UNSAID
    when = set(content_stems(clause, drop_question_words=True)) - names - NATIONS
    if len(asked) < 2 or not when:
        return None
    for s in body:
        passage = set().union(*(x.stems for x in ev.by_hit.get(s.hit, [])))
        if _says(asked, s) and 2 * len(when & passage) >= len(when):
            return s, asked
    return None


def _told(asked: set[str], s: Sentence) -> int:
    """How many of the asked words the sentence says, in its words or their kin."""
    return sum(1 for t in asked if t in s.stems or event_kin(t) & s.stems)


def _says(asked: set[str], s: Sentence) -> bool:
    """All of what is asked, in its words or their kin ("trip" ~ "visit")."""
    return _told(asked, s) == len(asked)


def _asks_negated(question: str, plain: set[str]) -> bool:
    """Whether the question asks about a negation ("Did China refuse to condemn …?", "… confirm it will not
    supply …?"): a sentence saying the same negation then answers yes. A leading "Didn't …?" asks for
    agreement, not about a negation, and a trailing "… or not?" negates nothing asked."""
    words = question.split(maxsplit=1)
    rest = words[1] if len(words) > 1 and words[0].casefold().endswith(("n't", "n’t")) else question
    rest = _REFUSING.sub("rejected", rest)  # "Has Putin *turned down* the plan?" asks about a rejection
    return bool(plain) and _verdict(rest, plain) == "No"


# negations in the other languages people ask in; "是不是", "有没有" ask yes or no, and a leading "Не …ли"
# asks for agreement, as "Didn't …?" does
_FOREIGN_NEGATION = re.compile(r"\b(?:не|ні|нет|nicht|kein\w*|ne|pas|non|no|nunca|jamais|niemals)\b|[不没未]",
                               re.IGNORECASE)


# a rejection asked about in the other languages, and said in English
_FOREIGN_REJECTING = re.compile(r"\b(?:rechaz\w*|rejet\w*|rejeta\w*|refus\w*|ablehn\w*|abgelehnt|lehnte\w*|"
                                r"zurückgewiesen|zurückwies\w*|wies\w*\s+\S+\s+zurück|отклон\w*|отверг\w*|відхил\w*|"
                                r"відкин\w*|відкида\w*)|拒绝|否决|驳回", re.IGNORECASE)
# a denial asked about in the other languages ("a-t-il nié …", not German "nie": never)
_FOREIGN_DENYING = re.compile(r"\bni(?:é|ée|er|ait|aient|ent)\b|\bneg(?:ó|aba|ado|ar)\b|\bnieg\w*|"
                              r"\bbestr(?:itt|eitet|eiten)\w*|\bdementi\w*|\bleugn\w*|отрица\w*|опроверг\w*|"
                              r"запереч\w*|спростов\w*|спростува\w*|否认", re.IGNORECASE)
# … and an acceptance asked about, which a rejection said answers no
_FOREIGN_ACCEPTING = re.compile(r"\bakzeptier\w*|\bangenommen\b|\bnahm\w*\s+\S+\s+an\b|\baccept[ée]\w*|\bacept\w*|"
                                r"\bприня\w*|\bприйня\w*|\bсхвал\w*|\bодобр\w*|接受|认可", re.IGNORECASE)
_REJECTED = re.compile(r"\b(?:reject\w*|dismiss\w*|refus\w*|turn(?:s|ed)? down|rul(?:e|es|ed) out|rebuff\w*|"
                       r"spurn\w*)\b", re.IGNORECASE)


def foreign_negated(question: str) -> bool:
    """Whether a question in another language asks about a negation ("Чи підтвердив Пекін, що *не*
    постачатиме Росії зброю?")."""
    asked = re.sub(r"(\w)[不没]\1", "", question)  # A-not-A: 是不是
    asked = re.sub(r"^\W*[^\W\d_]+\s", "", asked)  # the first word of a spaced language
    return bool(_FOREIGN_NEGATION.search(asked))


def _flip(verdict: str) -> str:
    return "No" if verdict == "Yes" else "Yes"


def _verdict(text: str, plain: set[str], denial: bool = False, opposites: bool = True) -> str:
    """"No" when a negation stands before one of the asked words (or their kin) — within five words, or
    ten in its own clause ("does not envisage the expulsion of all Russian forces from Ukrainian
    *territory*") — or anywhere when the question has no such words. Where a `denial` is asked about ("Had
    Beijing denied the claim …?"), a verb of denial after what it denies says it too ("a claim Beijing had
    already rejected")."""
    tokens = re.findall(r"[\w’'-]+|[,;:()—–]", _SHORT_OF.sub("not", text))
    words = [t for t in tokens if t[0].isalnum() or t[0] == "_"]

    def asked(t: str) -> bool:
        return stem(t) in plain or bool(event_kin(stem(t)) & plain)

    at = 0
    for i, token in enumerate(tokens):
        if not (token[0].isalnum() or token[0] == "_"):
            continue
        at += 1
        negation = _NEGATION.fullmatch(token) or token.casefold().endswith(("n't", "n’t"))
        if not negation:
            continue
        before = words[max(0, at - 5):at - 1] if denial and _DENIAL.fullmatch(token) else []
        clause = list(itertools.takewhile(lambda t: t[0].isalnum() and t.casefold() not in _CLAUSE_BREAKS,
                                          tokens[i + 1:]))[:10]
        if not plain or any(asked(t) for t in words[at:at + 5] + clause + before):
            return "No"
    stems = {stem(w) for w in words} if opposites else set()  # (not across languages: what is asked is rough)
    for side, other in _OPPOSED:
        # the opposite of what is asked, and not what is asked: "Did the West accept the plan?" — "… was dismissed
        # by the West"; and a refusal asked about is a negation asked about, said in any of its words ("Did the
        # West reject …?" — "… dismissed …"), which the caller turns
        if (plain & side and not side & stems and other & stems) or (plain & _REJECTING and _REJECTING & stems):
            return "No"
    return "Yes"


# what is asked and its opposite: the report saying the one answers "no" to a question about the other
_REJECTING = frozenset({"reject", "dismiss", "refus", "rebuff", "spurn", "veto"})
_OPPOSED = [({"accept", "approv", "endors", "embrac", "welcom", "agre"}, _REJECTING),
            ({"support", "back", "endors", "board", "favor", "prais", "hail", "laud", "commend", "applaud", "welcom"},
             {"oppos"} | CENSURE | _REJECTING),  # "on board with", "praised" — "criticized"
            ({"win"}, {"lose"}), ({"confirm", "admit"}, {"deni"}),
            ({"good", "convert", "score", "succeed", "pass"}, {"miss", "fail"})]  # "Was the kick good?" — "… missed"


def opposite_told(question: str, sentences: list[Sentence]) -> bool:
    """A yes/no question whose verb the best sentences tell only as its opposite ("Did Zelensky *welcome* the
    plan?" — "Zelensky *criticized* the plan"): they speak to what is asked, and say no."""
    asked = set(content_stems(question))
    return any(asked & side and not s.stems & side and s.stems & other for s in sentences for side, other in _OPPOSED)


_CLAUSE_BREAKS = frozenset({"and", "but", "which", "while", "whereas", "although", "though", "because", "who"})


_STORY_FIRST = re.compile(r"^\W*(?:in|according to|per)\s+[^,?]{3,120}?\b(?:report|story|article|piece|explainer|"
                          r"blog|preview|review|coverage|interview|analysis|guide|tracker|roundup|column|feature|"
                          r"profile|post|recap|rundown)\b[^,?]*,\s*", re.IGNORECASE)
_QUOTE_HEADLINE = re.compile(r"^[‘'\"“][^’'\"”]{8,}[’'\"”]\s*[:—–]\s*\S")
# ("Is it *true* that …?" asks the whole clause, no one who did it)
_CLEFT = re.compile(r"^\W*(?:was|is|were|are)\s+it\s+(?!(?:really\s+)?(?:true|so|correct|right|accurate|the\s+case)\b)"
                    r"(.+?)\s+(?:that|who|which)\s+\w", re.IGNORECASE)
_DENIAL = re.compile(r"refus(?:e|es|ed)|declin(?:e|es|ed)|den(?:y|ies|ied)|reject(?:s|ed)?", re.IGNORECASE)
# "stopped short of criticizing Moscow", "refrained from …": what follows was not done
_SHORT_OF = re.compile(r"\b(?:stop(?:s|ped|ping)? short of|refrain(?:s|ed|ing)? from|sh(?:y|ies|ied) away from|"
                       r"unwilling to)\b", re.IGNORECASE)


_COUNT = re.compile(r"(?<![\w.:/$-])(\$?\d[\d,]*(?:\.\d+)?)\s*(million|billion|thousand|%|percent)?(?![\w.:/-]*\d)",
                    re.IGNORECASE)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def _amount(number: str, scale: str | None) -> tuple[float, bool, bool]:
    """A number's value, and whether it is money and a percentage."""
    value = float(number.lstrip("$").replace(",", "")) * _SCALE.get((scale or "").casefold(), 1.0)
    return value, number.startswith("$"), (scale or "").casefold() in ("%", "percent")


def _compared(question: str, sentences: list[Sentence]) -> tuple[str, Sentence] | None:
    """A count the question compares with, against the one count of that kind in a sentence naming whom the
    question names (not a year): "Did Kirk Cousins throw at least 20 passes?" — "… who only threw 19 times": No."""
    m = COMPARISON.search(question)
    names = [g for g in name_groups(question) if not g <= NATIONS]
    if m is None or not names:
        return None
    asked, money, percent = _amount(m.group(2), m.group(3))
    for s in sentences:
        if not any(mentions(s.stems | s.context, g) for g in names):
            continue
        counts = [v for c in _COUNT.finditer(s.text) for v, cash, share in [_amount(c.group(1), c.group(2))]
                  if (cash, share) == (money, percent) and not (1900 <= v <= 2100 and not c.group(2))]
        if len(counts) != 1:
            continue
        value, op = counts[0], m.group(1).casefold()
        if op.startswith(("at least", "no fewer", "no less")):
            yes = value >= asked
        elif op.startswith(("more", "over", "above", "greater", "exceed")):
            yes = value > asked
        elif op.startswith(("at most", "no more")):
            yes = value <= asked
        else:
            yes = value < asked
        return ("Yes" if yes else "No"), s
    return None
