# rongmei: `make demo` and `make test` are all a new machine needs (Python 3.11+ and git).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ARCHIVE ?= archive.db
PORT ?= 8001

.PHONY: test demo browse lint format bench-extract bench-crawl bench-search bench-stories bench-scale-out clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

test: $(VENV)/.dev  ## lint, then every test (four workers: most tests wait on crawls and browsers)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 4 --dist loadfile -m "not alone"
	$(BIN)/pytest -m alone

demo: $(VENV)/.runtime  ## serve the offline demo portal, crawl it into $(ARCHIVE), summarise
	$(BIN)/python -m demo.run --archive $(ARCHIVE)

browse: $(VENV)/.runtime  ## Datasette on $(ARCHIVE) at http://127.0.0.1:$(PORT)/
	$(BIN)/datasette $(ARCHIVE) --plugins-dir plugins --template-dir plugins/templates -m datasette-metadata.yml --port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench-extract: $(VENV)/.dev  ## extraction accuracy and speed against trafilatura and GNE
	$(BIN)/python -m bench.extract

bench-crawl: $(VENV)/.dev  ## full crawl pipeline against a bare spider, 10,000 generated articles
	$(BIN)/python -m bench.crawl

bench-search: $(VENV)/.dev  ## Chinese full-text search: size, speed, precision
	$(BIN)/python -m bench.search

bench-stories: $(VENV)/.dev  ## reprint grouping: 1,000,000 generated articles, time and memory
	$(BIN)/python -m bench.stories

bench-scale-out: $(VENV)/.dev  ## one worker against two on Redis, and the archive writer's rate
	$(BIN)/python -m bench.scale_out

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache bench/out
