# Two commands from a fresh machine: `make demo` (set up, then run the main job) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test setup bench clean

$(BIN)/eventwire: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q pip==26.3
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(BIN)/eventwire

setup: $(BIN)/eventwire

# The main job: the bundled sample corpus into the local store (./eventwire.db), then the results.
demo: setup
	$(BIN)/eventwire ingest samples/corpus/articles.jsonl --db eventwire.db
	$(BIN)/eventwire timeline --db eventwire.db --by month --group quad_class
	$(BIN)/eventwire dyads --db eventwire.db --limit 10
	$(BIN)/eventwire events --db eventwire.db --limit 20

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/bench_code.py

clean:
	rm -rf $(VENV) build *.egg-info
