"""Photo credits: "Who took the photo of Dong Jun at the Shangri-La Dialogue?", "Through which agency was
the picture distributed?" — answered from the credit a page prints with its caption ("… on June 2, 2024.
(Ore Huiying/Bloomberg via Getty Images)") or on a line of its own ("Picture: 文 邵 from Pixabay"), which
the cleaner keeps in the article's caption passage.

    >>> c = credits_in("Dong Jun gives an address in Singapore. (Ore Huiying/Bloomberg via Getty Images)")[0]
    >>> c.person, c.outlet, c.agency
    ('Ore Huiying', 'Bloomberg', 'Getty Images')
    >>> asks_credit("Who is credited with the photo of Dong Jun?"), asks_credit("Who met Dong Jun?")
    (True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Hit
from ..text.words import content_stems, event_kin

if TYPE_CHECKING:
    from .candidates import Sentence
    from .evidence import Evidence
    from .plan import Plan

_PHOTO = re.compile(r"\b(?:photo(?:graph)?s?|pictures?|images?|pics?|photographers?|snapshots?)\b", re.IGNORECASE)
_CREDIT_ASKED = re.compile(r"\b(?:credit(?:ed|s)?|took|taken|takes?|shot|photographers?|agency|site|service|library|"
                           r"distributed|supplied|provided|sourced|from where|whose)\b", re.IGNORECASE)
# … in the other languages people ask in: a photo and who took it or is credited with it ("Хто автор фото …?",
# "Qui a pris la photo …?", "Wer hat das Foto … gemacht?", "照片是谁拍的?") — not who is in it ("Хто на фото?")
_PHOTO_FOREIGN = re.compile(r"\b(?:фото\w*|світлин\w*|знімо?к\w*|снимо?к\w*|fotos?|bild(?:er)?(?!-)|aufnahme\w*|"
                            r"photos?|photographie\w*|imagen\w*|fotograf[íi]a\w*)\b|照片|图片|相片|摄影", re.IGNORECASE)
# (the photographer's noun in its own forms only: "фотографії" is the photo, "фотограф" the one who took it)
_CREDIT_FOREIGN = re.compile(r"\b(?:автор\w*|зроби\w*|сделал\w*|снял\w*|зняв\w*|зняла|фотограф(?:а|у|ом)?|gemacht|"
                             r"aufgenommen|geschossen|fotografiert|fotograf(?:en|in)?|pris|prise|photographe\w*|"
                             r"cr[ée]dit\w*|tom[óo]|tomad[ao]|hizo|fot[óo]grafo\w*|autor\w*)\b|拍|摄|作者",
                             re.IGNORECASE)
# … asked as "who" (not "Wann wurde das Foto gemacht?", "照片是哪天拍的?"; French "qui" first or after "c'est",
# "par", "de" — not the relative "la photo *qui* montre …"), or as its author
_WHO_FOREIGN = re.compile(r"\b(?:хто|кто|wer|wem|qui[ée]n|автор\w*|autor\w*|auteur\w*|cr[ée]dit\w*)\b|"
                          r"(?:^\W*|\b(?:c['’]est|par|de)\s+)qui\b|谁|作者", re.IGNORECASE)
_IN_BRACKETS = re.compile(r"\((?P<body>[^()]*(?:/|\bvia\b)[^()]*)\)")
_ON_A_LINE = re.compile(r"^(?:photo|picture|image|photograph|credit)s?\s*(?:by\b|:)\s*(?P<body>.+)$",
                        re.IGNORECASE | re.MULTILINE)
_ASKS_AGENCY = re.compile(r"\b(?:agency|site|service|library|distributed|supplied|sourced|stock|from where)\b",
                          re.IGNORECASE)
_ASKS_OUTLET = re.compile(r"\b(?:outlet|newspaper|organi[sz]ation|publication|for which|for whom)\b", re.IGNORECASE)
MIN_COVER = 0.6  # the caption (or, for a credit alone, its story) must say this much of what the question says
MIN_COVER_ACROSS = 0.4  # … of the English words a question in another language means (looked up, some stray),
# two of them at least
_ASIDE = {"credit", "photo", "photograph", "pictur", "imag", "took", "taken", "take", "shot", "articl", "stori",
          "report", "agenc", "site", "servic", "distribut", "suppli", "provid", "whose", "show"}  # a photo's words


@dataclass
class Credit:
    person: str  # who took it, when named
    outlet: str  # for whom ("Bloomberg")
    agency: str  # through whom ("Getty Images", "Pixabay")
    caption: str  # what it shows ("" for a credit on a line of its own: the story's picture)
    start: int  # where the credit stands in the passage
    end: int


def asks_credit(question: str, language: str = "en") -> bool:
    """"Who is credited with the photo of …?", "Which image site is the picture … taken from?", "Qui a pris
    la photo de … ?"."""
    if language != "en":
        return bool(_PHOTO_FOREIGN.search(question) and _CREDIT_FOREIGN.search(question) and
                    _WHO_FOREIGN.search(question))
    return bool(_PHOTO.search(question)) and bool(_CREDIT_ASKED.search(question))


def credits_in(text: str) -> list[Credit]:
    """The credits a passage prints, each with the caption sentence right before it."""
    out = []
    for m in [*_IN_BRACKETS.finditer(text), *_ON_A_LINE.finditer(text)]:
        body, agency = m.group("body").strip(), ""
        if sep := re.search(r"\s+(?:via|from)\s+", body):
            body, agency = body[: sep.start()], body[sep.end():]
        body = re.sub(r"^(?:photo|picture|image)s?\s+by\s+", "", body, flags=re.IGNORECASE)  # "(Photo by …)"
        person, _, outlet = body.partition("/")
        if re.search(r"\bphotos?$", person, re.IGNORECASE):  # "(AP Photo/Evan Vucci)": the outlet first
            person, outlet = outlet, re.sub(r"\s*\bphotos?$", "", person, flags=re.IGNORECASE)
        before = text[: m.start()].rstrip()
        caption = re.split(r"(?<=[.!?])\s+(?=[A-Z(])|\n", before)[-1] if before and m.re is _IN_BRACKETS else ""
        out.append(Credit(person.strip(), outlet.strip(), agency.strip(), caption.strip(), m.start(), m.end()))
    return out


def credited(question: str, kind: str, hits: list[Hit],
             meant: set[str] | None = None) -> tuple[str, int, Credit] | None:
    """The credit a question asks for — the photographer for "who", the agency or site for "which agency",
    the outlet for "for which outlet" — from the caption that shows what it asks about (or the story of a
    credit alone); None when no credit fits well enough. `meant`: the English stems a question in another
    language means."""
    across = meant is not None
    asked = (meant if across else set(content_stems(question, drop_question_words=True))) - _ASIDE
    if not asked:
        return None
    story: dict[str, set[str]] = {}
    for h in hits:
        story.setdefault(h.article_id, set()).update(content_stems(f"{h.title} {h.text}"))
    best: tuple[float, int, Credit] | None = None
    for i, h in enumerate(hits):
        for c in credits_in(h.text):
            if across and not c.caption:
                continue  # (a story's own picture is judged by all the story says: too loosely by looked-up words)
            said = set(content_stems(c.caption)) if c.caption else set(story[h.article_id])
            # "… did Ore Huiying take": the credit's own names (not across languages: the words looked up stray to
            # them, "maire" → "Mari Lepp")
            if not across:
                said |= set(content_stems(h.text[c.start:c.end]))
            told = sum(1 for t in asked if t in said or event_kin(t) & said)  # "speaking": "address"
            cover = told / len(asked)
            fits = cover >= MIN_COVER_ACROSS and told >= 2 if across else cover >= MIN_COVER
            if fits and (best is None or cover > best[0]):
                best = (cover, i, c)
    if best is None:
        return None
    _, i, c = best
    if across:
        lead = c.person or c.agency or c.outlet  # (who took it is what other languages ask)
    elif _ASKS_OUTLET.search(question) and c.outlet:
        lead = c.outlet
    elif _ASKS_AGENCY.search(question) or kind in ("organization", "place"):
        lead = c.agency or c.outlet
    else:
        lead = c.person or c.agency or c.outlet
    return (lead, i, c) if lead else None


def credit_quoted(question: str, plan: Plan, ev: Evidence, hits: list[Hit]) -> tuple[str, list[Sentence]] | None:
    """"Who is credited with the photo of …?": the credit printed with the caption that shows it, and that
    caption's sentences to quote with it."""
    found = credited(question, plan.answer_type, hits, ev.translated if plan.language != "en" else None)
    if found is None:
        return None
    lead, i, c = found
    caption_at = c.start - len(c.caption) - 1 if c.caption else c.start
    quoted = [s for s in ev.by_hit.get(i, []) if s.start < c.end and s.start + len(s.text) > caption_at]
    return (lead, quoted) if quoted else None
