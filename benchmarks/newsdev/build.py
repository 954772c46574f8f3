"""newsdev's corpus: filler articles written from frames, the evidence placed inside home articles,
the distractors, the question file, and the check of the written corpus (see the package docstring).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
import statistics
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from benchmarks.newsdev import DEFAULT_DOCS, SEED
from benchmarks.newsdev.material import (
    FALLBACK,
    MONTHS,
    ORDINALS,
    WEEKDAYS,
    EvidenceGuard,
    Home,
    extract_slots,
    load_material,
    neighbours,
)
from benchmarks.newsdev.templates import (
    GENERAL,
    HEADLINES,
    LEDES,
    QUOTES,
    ROLES,
    TOPIC_FRAMES,
    TOPIC_HEADLINES,
)

_ALT = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


class Writer:
    """Fills frames with one document's topic pool."""

    def __init__(self, homes: dict[str, Home], pool: list[tuple[str, float]], category: str,
                 by_category: dict[str, Home], rng: random.Random, guard: EvidenceGuard):
        self.homes, self.pool, self.category, self.rng, self.guard = homes, pool, category, rng, guard
        self.fallback = by_category.get(category)
        self.frames = TOPIC_FRAMES.get(category, [])
        self.used: set[str] = set()

    def _value(self, slot: str) -> str:
        rng = self.rng
        if slot in ("P", "O", "G", "T", "N", "n"):
            key = "N" if slot == "n" else slot
            have = [(a, w) for a, w in self.pool if self.homes[a].slots.get(key)]
            if not have and key == "T":
                return self._value("N")
            if have:
                aid = rng.choices([a for a, _ in have], weights=[w for _, w in have])[0]
                home = self.homes[aid]
            elif self.fallback is not None and self.fallback.slots.get(key):
                home = self.fallback
            else:
                return rng.choice(FALLBACK.get(key, ["the plan"]))
            value = rng.choice(home.slots[key])
            if slot == "N" and value not in home.proper:
                value = "the " + value
            return value
        if slot == "E":
            return self._value(rng.choice("POGT"))
        if slot == "D":
            return rng.choice(WEEKDAYS)
        if slot == "M":
            return rng.choice(MONTHS)
        if slot == "num":
            return str(rng.randint(2, 12))
        if slot == "num2":  # more than {num}: "won 3 of their last 8", "7-4 on the season"
            return str(rng.randint(3, 16))
        if slot == "years":
            return str(rng.choice([2, 3, 4, 5, 6, 7]))
        if slot == "big":
            return f"{rng.choice([120, 250, 400, 600, 850, 1200, 2500, 4000, 7500, 15000]):,}"
        if slot == "pct":
            return f"{rng.randint(1, 40)}.{rng.randint(0, 9)}%" if rng.random() < 0.7 else f"{rng.randint(2, 60)}%"
        if slot == "money":
            if rng.random() < 0.4:
                return f"${rng.randint(1, 90)}.{rng.randint(0, 9)} billion"
            return rng.choice([f"${rng.randint(2, 900)} million", f"${rng.randint(19, 1499)}",
                               f"£{rng.randint(5, 400)}"])
        if slot == "score":
            if rng.random() < 0.5:
                return f"{rng.randint(0, 5)}-{rng.randint(0, 4)}"
            return f"{rng.randint(10, 45)}-{rng.randint(3, 30)}"
        if slot == "ord":
            return rng.choice(ORDINALS)
        if slot == "yr":
            return rng.choice(["2024", "2025"])
        if slot == "yr_past":
            return str(rng.randint(2012, 2022))
        if slot == "time":
            return f"{rng.randint(1, 11)}:{rng.choice(['00', '15', '30', '45'])} {rng.choice(['a.m.', 'p.m.'])}"
        if slot == "role":
            return rng.choice(ROLES)
        if slot == "q":
            return rng.choice(QUOTES)
        if slot == "Q":
            return "“" + rng.choice(QUOTES) + ",”"
        raise KeyError(slot)

    def fill(self, frame: str) -> str:
        text = frame
        while (m := _ALT.search(text)) is not None:
            text = text[:m.start()] + self.rng.choice(m[1].split("|")) + text[m.end():]
        memo: dict[str, str] = {}

        def one(m: re.Match) -> str:
            name = m[1]
            if name == "num2" and "num" in memo:
                memo[name] = str(int(memo["num"]) + self.rng.randint(1, 6))
            if name not in memo:
                base = name.rstrip("2") if name != "num2" else name
                value = self._value(base)
                for _ in range(6):  # {P2} differs from {P}, {N2} from {N}
                    if base == name or value != memo.get(base):
                        break
                    value = self._value(base)
                memo[name] = value
            return memo[name]

        text = _SLOT.sub(one, text)
        text = re.sub(r"\s+([,.;:?!])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
        text = re.sub(r"\bthe [Tt]he\b", "the", text)
        text = re.sub(r"([“‘]?)(\w)", lambda m: m[1] + m[2].upper(), text, count=1)
        return text

    def sentence(self, lede: bool = False) -> str:
        for _ in range(40):
            if lede:
                frame = self.rng.choice(LEDES)
            elif self.frames and self.rng.random() < 0.6:
                frame = self.rng.choice(self.frames)
            else:
                frame = self.rng.choice(GENERAL)
            s = self.fill(frame)
            if s not in self.used and not self.guard.copies(s):
                self.used.add(s)
                return s
        raise RuntimeError("could not write a sentence that passes the evidence guard")

    def headline(self) -> str:
        frames = HEADLINES + TOPIC_HEADLINES.get(self.category, []) * 2
        for _ in range(40):
            h = self.fill(self.rng.choice(frames))
            if len(h.split()) <= 16 and not self.guard.copies(h):
                return h
        raise RuntimeError("could not write a headline")


def target_words(rng: random.Random) -> int:
    """Article length: log-normal around ~520 words, 360–1,300."""
    return int(min(1300, max(360, rng.lognormvariate(math.log(520), 0.35))))


def write_body(writer: Writer, rng: random.Random, words: int, facts: list[str]) -> tuple[str, list[dict]]:
    """Paragraphs of 1–4 sentences; evidence sentences placed in the lead, middle or late paragraphs."""
    need = words - sum(len(f.split()) for f in facts)
    paras: list[list[str]] = [[writer.sentence(lede=True)]]
    if rng.random() < 0.6:
        paras[0].append(writer.sentence())
    count = sum(len(s.split()) for p in paras for s in p)
    while count < need:
        para = [writer.sentence() for _ in range(rng.choices([1, 2, 3, 4], weights=[3, 4, 3, 1])[0])]
        paras.append(para)
        count += sum(len(s.split()) for s in para)
    zones = []
    for fact in facts:
        zone = rng.choices(["lead", "middle", "late"], weights=[0.3, 0.4, 0.3])[0]
        n = len(paras)
        if zone == "lead":
            at = rng.randint(0, min(1, n - 1))
        elif zone == "middle":
            at = rng.randint(n // 3, max(n // 3, 2 * n // 3 - 1))
        else:
            at = rng.randint(2 * n // 3, n - 1)
        if rng.random() < 0.3:
            paras.insert(at + (zone != "lead" or at > 0), [fact])
        else:
            paras[at].insert(rng.randint(0, len(paras[at])), fact)
        zones.append(zone)
    text = "\n\n".join(" ".join(p) for p in paras)
    placed = []
    for fact, zone in zip(facts, zones, strict=True):
        at = text.index(fact)
        placed.append({"zone": zone, "paragraph": text[:at].count("\n\n"), "paragraphs": len(paras),
                       "word_frac": round(len(text[:at].split()) / max(1, len(text.split())), 3)})
    return text, placed


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60]


# --- build -------------------------------------------------------------------------------------------
def choose_questions(homes: dict[str, Home], questions: list[dict], n_docs: int,
                     rng: random.Random) -> tuple[list[dict], list[str]]:
    """All questions at full size; for a smaller corpus, the questions whose evidence fits a
    proportional share of home articles (and a proportional share of the null queries)."""
    if n_docs >= DEFAULT_DOCS:
        return questions, sorted(homes)
    budget = max(2, round(n_docs * len(homes) / DEFAULT_DOCS))
    order = list(range(len(questions)))
    rng.shuffle(order)
    chosen: set[int] = set()
    kept: set[str] = set()
    for i in order:
        ev = set(questions[i]["evidence_article_ids"])
        if ev and len(kept | ev) <= budget:
            kept |= ev
            chosen.add(i)
    with_ev = sum(1 for q in questions if q["evidence_article_ids"])
    nulls = [i for i in order if not questions[i]["evidence_article_ids"]]
    chosen.update(nulls[:round(len(nulls) * len(chosen) / with_ev)])
    return [questions[i] for i in sorted(chosen)], sorted(kept)


def build(out: Path, n_docs: int = DEFAULT_DOCS, seed: int = SEED) -> dict:
    t0 = time.perf_counter()
    rng = random.Random(seed)
    homes, questions = load_material()
    extract_slots(homes)
    pools = neighbours(homes, questions, rng)
    chosen_qs, home_ids = choose_questions(homes, questions, n_docs, rng)
    guard = EvidenceGuard([f for h in homes.values() for f in h.facts])

    by_category: dict[str, Home] = {}
    for h in homes.values():  # merged pools: the fallback when a document's own pool lacks a slot
        merged = by_category.setdefault(h.category, Home("", "", "", "", "", h.category, []))
        for k, vs in h.slots.items():
            merged.slots.setdefault(k, []).extend(v for v in vs if v not in merged.slots[k])
        merged.proper |= h.proper
    outlets: dict[str, Counter[str]] = defaultdict(Counter)
    for h in homes.values():
        outlets[h.category][h.source] += 1

    docs: list[dict] = []
    placements: dict[str, list[dict]] = {}
    for aid in home_ids:
        h = homes[aid]
        writer = Writer(homes, pools[aid], h.category, by_category, rng, guard)
        text, placed = write_body(writer, rng, target_words(rng), h.facts)
        placements[aid] = placed
        docs.append({"id": aid, "title": h.title, "source": h.source, "published": h.published, "url": h.url,
                     "text": text, "kind": "home", "topic": aid})

    n_distractors = max(0, n_docs - len(home_ids))
    anchors: list[str] = []
    while len(anchors) < n_distractors:
        batch = list(home_ids)
        rng.shuffle(batch)
        anchors.extend(batch)
    lo, hi = date(2023, 9, 1), date(2023, 12, 31)
    for i, aid in enumerate(anchors[:n_distractors]):
        h = homes[aid]
        writer = Writer(homes, pools[aid], h.category, by_category, rng, guard)
        title = writer.headline()
        text, _ = write_body(writer, rng, target_words(rng), [])
        if rng.random() < 0.55:
            source = h.source
        else:
            names, weights = zip(*sorted(outlets[h.category].items()), strict=True)
            source = rng.choices(names, weights=weights)[0]
        day = min(hi, max(lo, date.fromisoformat(h.published) + timedelta(days=rng.randint(-10, 10))))
        did = f"nd_{i:05d}"
        docs.append({"id": did, "title": title, "source": source, "published": day.isoformat(),
                     "url": f"https://newsdev.invalid/{slug(source)}/{day.isoformat()}/{slug(title)}-{did}",
                     "text": text, "kind": "distractor", "topic": aid})
    rng.shuffle(docs)

    out.mkdir(parents=True, exist_ok=True)
    corpus = out / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({k: d[k] for k in ("id", "title", "source", "published", "url", "text")},
                               ensure_ascii=False) + "\n")
    with (out / "questions.jsonl").open("w", encoding="utf-8") as f:
        for q in chosen_qs:
            ans = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
            f.write(json.dumps({"id": q["id"], "question": q["question"], "answer": ans,
                                "evidence_article_ids": q["evidence_article_ids"],
                                "question_type": q["question_type"], "abstain_expected": q["abstain_expected"]},
                               ensure_ascii=False) + "\n")
    check = verify(docs, homes)
    words = sorted(len(d["text"].split()) for d in docs)
    manifest = {
        "seed": seed, "documents": len(docs), "home_articles": len(home_ids), "distractors": n_distractors,
        "questions": len(chosen_qs), "questions_with_evidence": sum(1 for q in chosen_qs if q["evidence_article_ids"]),
        "question_types": dict(Counter(q["question_type"] for q in chosen_qs)),
        "words_per_doc": {"min": words[0], "p05": words[len(words) // 20], "median": words[len(words) // 2],
                          "mean": round(statistics.fmean(words), 1), "max": words[-1]},
        "share_at_least_350_words": round(sum(w >= 350 for w in words) / len(words), 4),
        "corpus_sha256": hashlib.sha256(corpus.read_bytes()).hexdigest(),
        "corpus_mb": round(corpus.stat().st_size / 1e6, 2),
        "verification": check,
        "evidence_zones": dict(Counter(p["zone"] for ps in placements.values() for p in ps)),
        "placements": placements,
        "topics": {d["id"]: d["topic"] for d in docs if d["kind"] == "distractor"},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def verify(docs: list[dict], homes: dict[str, Home]) -> dict:
    """Every evidence sentence is in its home article verbatim and nowhere else, and no other text
    copies or nearly copies one (see EvidenceGuard)."""
    from retrieval.text.sentences import split_sentences  # the engine's own splitter, to check as it will read

    facts = {f: aid for aid, h in homes.items() for f in h.facts}
    owner = list(facts.values())
    guard = EvidenceGuard(list(facts))
    present = {d["id"] for d in docs}
    missing, elsewhere, near, titles = [], [], [], []
    for d in docs:
        own = set(homes[d["id"]].facts) if d["id"] in homes else set()
        for f, aid in facts.items():
            if f in d["text"]:
                if aid != d["id"]:
                    elsewhere.append((f[:60], d["id"]))
            elif aid == d["id"]:
                missing.append((f[:60], d["id"]))
        rest = d["text"]
        for f in own:
            rest = rest.replace(f, " ")
        texts = split_sentences(rest) if d["id"] in homes else [d["title"], *split_sentences(rest)]
        for s in texts:
            hit = {owner[i] for i in guard.matches(s)} - {d["id"]}
            if hit:
                near.append((s[:80], d["id"], sorted(hit)))
        if d["id"] in homes and {owner[i] for i in guard.matches(d["title"])} - {d["id"]}:
            titles.append(d["id"])  # a real MultiHop-RAG headline that shares words with another's evidence
    return {"facts": len(facts), "homes_in_corpus": len(present & set(homes)), "missing_in_home": missing,
            "verbatim_elsewhere": elsewhere, "near_copies": near, "real_home_titles_echoing_other_evidence": titles,
            "ok": not (missing or elsewhere or near)}
