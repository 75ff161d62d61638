# One command per task. Every target installs what it needs into .venv first, so each works
# on a fresh machine: `make demo` builds the example, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench constraints clean screenshots

demo: $(STAMP)
	$(BIN)/uppsikt demo uppsikt-demo

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

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
