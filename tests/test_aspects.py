"""A long question's clauses, and the outlets it names, decide which articles come first (answer/aspects.py, plan)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from retrieval import Engine, load_settings
from retrieval.answer.aspects import aspects, cover
from retrieval.answer.plan import named_outlets
from retrieval.answer.timescope import days_named
from retrieval.models import Hit, SourceRef

from .corpus import write_corpus

LONG = ("Which company, reported by TechCrunch, has been involved in antitrust cases for its practices in becoming "
        "the default search engine, influencing app distribution and payment processing markets, showcasing new "
        "hardware developments, and impacting news publishers' content and revenue?")


def test_a_long_question_splits_into_clauses_that_carry_enough_words():
    got = aspects(LONG)
    # "Which company, reported by TechCrunch" is too short to stand alone: it joins the first clause
    assert got[0].startswith("Which company, reported by TechCrunch, has been involved in antitrust cases")
    assert got[1:] == ("influencing app distribution and payment processing markets",
                       "showcasing new hardware developments",
                       "impacting news publishers' content and revenue?")


def test_short_questions_and_unsplittable_ones_have_no_aspects():
    assert aspects("Which social media app did the states bar public employees from using?") == ()
    assert aspects("What did the Chinese foreign minister say about the peace plan, and when?") == ()
    # long, but one clause: nothing to cover separately
    assert aspects("Which outlet reported that the ministry of defence of the republic announced new exercises "
                   "near the northern border of the country during the first week of the spring season?") == ()


def _hit(article: str, text: str, title: str = "") -> Hit:
    return Hit(chunk_id=f"{article}-0", article_id=article, text=text, ref=SourceRef(title=title or article))


def test_cover_raises_the_article_of_an_uncovered_clause_above_repeats_of_a_covered_one():
    clauses = ("paid billions to remain the default search engine on phones",
               "unveiled new folding hardware at its annual event")
    hits = [
        _hit("a", "The company paid billions so it would remain the default search engine on phones."),
        _hit("b", "Testimony showed billions paid to remain the default search engine on phones and browsers."),
        _hit("c", "Deals kept it the default search engine on phones, the court heard."),
        _hit("d", "At its annual event the company unveiled new folding hardware."),
        *(_hit(f"x{i}", f"Analysts discussed the weather on day {i}.") for i in range(16)),
    ]
    ids = [h.article_id for h in hits]
    assert cover(hits, clauses, 0.0) == ids
    order = cover(hits, clauses, 0.5)
    assert order[0] == "a"  # the best article overall stays first
    assert order.index("d") == 1 and sorted(order) == sorted(ids)
    assert cover(hits, (), 0.5) == ids


def _library(folder: Path) -> Path:
    """Five stories on one company's search deals, one on its hardware event and fourteen on other news."""
    folder.mkdir(parents=True)
    deals = [
        "Northwind paid $26 billion in 2021 to be the default search engine on phones and browsers, a court heard.",
        "The default search engine deals of Northwind with phone makers cost billions, the trial was told.",
        "Witnesses said Northwind's billions kept it the default search engine on almost every phone.",
        "Lawyers argued Northwind paid phone makers billions to stay the default search engine.",
        "Northwind defended the billions it paid to remain the default search engine in browsers.",
    ]
    stories = [(f"Northwind search trial, day {i + 1}", text) for i, text in enumerate(deals)]
    stories.append(("Gadget week", "At its annual event, Northwind showcased new hardware developments: a folding "
                    "tablet and earbuds."))
    stories += [(f"Council notes {i}", f"The city council approved budget line {i} for parks and libraries.")
                for i in range(14)]
    for i, (title, text) in enumerate(stories):
        (folder / f"s{i}.txt").write_text(f"Title: {title}\nSource: Tech Daily\nDate: 2023-10-{1 + i:02d}\n\n{text}\n")
    return folder


def test_the_engine_ranks_each_clause_s_article_near_the_top(tmp_path, embedder, monkeypatch):
    """Through Engine.retrieve, the path answers and evaluation share; off, the hardware story sinks."""
    monkeypatch.chdir(tmp_path)
    corpus = _library(tmp_path / "lib")
    question = ("Which company, reported by Tech Daily, paid phone makers and browsers billions of dollars to stay "
                "the default search engine, as witnesses told the trial, and showcased new hardware developments?")

    def ranked(weight: float) -> list[str]:
        engine = Engine(load_settings(citebot_data_dir=tmp_path / "data", search_aspect_weight=weight),
                        embedder=embedder)
        if not engine.stats().articles:
            engine.ingest([corpus])
        plan = engine.plan(question)
        assert plan.aspects[-1] == "showcased new hardware developments?"
        return [h.title for h in engine.retrieve(plan, k=4, max_per_article=1)]

    assert "Gadget week" not in ranked(0.0)  # five stories on the deals fill the first four places
    assert "Gadget week" in ranked(0.5)[:3]


def test_outlets_are_named_as_names_not_as_words():
    outlets = ["The Age", "Wired", "Cnbc | World Business News Leader", "Fortune"]
    assert named_outlets("What did The Age report about the Fed, and what did Wired say?", outlets) == \
        ("The Age", "Wired")
    assert named_outlets("Does the article from Cnbc | World Business News Leader say so?", outlets) == \
        ("Cnbc | World Business News Leader",)
    assert named_outlets("At what age did she sell wired headphones and make a fortune?", outlets) == ()


def test_a_named_outlet_s_articles_come_before_other_outlets(engine, tmp_path):
    """The outlet the question names fills the first places (after the best article overall, when it is theirs)."""
    write_corpus(tmp_path / "c", 15)
    engine.ingest([tmp_path / "c"])
    plan = engine.plan("What did Outlet 1 report about the correspondent's talks in the city?")
    assert plan.outlets == ("Outlet 1",)
    sources = [h.source for h in engine.retrieve(plan, k=10, max_per_article=1)]
    rest = 5 - (sources[0] == "Outlet 1")  # the first may be one of its own five articles
    assert sources[1:1 + rest] == ["Outlet 1"] * rest  # then all of its articles, then the other outlets
    assert set(sources[1 + rest:]) == {"Outlet 0", "Outlet 2"}


def test_days_named_with_on_are_single_days_only():
    assert days_named("What did Outlet 1 report on May 5, 2023, and on 2023-05-07?") == \
        (date(2023, 5, 5), date(2023, 5, 7))
    assert days_named("What happened on Monday, and what did they say in May 2023?") == ()


def test_an_article_published_on_the_day_named_comes_right_after_the_first(engine, tmp_path):
    write_corpus(tmp_path / "c", 15)
    engine.ingest([tmp_path / "c"])
    plan = engine.plan("What did Outlet 1 report about the correspondent's talks in the city on May 5, 2023?")
    assert plan.days == (date(2023, 5, 5),)

    def ranked(p) -> list[str]:
        return [h.article_id for h in engine.retrieve(p, k=10, max_per_article=1)]

    assert ranked(replace(plan, days=())).index("gen_0004") >= 3  # its outlet's last article, undated
    assert ranked(plan).index("gen_0004") <= 1
    # a day on which only another outlet published lifts nothing of that outlet
    other = engine.plan("What did Outlet 1 report about the correspondent's talks in the city on March 3, 2023?")
    assert other.days == (date(2023, 3, 3),) and "gen_0002" not in ranked(other)[:5]
