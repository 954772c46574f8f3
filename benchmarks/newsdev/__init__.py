"""newsdev: a harder, news-like development set for retrieval, and a side-by-side benchmark.

Why: MultiHop-RAG's public sample (/work/shared/eval/multihop_rag/) holds only stub articles — each
body is just the evidence sentences — so any retriever finds them. newsdev puts those evidence
sentences back into article-length documents among many same-story distractors, so that retrieval has
to find one or two sentences inside ~575 words of topical text, as it does on real news.

Data and licence: built only from MultiHop-RAG (Yixuan Tang and Yi Yang, "MultiHop-RAG: Benchmarking
Retrieval-Augmented Generation for Multi-Hop Queries", COLM 2024, arXiv:2401.15391,
https://github.com/yixuantt/MultiHop-RAG), licensed ODC-BY 1.0 (https://opendatacommons.org/licenses/by/1-0/);
the 500-question sample with gold evidence comes from github.com/zc277584121/search-datasets (see
shared/eval/multihop_rag/LICENSE.md). The generated corpus is a derivative: credit MultiHop-RAG
wherever it or figures from it are used. Nothing is downloaded; spaCy's en_core_web_sm ships in a package.

Construction (`build`, fixed seed 20231, deterministic; ~70 s for 3,000 documents;
the same seed writes the same corpus.jsonl byte for byte as the earlier single-file newsdev.py):
1. Home articles (326): every MultiHop-RAG article that is evidence for at least one of the 500
   questions keeps its real id, title, outlet, date and URL. Its body is its verbatim evidence
   sentences (438 in all, 1–6 an article) placed among synthetic filler: each one independently goes
   to the lead (first two paragraphs, 30 %), the middle third (40 %) or the last third (30 %), as its
   own paragraph (30 %) or at a random place inside a filler paragraph. manifest.json records where.
2. Distractors (the rest, 2,674 by default): each is anchored on one home article (round robin over a
   shuffled list, ~8 per article), with the anchor's category, the anchor's outlet (55 %) or another
   outlet of that category (by frequency), a date within ±10 days of the anchor's (Sep–Dec 2023), a
   headline built from short headline frames ("{O} shares slide after {n}", "{O} vs {O2}: five things
   we learned"), and a URL on newsdev.invalid.
3. Filler: hand-written wire-copy frames (general ones plus sports, technology, business,
   entertainment and health/science ones, in templates.py) whose slots are filled from the document's
   topic pool: the names (spaCy NER: people, organisations, places, products/works/events) and noun
   phrases (≤ 5 words) of the evidence sentences and headlines of the anchor article (weight 4), of
   the articles it shares questions with (2), and of the 4 same-category articles sharing most names
   with it (1); numbers, days, months and bland quotes come from small generators. Paragraphs of 1–4
   sentences, log-normal lengths (360–1,350 words, median ~535). So distractors share the story's
   names and topic words with the questions, as articles on the same story do.
4. Why article-level evidence stays unambiguous: `EvidenceGuard` rejects every generated sentence and
   headline that shares a run of 6 words with ANY evidence sentence, or holds ≥ 3 and ≥ 40 % of the
   content words of one; slot values are at most 5 words, so fragments cannot rebuild a fact. After
   building, `verify` checks the written corpus: each evidence sentence occurs verbatim in its home
   article and in no other document, and no sentence of any document (split with citebot's own
   sentence splitter), nor any distractor headline, trips the guard against another article's
   evidence. The result is in manifest.json ("verification"; "ok": true for the default build). (7
   real MultiHop-RAG headlines share words with another article's evidence — e.g. two Diablo 4 build
   guides; they are the dataset's own and are listed, not counted as failures.)
5. Questions: the 500 MultiHop-RAG questions with their text unchanged (all four types; the 71 null
   queries have no evidence and abstain_expected true), answer as a one-element list, evidence ids
   unchanged. `--docs N` below 3,000 keeps a proportional number of home articles (N × 326 / 3,000),
   the questions whose evidence all fits, and a proportional share of null queries.

Known biases — read figures from this set with these in mind:
- The filler is synthetic: grammatical-ish and news-shaped, but its claims are random and often
  absurd ("X signed a 4-year extension worth $2.6 billion"; spaCy mislabels make "Fantasy Football
  said" happen). Statements about real people and companies in it are FALSE: this corpus is for
  measuring retrieval only, never for answering or showing to anyone.
- The only natural prose in the corpus is the evidence sentences (and real headlines): a system that
  could tell written-by-a-person from templated text would find homes easily. MiniLM may respond to
  this in either direction.
- Each frame is reused hundreds of times, so frame words are near-stop words for BM25, more so than
  real boilerplate; topic signal is carried by names and noun phrases. Real same-story articles also
  restate the same facts in other words; distractors here never do (the guard forbids it), which
  favours exact-fact matching over what real news allows — but also means no distractor is ever a
  legitimate answer source.
- Home articles are 11 % of documents and each hides 1–6 real sentences in ~575 words of filler;
  evidence position is uniform within its zone, unlike real articles that put key facts early.
- Outlet and date: questions often name both. Whole-article BM25 indexes title + text only; citebot
  indexes title + text and, in its article-level BM25F, the outlet's name (SEARCH_SOURCE_BOOST), and
  `citebot eval` also reads named outlets and dates from the question (plan.outlets, plan.prefer); the
  LangChain baseline indexes the .txt header lines too (Title/Source/Date/URL), as bench_engine feeds
  it, so it can match "TechCrunch" or "2023-11-24" — against distractors that share the outlet 55 % of
  the time and dates within ten days.
- Distractor URLs are on newsdev.invalid, so a system that indexed URLs could separate them.
- 500 questions over 326 real articles: per-type figures rest on 114–161 questions each.

Benchmark (`run`): ingests the corpus once per system into a store cached under
benchmarks/.cache/stores/ (keyed by the corpus file's hash, the chunking settings and MULTILINGUAL_INDEX;
`--rebuild` ignores it), then asks every question with evidence and scores distinct articles: Hits@4,
Hits@10, MRR@10, recall of ALL evidence articles @4/@10, and search latency p50/p95. Systems:
- bm25-article: whole-article BM25, bm25s defaults (title + text as one document, English stop words,
  no stemming) — the baseline quoted in the issue.
- langchain: the LangChain-tutorial baseline of bench_engine.worker_baseline (RecursiveCharacterTextSplitter
  1000/200, Chroma, MiniLM), queried with similarity_search deep enough to rank 10 distinct articles.
- citebot: Engine(load_settings(citebot_data_dir=STORE)).ingest([corpus.jsonl]) and, per question,
  `systems.citebot_ranked` — engine.searcher.search(question, k=10, max_per_article=1) on the raw
  question (the one adapter to change when the engine's API moves).
- citebot-eval: the same store through retrieval.Evaluator(engine).run(load_questions(...)) — what
  `citebot eval` runs: ranks with the answer's plan (time expressions become a date preference,
  named outlets get their own searches); its latency is a full answer.
MULTILINGUAL_INDEX: the citebot store is built with MULTILINGUAL_INDEX=off by default (`--multilingual`
changes it; it is part of the store key and recorded in the results). The e5 multilingual index is
only searched for questions not in English, and every newsdev question is English, so it would not
change these figures — but it multiplies ingest time several-fold on 2 cores.
Ingest with the real model costs ~50–55 ms a chunk on 2 cores: a full run from nothing takes about
30 minutes (LangChain ~14 min, citebot ~13 min; the LangChain store can be copied from an earlier
run, its key does not depend on the engine), and seconds to minutes for the query phase after that
(citebot-eval answers every question: a few minutes).

Usage (from the repository root):
    python -m benchmarks.newsdev build                      # 3,000 docs → benchmarks/.cache/newsdev/
    python -m benchmarks.newsdev build --docs 400 --out /tmp/newsdev-400
    python -m benchmarks.newsdev run                        # all systems; writes benchmarks/results/newsdev.{json,txt}
    python -m benchmarks.newsdev run --corpus /tmp/newsdev-400 --systems bm25-article citebot --queries 100
(`python benchmarks/newsdev build …` works too.) Modules: templates.py (filler frames), material.py
(MultiHop-RAG material, spaCy slots, the evidence guard), build.py (corpus, questions, verify),
systems.py (the four systems, each phase in its own process), run.py (scoring, tables), __main__.py (CLI).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
MULTIHOP = ROOT.parent / "shared" / "eval" / "multihop_rag"
CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_DOCS = 3000
SEED = 20231
SYSTEMS = ("bm25-article", "langchain", "citebot", "citebot-eval")
