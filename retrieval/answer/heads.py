"""What a which/what phrase asks for, by its head noun: "which *agency*" an organisation, "which
*quarterback*" a person. Shared by the planner (the answer type) and the short answer (a name in
apposition to such a noun is of its kind: "Brazilian *outlet* Metropoles"); and what a count asks for: the
kind "both …" counts, an exact figure rather than "dozens"."""

from __future__ import annotations

import re

from ..text.words import NATIONS, stem

# Snowball stems
KIND_HEADS: dict[str, set[str]] = {
    "person": set("offici minist spokesperson spokesman spokeswoman leader presid person diplomat envoy politician "
                  "general chief head ambassador secretari chancellor premier king queen journalist analyst expert "
                  "author candid winner ceo founder man woman counterpart lawmak senat governor mayor".split()),
    "organization": set("agenc outlet newspap broadcast channel organ compani ministri institut bank group parti "
                        "allianc tank media public network bodi council firm univers court app platform brand team "
                        "club union bloc publish tracker studio retail provid regul airlin label insur carrier startup "
                        "exchang manufactur organiz websit magazin tabloid chariti nonprofit giant servic "
                        "blog".split()),
    "place": set("citi countri place region locat venu capit town provinc territori forum confer summit state "
                 "island port border area site airport base nation event session meet dialogu venu stadium arena "
                 "park street squar museum hotel prison hospit church cathedr palac circuit villag district "
                 "neighborhood neighbourhood counti resort contin".split()),
    "date": set("date day year month week".split()),
    "number": set("percent number amount share sum figur total proport anniversari price cost valu worth "
                  # sums and measures a report states ("What was the company's net *income*?")
                  "incom revenu profit earn sale salari budget debt valuat wage fee deficit turnov attend popul "
                  "capac distanc length height weight".split()),
}
# People news names by what they do — sport, culture, business, courts, family ("which *quarterback* …")
KIND_HEADS["person"] |= {stem(w) for w in (
    "co-founder cofounder coordinator coach manager player quarterback pitcher striker defender goalkeeper captain "
    "athlete driver boxer golfer actor actress singer rapper artist musician producer writer novelist comedian host "
    "presenter investor billionaire entrepreneur executive chairman chairwoman owner attorney lawyer judge "
    "prosecutor witness suspect victim doctor scientist researcher professor student soldier commander pilot "
    "astronaut influencer critic editor reporter correspondent columnist wife husband son daughter mother father "
    "brother sister boyfriend girlfriend rookie receiver back linebacker cornerback fullback halfback midfielder "
    "winger forward batter bowler batsman shortstop catcher outfielder infielder fielder keeper wicketkeeper opener "
    "spinner jockey swimmer runner cyclist skater gymnast wrestler fighter star superstar celebrity idol").split()}


def head_kind(word: str) -> str:
    """The kind of answer a head noun asks for: from the lists above, or a person by the endings of the
    names of callings ("which *dietitian*", "which *strategist*" — not "which *playlist*"); "" when unknown."""
    w = stem(word)
    kind = next((k for k, heads in KIND_HEADS.items() if w in heads), "")
    plain = word.casefold()
    if not kind and word[:1].islower() and len(plain) >= 7 and re.search(r"(?:ist|ian)s?$", plain) \
            and not re.search(r"lists?$", plain) and w not in NATIONS:  # (not "which *ukrainian* unit", typed small)
        return "person"
    return kind


# "*Exactly* how many …?": "dozens" is no figure
EXACTLY = re.compile(r"\b(?:exact(?:ly)?|precise(?:ly)?)\b", re.IGNORECASE)
VAGUE = re.compile(r"(?:(?:a )?(?:few|couple)|dozens|scores|hundreds|thousands|millions|billions|several|many|"
                   r"numerous|some|countless)(?: of)?")
_POLITIES = frozenset({"countries", "nations", "states"})


def counts_kind(both: str, question: str) -> bool:
    """"both sides" counts the sides a question asks about, "both nations" its countries — not its "nationals"."""
    kind = both.split()[-1]
    asked = set(re.findall(r"[a-z]+", question.casefold()))
    return kind in asked or kind.rstrip("s") in asked or (kind in _POLITIES and bool(_POLITIES & asked))
