"""The bot under load: `citebot serve` as in production (long polling, a subprocess) against the
telegram-test-api emulator on loopback, with N concurrent users each asking M questions in a row.

Reports answered messages per second, messages lost (no reply within --timeout), errors in the bot's
log, and the bot process's memory (RSS sampled every second: after warm-up, peak, at the end).
Telegram's own limits apply as in production: python-telegram-bot's AIORateLimiter caps the bot at
30 messages a second overall.

Usage:
    python benchmarks/bench_bot.py --users 50 --questions 4       # throughput (200 messages)
    python benchmarks/bench_bot.py --users 50 --questions 20      # soak (1,000 messages)
Writes benchmarks/results/bot-<users>x<questions>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.emulator_client import Emulator  # noqa: E402

TOKEN = "777000:BENCH-TOKEN-abcdefghijklmnop"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--questions", type=int, default=4, help="questions per user, asked one after another")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds a question may wait for its answer")
    args = p.parse_args()

    from retrieval import Engine, load_settings

    questions = [json.loads(line)["question"] for line in (ROOT / "evals" / "seed_questions.jsonl").open()
                 if not json.loads(line).get("history")]
    with tempfile.TemporaryDirectory(prefix="citebot-botbench-") as tmp:
        data = Path(tmp) / "data"
        Engine(load_settings(citebot_data_dir=data)).ingest([ROOT / "seeds"])
        emu = Emulator()
        log_path = Path(tmp) / "bot.log"
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": emu.url, "CITEBOT_DATA_DIR": str(data),
               "TELEGRAM_USER_RATE": "1000/1", "TELEGRAM_CHAT_RATE": "1000/1", "ANSWER_BACKEND": "extractive",
               "FEEDBACK_LOG": str(data / "feedback.jsonl")}
        with log_path.open("w") as log:
            bot = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
        try:
            while "setMyCommands" not in emu.stats()["calls"]:
                if bot.poll() is not None:
                    raise SystemExit(log_path.read_text())
                time.sleep(0.1)
            # Warm up once so model loading is not counted.
            emu.say(TOKEN, 1, questions[0])
            emu.wait_for(TOKEN, 1, lambda m: True, timeout=60)
            memory = {"after_warmup": round(rss_mb(bot.pid), 1)}
            samples: list[float] = []
            stop = threading.Event()

            def sample() -> None:
                while not stop.is_set():
                    samples.append(rss_mb(bot.pid))
                    time.sleep(1)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            lost = [0]
            latencies: list[float] = []
            lock = threading.Lock()

            def user(uid: int) -> None:
                for i in range(args.questions):
                    q = questions[(uid + i) % len(questions)]
                    t = time.perf_counter()
                    emu.say(TOKEN, uid, q)
                    deadline = time.monotonic() + args.timeout
                    while time.monotonic() < deadline:
                        if len(emu.bot_messages(TOKEN, uid)) >= i + 1:
                            with lock:
                                latencies.append(time.perf_counter() - t)
                            break
                        time.sleep(0.05)
                    else:
                        with lock:
                            lost[0] += 1

            started = time.perf_counter()
            threads = [threading.Thread(target=user, args=(10_000 + u,)) for u in range(args.users)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - started
            stop.set()
            sampler.join()
            memory.update(peak=round(max(samples or [0]), 1), end=round(rss_mb(bot.pid), 1))
        finally:
            bot.terminate()
            bot.wait(timeout=20)
            emu.stop()
        log_text = log_path.read_text()
    from retrieval.evaluation import percentile

    sent = args.users * args.questions
    result = {
        "users": args.users, "questions_per_user": args.questions, "messages": sent,
        "answered": len(latencies), "lost": lost[0], "seconds": round(elapsed, 2),
        "answered_per_s": round(len(latencies) / elapsed, 2),
        "reply_latency_s": {"p50": round(percentile(latencies, 0.5), 3), "p95": round(percentile(latencies, 0.95), 3)},
        "errors_logged": log_text.count(" ERROR ") + log_text.count("Traceback"),
        "bot_rss_mb": memory,
    }
    out = ROOT / "benchmarks" / "results" / f"bot-{args.users}x{args.questions}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
