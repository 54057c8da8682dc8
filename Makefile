# patentstats: `make help` lists the targets.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: help setup sample test lint bench clean messages

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

sample: setup ## set everything up, then run the main job on the bundled sample data
	$(VENV)/bin/patentstats ingest
	$(VENV)/bin/patentstats status --region 永修县 --year 2018 --month latest
	$(VENV)/bin/patentstats report --region 永修县 --year 2018 --month latest

setup: $(VENV)/.installed ## install system fonts/libraries if missing, create .venv, install patentstats

$(VENV)/.installed: pyproject.toml constraints.txt scripts/setup_system.sh
	bash scripts/setup_system.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

test: setup ## run the whole test suite
	$(PY) -m pytest -q

lint: setup ## ruff and mypy (strict) on the package
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

bench: setup ## run the benchmarks in bench/
	$(PY) bench/bench_ingest_list.py
	$(PY) bench/bench_status.py
	$(PY) bench/bench_backtest.py
	$(PY) bench/bench_nowcast.py
	$(PY) bench/bench_report.py

LOCALE := src/patentstats/locale
messages: setup ## extract the messages (Babel), merge them into the zh_CN catalog, compile it (.mo)
	$(VENV)/bin/pybabel extract -F babel.cfg -o $(LOCALE)/patentstats.pot --project patentstats --sort-output \
		--add-location file --no-wrap .
	$(VENV)/bin/pybabel update -i $(LOCALE)/patentstats.pot -d $(LOCALE) -D patentstats -l zh_CN --no-wrap
	$(VENV)/bin/pybabel compile -d $(LOCALE) -D patentstats -l zh_CN --statistics

clean: ## remove generated data and reports (data/raw is never touched)
	rm -rf data/processed/*.parquet data/processed/*.json reports/*/
