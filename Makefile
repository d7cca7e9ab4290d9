# Two commands from a fresh machine: `make demo` (set up, then run the main job) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test setup bench clean

$(BIN)/eventwire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/eventwire

setup: $(BIN)/eventwire

demo: setup
	$(BIN)/eventwire code samples/corpus/*.txt --format table

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/bench_code.py

clean:
	rm -rf $(VENV) build *.egg-info
