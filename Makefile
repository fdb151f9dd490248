# Two commands on a fresh machine:
#   make demo   - virtual environment, install, build db/seeds.db, serve it on http://127.0.0.1:8001
#                 (another port: make demo PORT=8002)
#   make test   - virtual environment, install, run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8001

.PHONY: demo test test-dask install seeds-db serve bench-accuracy bench-speed bench-scale bench-wire clean metadata

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $@

db/seeds.db: $(VENV)/.installed $(wildcard seeds/*) $(wildcard provenance/*.py provenance/*/*.py)
	$(BIN)/provenance build seeds --db $@

seeds-db: db/seeds.db

demo: db/seeds.db
	$(BIN)/provenance serve db/seeds.db --port $(PORT)

test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# the builds on a two-worker Dask LocalCluster (a few minutes; .ci/run runs them)
test-dask: $(VENV)/.installed
	$(BIN)/python -m pytest -m dask

metadata: $(VENV)/.installed
	$(BIN)/provenance metadata --output datasette-metadata.json

# quote accuracy beside textacy's: make bench-accuracy CORPUS=../shared/eval/polnear-train
CORPUS ?= ../shared/eval/polnear-dev
bench-accuracy: $(VENV)/.installed
	$(BIN)/python -c "import textacy" 2>/dev/null || $(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/accuracy.py $(CORPUS)

# extraction speed beside textacy's, with accuracy: make bench-speed CORPUS=../shared/eval/polnear-train LIMIT=200 REPEAT=3
# (ADD_TO=../shared/eval/polnear-train also times provenance add into a database of those articles)
LIMIT ?=
REPEAT ?= 1
ADD_TO ?=
bench-speed: $(VENV)/.installed
	$(BIN)/python -c "import textacy" 2>/dev/null || $(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/extract_speed.py $(CORPUS) --repeat $(REPEAT) $(if $(LIMIT),--limit $(LIMIT)) $(if $(ADD_TO),--add-to $(ADD_TO))

# clustering at 10k, 100k and 1M synthetic quotes, then a day added: make bench-scale SIZES="10000 100000"
SIZES ?= 10000 100000 1000000
bench-scale: $(VENV)/.installed
	$(BIN)/python benchmarks/scale.py --sizes $(SIZES) --day 10000 --baseline 10000

# wire per article read from the text, against PolNeAR's manifest: make bench-wire WIRE_CORPUS=../shared/eval/polnear-train
WIRE_CORPUS ?= ../shared/eval/polnear-dev
bench-wire: $(VENV)/.installed
	$(BIN)/python benchmarks/wire.py $(WIRE_CORPUS)/articles $(WIRE_CORPUS)/manifest.jsonl

clean:
	rm -rf $(VENV) db/*.db build *.egg-info
