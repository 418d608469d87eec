# The two commands of the README: `make run` and `make test`. Each installs what is missing first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench evaluate translations package clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { packaging/system-deps.sh venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	@$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

run: $(STAMP)
	@packaging/system-deps.sh gui
	$(BIN)/bulletin-reader

test: $(TEST_STAMP)
	@packaging/system-deps.sh test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(TEST_STAMP)
	$(BIN)/ruff check reader tests benchmarks
	$(BIN)/ruff format --check reader tests benchmarks
	$(BIN)/mypy --strict reader benchmarks

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks $(BENCH_ARGS)

evaluate: $(STAMP)
	$(BIN)/python -m reader.importing.evaluate_import

# Collects the window's texts into the Russian catalogue (new ones come in unfinished: translate them
# in the .ts, e.g. with pyside6-linguist) and compiles the .qm the app loads.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find reader/ui -name '*.py' | sort) -ts resources/translations/bulletin_reader_ru.ts
	$(BIN)/pyside6-lrelease resources/translations/bulletin_reader_ru.ts -qm resources/translations/bulletin_reader_ru.qm

package: $(STAMP)
	packaging/build.sh

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache
