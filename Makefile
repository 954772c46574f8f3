# The two commands: `make run` (set up, ingest seeds/, start the bot or a terminal chat)
# and `make test` (set up, run the whole test suite). Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EMULATOR := tests/emulator/node_modules/.installed

.PHONY: run test lint bench bench-news bench-scale bench-feeds lock eval clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The Telegram Bot API emulator for the end-to-end tests (npm registry, pinned by package-lock.json).
$(EMULATOR): tests/emulator/package.json tests/emulator/package-lock.json
	npm ci --prefix tests/emulator --no-audit --no-fund --loglevel=error
	touch $(EMULATOR)

run: $(STAMP)
	$(BIN)/citebot run

test: $(STAMP) $(EMULATOR)
	$(BIN)/ruff check retrieval bot tests benchmarks
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check retrieval bot tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_engine.py

# Retrieval on 3,000 news-like articles beside whole-article BM25 and the LangChain tutorial (~45 min first run).
bench-news: $(STAMP)
	test -f benchmarks/.cache/newsdev/questions.jsonl || $(BIN)/python -m benchmarks.newsdev build
	$(BIN)/python -m benchmarks.newsdev run

# Search latency, filters, add-100, no-op ingests, restart and memory at scale (100k passages: ~1.5 h).
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py

# Feed polls: articles/min per multilingual mode and new item -> first answer.
bench-feeds: $(STAMP)
	$(BIN)/python benchmarks/bench_feeds.py throughput
	$(BIN)/python benchmarks/bench_feeds.py latency --mode off --interval 10 --trials 4

eval: $(STAMP)
	$(BIN)/citebot eval evals/seed_questions.jsonl --articles seeds

lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable | sed '1i # Full lock of the dependency set (pip freeze on Python 3.11). Regenerate with: make lock' > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache
