# One command per task. Every target installs what it needs into .venv first, so each works
# on a fresh machine: `make demo` builds the example, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench fuzz constraints clean screenshots system

demo: $(STAMP)
	$(BIN)/uppsikt demo uppsikt-demo

# The web application's tests run twice: with the whole suite on SQLite, then on PostgreSQL
# (the server on 127.0.0.1:5432; Django creates and drops the database test_postgres).
WEB_TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

test: $(STAMP) system node_modules/.installed
	$(BIN)/pytest
	DATABASE_URL=$(WEB_TEST_DATABASE_URL) $(BIN)/pytest tests/web -q

# Debian packages the tests need (Chromium, poppler, LibreOffice, npm), installed if missing.
system:
	sh scripts/system-deps.sh

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Every benchmark: start-up of the command line, builds (example, synthetic report), SIE
# parsing, ledger tables at 1, 10 and 100 million rows (generated once into
# /tmp/uppsikt-ledger-bench; several minutes the first time), and every report of a generated
# kommun at 10 million rows (/tmp/uppsikt-kommun-bench); last 200 web users against one and
# two server processes (needs PostgreSQL on 127.0.0.1:5432; about 2½ minutes).
bench: $(STAMP)
	cd bench && ../$(BIN)/python startup_bench.py
	cd bench && ../$(BIN)/python build_bench.py
	cd bench && ../$(BIN)/python check_bench.py
	cd bench && ../$(BIN)/python narrative_bench.py
	cd bench && ../$(BIN)/python sie_bench.py
	cd bench && ../$(BIN)/python sie_fast_bench.py
	cd bench && ../$(BIN)/python ledger_bench.py
	cd bench && ../$(BIN)/python kommun_bench.py
	cd bench && ../$(BIN)/python web_load.py

# Fuzzing every reader of user data with generated and mutated inputs (10 000 per reader by
# default; docs/fuzzing.md). Prints crashes, hangs and peak memory; fails on any crash or hang.
fuzz: $(STAMP)
	cd bench && ../$(BIN)/python fuzz.py

# PNGs of the example for looking at the layout (not kept in git): pages of the PDF and the
# Word document, and the HTML report's cover and tables at 375, 768 and 1280 px.
screenshots: $(STAMP) system
	sh scripts/preview_pdf.sh screenshots
	$(BIN)/python scripts/preview_html_word.py screenshots

# Ruff, mypy (strict) and the layers of docs/architecture.md (import-linter, pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

$(STAMP): pyproject.toml constraints.txt scripts/bootstrap.sh
	sh scripts/bootstrap.sh $(PYTHON) $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

constraints: $(STAMP)
	$(BIN)/pip freeze --exclude-editable | grep -v '^uppsikt' > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) uppsikt-demo .pytest_cache .mypy_cache .ruff_cache
