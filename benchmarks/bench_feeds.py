"""Feeds under load (issue 14): how fast a poll ingests, how soon a new item is answerable, and a bot's
memory over an hour of polls. The feed is a local site (benchmarks/feedsite.py) of distinct 400–800-word
stories, each holding one invented fact only it answers. FETCH_HOST_DELAY=0 (the default 1 s politeness
pause would add 1 s per new item) and private URLs are allowed.

    throughput  one poll of a feed with --articles new stories on a seeded store (models loaded): articles/min,
                chunks, fetch+extract vs ingest seconds, CPU seconds, peak RSS; each MULTILINGUAL_INDEX mode in
                its own process (--mode both|passages|off).
    latency     a story published at t0 (random phase) while polls run every --interval s; its question asked
                every --ask-every s until an answer cites it. In process (poll thread + ask loop), or --e2e
                through `citebot serve` (CITEBOT_FEED_INTERVAL=--interval/60 min) and the Telegram emulator.
    soak        `citebot serve` + emulator for --minutes on a feed gaining --rate stories/min (newest --keep
                listed), polled every --interval-min; bot VmRSS every 10 s; every --ask-every min a question
                about a story published 3+ min before. `--rate 0 --name soak_control`: the feed does not grow.
    report      rewrite feeds.txt from feeds.json.

Each command merges its figures into benchmarks/results/feeds.json and rewrites feeds.txt; /proc/loadavg is
kept with every timing (the machine is shared). Re-run:
    python benchmarks/bench_feeds.py throughput --articles 50
    python benchmarks/bench_feeds.py latency --mode passages --interval 30 --trials 6   # also --e2e
    python benchmarks/bench_feeds.py soak --minutes 60 --rate 3
    python benchmarks/bench_feeds.py soak --minutes 20 --rate 0 --name soak_control
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from statistics import linear_regression, mean, median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from feedsite import FeedSite, ask_bot, cpu, loadavg, poll_lines, rss_mb, stamp, start_served  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SEED_Q = "What did China's defense minister tell Shoigu?"


def make_engine(data: Path, mode: str):
    from retrieval import Engine, load_settings

    return Engine(load_settings(citebot_data_dir=data, multilingual_index=mode, citebot_allow_private_urls=True,
                                fetch_host_delay=0.0))


def cites(answer, story) -> bool:
    from retrieval.ingest.feeds import normalize_url

    return any(c.url == normalize_url(story.url) for c in answer.citations)


# --- results ----------------------------------------------------------------------------------------
def save(key: str, value: dict) -> None:
    """Merge one section into feeds.json (locked: several commands may run at once) and rewrite feeds.txt."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / "feeds.json").open("a+", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        data = json.loads(f.read() or "{}")
        node = data
        *path, last = key.split(".")
        for part in path:
            node = node.setdefault(part, {})
        node[last] = value
        f.seek(0)
        f.truncate()
        f.write(json.dumps(data, indent=1))
    (RESULTS / "feeds.txt").write_text(render(data), encoding="utf-8")


def _table(head: list[str], rows: list[list]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *("| " + " | ".join(map(str, r)) + " |"
                                                                         for r in rows), ""]


def render(data: dict) -> str:
    out = ["citebot feeds benchmark (benchmarks/bench_feeds.py); FETCH_HOST_DELAY=0, 2 shared cores", ""]
    tp = data.get("throughput", {})
    if tp:
        out += ["1. One poll of a feed with N new stories (seeded store, models loaded)", ""]
        out += _table(["MULTILINGUAL_INDEX", "articles", "words/article", "chunks", "fetch+extract s", "ingest s",
                       "poll total s", "articles/min", "chunks/s (ingest)", "peak RSS MB", "loadavg before→after"],
                      [[m, r["added"], r["words_per_article"], r["chunks"], r["fetch_extract_s"], r["ingest_s"],
                        r["total_s"], r["articles_per_min"], r["chunks_per_s"], r["peak_rss_mb"],
                        f"{r['loadavg_before'][0]}→{r['loadavg_after'][0]}"] for m, r in tp.items()])
    lat = data.get("latency", {})
    if lat:
        out += ["2. New feed item → first answer citing it (delay = wait for the next poll + poll + visibility)", ""]
        rows = []
        for name, r in lat.items():
            d = [t["delay_s"] for t in r["trials"] if t.get("delay_s") is not None]
            rows.append([name, r["interval_s"], len(r["trials"]), " ".join(f"{x:.1f}" for x in d),
                         f"{mean(d):.1f}" if d else "–", f"{max(d):.1f}" if d else "–",
                         avg(t["wait_s"] for t in r["trials"]), avg(t["poll_s"] for t in r["trials"]),
                         r["expected_mean_s"], r["expected_worst_s"],
                         f"{r['loadavg'][0]}"])
        out += _table(["run", "interval s", "trials", "delays s", "mean s", "max s", "mean wait for poll s",
                       "mean poll s", "expected mean (I/2+poll) s", "worst (I+poll) s", "loadavg"], rows)
    for name in ("soak", "soak_control"):
        r = data.get(name)
        if not r:
            continue
        m = r["rss_mb"]
        out += [f"3. {name}: `citebot serve` {r['minutes']} min, +{r['rate_per_min']} stories/min, poll every "
                f"{r['interval_min']} min, MULTILINGUAL_INDEX={r['mode']}", ""]
        out += _table(["RSS start", "after warm-up", "max", "end", "slope MB/h (after warm-up)", "published",
                       "added", "polls (failed)", "poll s p50 / max", "questions ok", "errors logged"],
                      [[m["start"], m["after_warmup"], m["max"], m["end"], r["slope_mb_per_h"], r["published"],
                        r["added"], f"{r['polls']} ({r['polls_failed']})", f"{r['poll_s_p50']} / {r['poll_s_max']}",
                        f"{r['questions_ok']}/{len(r['questions'])}", r["errors_logged"]]])
        out.append("RSS per minute (MB): " + " ".join(f"{x:.0f}" for x in r["rss_per_min"]))
        out.append("")
    return "\n".join(out) + "\n"


# --- 1. throughput ----------------------------------------------------------------------------------
def throughput(args) -> None:
    if args.mode == "both":
        for mode in ("off", "passages"):
            cmd = [sys.executable, __file__, "throughput", "--mode", mode, "--articles", str(args.articles)]
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            if proc.returncode:
                raise SystemExit(proc.stderr[-3000:])
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            print(mode, json.dumps(result), flush=True)
            save(f"throughput.{mode}", result)
        return
    with tempfile.TemporaryDirectory(prefix="citebot-feeds-") as tmp, FeedSite(keep=args.articles, seed=1) as site:
        engine = make_engine(Path(tmp) / "data", args.mode)
        t = time.perf_counter()
        engine.ingest([ROOT / "seeds"])
        warm = time.perf_counter() - t
        stories = site.publish(args.articles)
        engine.web.subscribe([site.feed_url])
        rss_before, load_before, marks = rss_mb(), loadavg(), {}

        def ingest(articles):
            marks["fetched"] = time.perf_counter()
            report = engine.ingest_articles(articles, lock_timeout=120)
            marks["stored"] = time.perf_counter()
            return report

        t0, cpu0 = time.perf_counter(), cpu()
        report = engine.web.poll(ingest, max_items=args.articles)
        total = time.perf_counter() - t0
        ing = report.ingest
        checked = stories[:: max(1, len(stories) // 5)]
        answered = sum(cites(engine.answer(s.question), s) for s in checked)
        print(json.dumps({
            "when": stamp(), "mode": args.mode, "fetched": report.articles, "added": len(ing.added),
            "duplicates": len(ing.duplicates), "problems": len(report.problems),
            "words_per_article": round(mean(s.words for s in stories)), "chunks": ing.chunks_embedded,
            "fetch_extract_s": round(marks["fetched"] - t0, 2),
            "ingest_wall_s": round(marks["stored"] - marks["fetched"], 2), "cpu_s": round(cpu() - cpu0, 1),
            "ingest_s": round(ing.seconds, 2), "commit_s": round(t0 + total - marks["stored"], 3),
            "total_s": round(total, 2), "articles_per_min": round(len(ing.added) / total * 60, 1),
            "chunks_per_s": round(ing.chunks_embedded / ing.seconds, 1), "seed_ingest_warmup_s": round(warm, 1),
            "rss_before_poll_mb": rss_before, "rss_after_mb": rss_mb(),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "loadavg_before": load_before, "loadavg_after": loadavg(),
            "new_stories_cited": f"{answered}/{len(checked)}"}))


# --- 2. latency -------------------------------------------------------------------------------------
def avg(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(mean(values), 1) if values else None


def _summary(trials: list[dict], interval: float, extra: dict) -> dict:
    poll = avg(t["poll_s"] for t in trials) or 0.0
    return {"when": stamp(), "interval_s": interval, "trials": trials, "loadavg": loadavg(),
            "expected_mean_s": round(interval / 2 + poll, 1), "expected_worst_s": round(interval + poll, 1), **extra}


def trial(args, rng: random.Random, site: FeedSite, cited, poll_of) -> dict:
    """Publish one story at a random phase, ask `cited(story)` every --ask-every s until it is true, then
    split the delay with `poll_of(story, t0)` -> (start, end) of the poll that stored the story, or None."""
    time.sleep(rng.uniform(0, args.interval))
    story = site.publish(1)[0]
    t0, asks, found, took = time.time(), 0, None, 0.0
    while found is None and time.time() - t0 < args.timeout:
        asks, a0 = asks + 1, time.time()
        if cited(story):
            found, took = time.time(), time.time() - a0
        else:
            time.sleep(args.ask_every)
    p = poll_of(story, t0)
    r = {"delay_s": round(found - t0, 1) if found else None, "asks": asks, "last_ask_s": round(took, 2),
         "wait_s": round(p[0] - t0, 1) if p else None, "poll_s": round(p[1] - p[0], 1) if p else None,
         "after_poll_s": round(found - p[1], 1) if p and found else None, "loadavg": loadavg()[0]}
    print(json.dumps(r), flush=True)
    return r


def latency(args) -> None:
    if args.e2e:
        return latency_e2e(args)
    from retrieval.ingest.feeds import article_id_for

    rng, interval = random.Random(7), args.interval
    with tempfile.TemporaryDirectory(prefix="citebot-feeds-") as tmp, FeedSite(seed=2) as site:
        engine = make_engine(Path(tmp) / "data", args.mode)
        engine.ingest([ROOT / "seeds"])
        engine.answer(SEED_Q)
        site.publish(5)
        engine.web.subscribe([site.feed_url])
        engine.poll_feeds()
        polls: list[dict] = []
        stop = threading.Event()

        def loop() -> None:  # a fixed-rate schedule like PTB's run_repeating; a late poll skips missed slots
            nxt = time.time()
            while not stop.wait(max(0.0, nxt - time.time())):
                start = time.time()
                rep = engine.poll_feeds()
                polls.append({"start": start, "end": time.time(), "added": rep.ingest.added if rep.ingest else []})
                while nxt <= time.time():
                    nxt += interval

        def poll_of(story, t0: float):
            aid, deadline = article_id_for(story.url), time.time() + 120
            while time.time() < deadline:  # an answer may cite the story just before its poll returns
                p = next((p for p in polls if aid in p["added"]), None)
                if p:
                    return p["start"], p["end"]
                time.sleep(0.1)
            return None

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        trials = [trial(args, rng, site, lambda s: cites(engine.answer(s.question), s), poll_of)
                  for _ in range(args.trials)]
        stop.set()
        thread.join()
    save(f"latency.inprocess_{args.mode}", _summary(trials, interval, {"mode": args.mode,
                                                                      "ask_every_s": args.ask_every}))


def latency_e2e(args) -> None:
    from tests.test_telegram_e2e import stop_bot

    rng, uid = random.Random(11), iter(range(50_000, 10**6))
    tmp = Path(tempfile.mkdtemp(prefix="citebot-feeds-e2e-"))
    with FeedSite(seed=3) as site:
        site.publish(5)
        feeds = tmp / "feeds.txt"
        feeds.write_text(site.feed_url + "\n")
        emu, bot = start_served(tmp, args.mode, feeds, args.interval / 60)

        def cited(story) -> bool:  # each question from a new user: no conversation history
            msg, _ = ask_bot(emu, next(uid), story.question)
            return msg is not None and story.url in json.dumps(msg)

        def poll_of(story, t0: float):  # from the bot's log: the poll that added something after t0
            time.sleep(1)
            p = next((p for p in poll_lines(bot["log"]) if p["end"] > t0 and p.get("added", "0") != "0"), None)
            return (p["end"] - float(p["latency_ms"]) / 1000, p["end"]) if p else None

        try:
            while not poll_lines(bot["log"]):  # the first poll (10 s after start) takes the backlog
                time.sleep(0.5)
            trials = [trial(args, rng, site, cited, poll_of) for _ in range(args.trials)]
        finally:
            log = stop_bot(bot)
            emu.stop()
    errors = [ln for ln in log.splitlines() if " ERROR " in ln or "Traceback" in ln]
    save(f"latency.e2e_serve_{args.mode}", _summary(trials, args.interval, {
        "mode": args.mode, "ask_every_s": args.ask_every, "feed_interval_min": round(args.interval / 60, 3),
        "errors_logged": len(errors), "error_lines": errors[:5], "tmp": str(tmp)}))


# --- 3. soak ----------------------------------------------------------------------------------------
def slope_mb_per_h(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of RSS against time."""
    return round(linear_regression([p[0] / 3600 for p in points], [p[1] for p in points]).slope, 1) \
        if len({p[0] for p in points}) > 1 else 0.0


def soak(args) -> None:
    from tests.test_telegram_e2e import stop_bot

    tmp = Path(tempfile.mkdtemp(prefix=f"citebot-feeds-{args.name}-"))
    with FeedSite(keep=args.keep, seed=4) as site:
        site.publish(args.initial)
        feeds = tmp / "feeds.txt"
        feeds.write_text(site.feed_url + "\n")
        emu, bot = start_served(tmp, args.mode, feeds, args.interval_min)
        pid, uid = bot["proc"].pid, 60_000
        start = time.monotonic()
        samples, per_min, questions, loads = [(0.0, rss_mb(pid))], [rss_mb(pid)], [], []
        next_pub = start + (60 / args.rate if args.rate else float("inf"))
        next_sample, next_min, next_ask = start + 10, start + 60, start + args.ask_every * 60
        try:
            while time.monotonic() - start < args.minutes * 60:
                now = time.monotonic()
                if bot["proc"].poll() is not None:
                    questions.append({"t_min": round((now - start) / 60, 1), "error": "bot exited"})
                    break
                while now >= next_pub:
                    site.publish(1)
                    next_pub += 60 / args.rate
                if now >= next_sample:
                    samples.append((now - start, rss_mb(pid)))
                    next_sample += 10
                if now >= next_min:
                    per_min.append(rss_mb(pid))
                    loads.append(loadavg()[0])
                    next_min += 60
                    print(f"{stamp()} min {len(per_min) - 1}: rss {per_min[-1]} MB, load {loads[-1]}, "
                          f"published {len(site.stories)}", flush=True)
                if now >= next_ask:
                    next_ask += args.ask_every * 60
                    uid += 1
                    ready = [s for s in site.stories if (datetime.now(s.published.tzinfo) - s.published).seconds >= 180]
                    story = ready[-1] if ready and args.rate else None
                    msg, took = ask_bot(emu, uid, story.question if story else SEED_Q)
                    text = json.dumps(msg) if msg else ""
                    ok = (story.url in text) if story else "Sources" in text
                    questions.append({"t_min": round((now - start) / 60, 1), "ok": ok, "reply_s": round(took, 2),
                                      "about": story.slug if story else "seed"})
                    print(json.dumps(questions[-1]), flush=True)
                time.sleep(0.5)
        finally:
            end_rss = rss_mb(pid) if bot["proc"].poll() is None else 0.0
            log = stop_bot(bot)
            emu.stop()
    polls = poll_lines(bot["log"])
    done = [p for p in polls if p.get("outcome") == "done"]
    secs = sorted(float(p["latency_ms"]) / 1000 for p in done)
    warm = [(t, r) for t, r in samples if t >= args.warmup * 60]
    lines = log.splitlines()
    errors = [ln for ln in lines if " ERROR " in ln or "Traceback" in ln]
    warnings = [ln for ln in lines if " WARNING " in ln]
    save(args.name, {
        "when": stamp(), "minutes": args.minutes, "rate_per_min": args.rate, "interval_min": args.interval_min,
        "keep": args.keep, "initial": args.initial, "mode": args.mode, "published": len(site.stories),
        "added": sum(int(p.get("added", 0)) for p in done), "fetched": sum(int(p.get("fetched", 0)) for p in done),
        "polls": len(polls), "polls_failed": len(polls) - len(done),
        "polls_with_problems": sum(1 for p in done if p.get("problems", "0") != "0"),
        "polls_not_modified": sum(1 for p in done if p.get("not_modified", "0") != "0"),
        "poll_s_p50": round(median(secs), 1) if secs else None, "poll_s_max": round(max(secs), 1) if secs else None,
        "poll_s_total": round(sum(secs), 1),
        "rss_mb": {"start": samples[0][1], "after_warmup": warm[0][1] if warm else None,
                   "max": max(r for _, r in samples), "end": end_rss},
        "warmup_min": args.warmup, "slope_mb_per_h": slope_mb_per_h(warm), "rss_per_min": per_min,
        "loadavg_per_min": loads, "questions": questions, "questions_ok": sum(1 for q in questions if q.get("ok")),
        "errors_logged": len(errors), "error_lines": errors[:10], "warnings": len(warnings),
        "warning_lines": warnings[:10], "tmp": str(tmp)})


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--mode", choices=["both", "passages", "off"], default="both")
    t.add_argument("--articles", type=int, default=50)
    la = sub.add_parser("latency")
    la.add_argument("--mode", choices=["passages", "off"], default="passages")
    la.add_argument("--interval", type=float, default=30.0, help="seconds between polls")
    la.add_argument("--trials", type=int, default=6)
    la.add_argument("--ask-every", type=float, default=1.0, help="seconds between questions")
    la.add_argument("--timeout", type=float, default=300.0)
    la.add_argument("--e2e", action="store_true", help="through `citebot serve` and the Telegram emulator")
    s = sub.add_parser("soak")
    s.add_argument("--name", default="soak")
    s.add_argument("--mode", choices=["passages", "off"], default="passages")
    s.add_argument("--minutes", type=float, default=60)
    s.add_argument("--rate", type=float, default=3, help="new stories a minute (0: the feed does not grow)")
    s.add_argument("--initial", type=int, default=10, help="stories in the feed when the bot starts")
    s.add_argument("--keep", type=int, default=50, help="stories the feed lists")
    s.add_argument("--interval-min", type=float, default=1.0)
    s.add_argument("--ask-every", type=float, default=5.0, help="minutes between questions")
    s.add_argument("--warmup", type=float, default=5.0, help="minutes before the slope is measured")
    sub.add_parser("report")
    args = p.parse_args()
    if args.command == "report":
        (RESULTS / "feeds.txt").write_text(render(json.loads((RESULTS / "feeds.json").read_text())))
        return
    {"throughput": throughput, "latency": latency, "soak": soak}[args.command](args)


if __name__ == "__main__":
    main()
