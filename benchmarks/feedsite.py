"""The world of the feed benchmarks: a local news site whose RSS feed grows, and `citebot serve` polling
it while it answers through the Telegram emulator (tests/test_telegram_e2e.py's `start_bot`).

Each story is 400–800 words of sentences drawn at random from the seed articles and the MultiHop-RAG
articles (a different draw per story, so no two stories are near-duplicates), plus one invented fact
("the Brelvaston Quillor bridge will cost 412 million euros") that no other story holds: `story.question`
is answered only by that story. Pages are served by tests/test_web.py's `Site` (a threaded HTTP server)
with tests/test_web.py's `article_html` (menu, cookie banner, ads and related links around the story);
the feed answers 304 to a matching If-None-Match. `start_served` starts the emulator and the bot on a copy
of a seeded store; `poll_lines` reads the bot's poll audit lines from its log.

    >>> with FeedSite(keep=50) as site:                      # doctest: +SKIP
    ...     stories = site.publish(3)
    ...     site.feed_url, stories[0].question
"""

from __future__ import annotations

import os
import random
import re
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.test_web import Site, article_html  # noqa: E402

SOURCES = [ROOT / "seeds", Path("/work/shared/eval/multihop_rag/articles")]
OUTLET = "The Benchmark Courier"
_HEADER = re.compile(r"^(Title|Source|Date|URL|Author):")
_SPLIT = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
SYLLABLES = ["bra", "vel", "os", "tor", "kin", "mar", "quil", "zen", "dor", "ali", "fen", "rik", "sta", "lon",
             "vor", "ne", "gal", "thi", "mur", "esk", "pra", "dun", "ca", "lis", "wen", "sol", "tra", "bel"]
SUFFIXES = ["ton", "burg", "ia", "stad", "mouth", "ford", "vik", "ora"]
KINDS = ["bridge", "tunnel", "ferry terminal", "library", "tram line", "desalination plant", "stadium",
         "wind farm", "hospital wing", "rail depot", "water tower", "sea wall"]
TOKEN = "778000:FEEDS-BENCH-abcdefghijklmnop"
BOT_ENV = {"CITEBOT_ALLOW_PRIVATE_URLS": "true", "FETCH_HOST_DELAY": "0", "TELEGRAM_ALLOWED_USERS": "",
           "TELEGRAM_USER_RATE": "1000/1", "TELEGRAM_CHAT_RATE": "1000/1", "LOG_FORMAT": "text"}
AUDIT = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+) INFO citebot\.audit: feeds (.*)$")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def sentence_pool(sources: list[Path] = SOURCES) -> list[str]:
    """Distinct prose sentences (8–60 words) from the seed and MultiHop-RAG article files."""
    seen: dict[str, None] = {}
    for folder in sources:
        for path in sorted(folder.glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if not line or _HEADER.match(line) or line.startswith("["):
                    continue
                for s in _SPLIT.split(line):
                    if 8 <= len(s.split()) <= 60 and s[-1] in ".!?”\"":
                        seen.setdefault(s, None)
    return list(seen)


@dataclass
class Story:
    number: int
    slug: str
    url: str
    title: str
    published: datetime
    paragraphs: list[str]
    question: str  # answered only by this story
    answer: str

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def make_story(number: int, pool: list[str], url: str, rng: random.Random) -> Story:
    town = _name(rng, 2) + rng.choice(SUFFIXES)
    project = f"{_name(rng, 3)} {rng.choice(KINDS)}"
    cost = f"{rng.randint(12, 980)} million euros"
    when = f"{rng.choice(MONTHS)} {rng.randint(2026, 2031)}"
    lead = (f"The regional council of {town} on Tuesday approved plans for the {project}, ending months of "
            f"debate over its route and its price.")
    fact = f"Officials in {town} said the {project} will cost {cost} and is due to open in {when}."
    target = rng.randint(400, 800)
    sentences, words = [lead], len(lead.split()) + len(fact.split())
    for s in rng.sample(pool, len(pool)):
        if words >= target:
            break
        sentences.append(s)
        words += len(s.split())
    sentences.insert(min(len(sentences), rng.randint(3, 8)), fact)
    paragraphs, i = [], 0
    while i < len(sentences):
        n = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[i:i + n]))
        i += n
    return Story(number=number, slug=f"story-{number:05d}", url=url, title=f"{town} approves the {project}",
                 published=datetime.now(UTC).replace(microsecond=0), paragraphs=paragraphs,
                 question=f"How much will the {project} in {town} cost?", answer=cost)


class FeedSite:
    """A site with /rss.xml listing the newest `keep` stories; `publish(n)` adds n stories now."""

    def __init__(self, keep: int = 50, seed: int = 0, pool: list[str] | None = None):
        self.keep = keep
        self.rng = random.Random(seed)
        self.pool = pool or sentence_pool()
        self.site = Site()
        self.stories: list[Story] = []  # oldest first, every story ever published
        self._lock = threading.Lock()
        self.site.add("/rss.xml", self.rss(), content_type="application/rss+xml; charset=utf-8", validators=True)

    def __enter__(self) -> FeedSite:
        self.site.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.site.__exit__(*exc)

    @property
    def feed_url(self) -> str:
        return self.site.url("/rss.xml")

    def publish(self, n: int = 1) -> list[Story]:
        with self._lock:
            new = []
            for _ in range(n):
                number = len(self.stories) + 1
                story = make_story(number, self.pool, self.site.url(f"/news/story-{number:05d}"), self.rng)
                page = article_html(story.title, story.paragraphs, outlet=OUTLET, author="Ada Reporter",
                                    published=story.published.isoformat().replace("+00:00", "Z"))
                self.site.add(f"/news/{story.slug}", page)
                self.stories.append(story)
                new.append(story)
            self.site.add("/rss.xml", self.rss(), content_type="application/rss+xml; charset=utf-8",
                          validators=True)
            self.site.requests.clear()  # the request log would otherwise grow for the whole soak
            return new

    def rss(self) -> str:
        items = "".join(
            f"<item><title>{escape(s.title)}</title><link>{s.url}</link>"
            f"<guid isPermaLink='false'>courier-{s.slug}</guid><dc:creator>Ada Reporter</dc:creator>"
            f"<pubDate>{format_datetime(s.published)}</pubDate><description>{escape(s.paragraphs[0])}</description>"
            f"</item>"
            for s in reversed(self.stories[-self.keep:]))
        return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
                f"<channel><title>{OUTLET}</title><link>{self.site.url('/')}</link>"
                f"<description>Benchmark news</description>{items}</channel></rss>")


# --- the bot -----------------------------------------------------------------------------------------
def seeded_library(where: Path, mode: str) -> Path:
    """A store with the seeds, made by `citebot ingest` in its own process."""
    data = where / "library"
    env = {**os.environ, "CITEBOT_DATA_DIR": str(data), "MULTILINGUAL_INDEX": mode}
    subprocess.run([sys.executable, "-m", "bot.cli", "ingest", str(ROOT / "seeds")], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return data


def poll_lines(log: Path) -> list[dict]:
    """The bot's `feeds` audit lines: the end time of each poll and its figures."""
    polls = []
    for line in log.read_text(errors="replace").splitlines():
        m = AUDIT.match(line)
        if m:
            fields = dict(kv.split("=", 1) for kv in m.group(2).split() if "=" in kv)
            end = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
            polls.append({"end": end, **fields})
    return polls


def start_served(tmp: Path, mode: str, feeds: Path, interval_min: float):
    from tests.emulator_client import Emulator
    from tests.test_telegram_e2e import start_bot

    library = seeded_library(tmp, mode)
    emu = Emulator()
    bot = start_bot(emu, library, tmp, TOKEN, CITEBOT_FEEDS=str(feeds), CITEBOT_FEED_INTERVAL=f"{interval_min:g}",
                    MULTILINGUAL_INDEX=mode, FEEDBACK_LOG=str(tmp / "feedback.jsonl"), **BOT_ENV)
    return emu, bot


def ask_bot(emu, uid: int, question: str, timeout: float = 90.0) -> tuple[dict | None, float]:
    """A question from a new user (no history); the bot's reply and how long it took."""
    t = time.monotonic()
    emu.say(TOKEN, uid, question)
    try:
        msg = emu.wait_for(TOKEN, uid, lambda m: True, timeout=timeout)
    except AssertionError:
        return None, time.monotonic() - t
    return msg, time.monotonic() - t


# --- probes ------------------------------------------------------------------------------------------
def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def stamp() -> str:
    return datetime.now().isoformat(timespec="seconds")
