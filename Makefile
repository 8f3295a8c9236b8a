# Two commands for a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint bench eval clean install browser fuzz

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "need python3.11 on PATH (or make PYTHON=/path/to/python3.11)"; exit 2; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ledelse needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/ledelse setup
	$(BIN)/ledelse list
	$(BIN)/ledelse coverage --against kl11
	$(BIN)/ledelse compare randers gladsaxe | head -45

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# For developers: everything but the tests marked slow (console-script subprocesses, kill and
# Ctrl-C, the browser, the wheel in a fresh virtualenv, bench-like equivalence runs), spread
# over the cores (pytest-xdist); under a minute on the 2-core reference machine. CI runs
# `make test`, which runs them all, one after another.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" -n auto

# The HTML report is tested in a real browser: Debian's chromium (installed when we are root
# with apt, as in CI; elsewhere the browser test is skipped and says why).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian chromium for the report test"; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else echo "chromium not found: the browser test will be skipped"; fi; }

# Speed and memory on synthetic 100- and 1,000-document corpora (numbers, not assertions).
bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes 100,1000 --out bench-out/bench.json

# Quality on the seeds, the layout fixtures and (when fetched) the realworld development and
# test halves: segmentation counts and titles, alignment, levels (figures, not assertions).
eval: $(STAMP)
	$(BIN)/python eval/run.py --out eval-out/eval.json

# Seeded mutations of meta.yaml, segmentation.yaml and cache entries; fails on exit 1 or a hang.
fuzz: $(STAMP)
	$(BIN)/python fuzz/run.py --cases 10000 --seed 1 --cli 60

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache bench-out eval-out
