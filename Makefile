# Two commands on a fresh machine:
#   make demo   - virtual environment, install, build db/seeds.db, serve it on http://127.0.0.1:8001
#   make test   - virtual environment, install, run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8001

.PHONY: demo test install seeds-db serve bench-accuracy bench-scale clean metadata

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

db/seeds.db: $(VENV)/.installed $(wildcard seeds/*) $(wildcard provenance/*.py provenance/*/*.py)
	$(BIN)/provenance build seeds --db $@

seeds-db: db/seeds.db

demo: db/seeds.db
	$(BIN)/provenance serve db/seeds.db --port $(PORT)

test: $(VENV)/.installed
	$(BIN)/python -m pytest

metadata: $(VENV)/.installed
	$(BIN)/provenance metadata --output datasette-metadata.json

clean:
	rm -rf $(VENV) db/*.db build *.egg-info
