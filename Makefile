# Innbyggerdialog: `make run` starts the whole service, `make test` runs every test.
# Both install what is missing first. See README.md.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

APP_VENV := .venv/app
BOT_VENV := .venv/bot
APP_PY := $(APP_VENV)/bin/python
BOT_PY := $(BOT_VENV)/bin/python
UV := $(APP_VENV)/bin/uv
PYTHON3 ?= python3
MODEL := models/innbygger.tar.gz
FAQ_RESPONSES := bot/data/responses/faq.yml
# The topic model's code and synonyms are training inputs too: a change there needs a new model.
TRAINING_INPUTS := config.yml domain.yml bot/topic_model.py $(wildcard bot/nlu/*.py) bot/nlu/synonyms.yml \
  $(shell find bot/data -name '*.yml' -not -path '$(FAQ_RESPONSES)' 2>/dev/null)
CONTENT := $(shell find content -name '*.yml' 2>/dev/null) bot/build_responses.py
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
INTAKE_TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: help install run run-production test lint typecheck validate model responses evaluate cross-validate clean

help:
	@echo "make run    – set up and start bot, action server, intake API and demo page (Ctrl-C stops all)"
	@echo "make test   – set up and run every test (lint, types, unit, Rasa validation, end-to-end, browser)"
	@echo "make model  – train the Rasa model if the training data or answers changed"
	@echo "make run-production – nginx, 2 Rasa + 2 action servers + 2 intake APIs on PostgreSQL and Redis (README)"

# -- environments -----------------------------------------------------------
# The app (intake API, analytics) on the machine's python3 with current libraries;
# uv (from PyPI) installs quickly, pip is the fallback.
$(APP_VENV)/.installed: pyproject.toml common/pyproject.toml
	$(PYTHON3) -m venv $(APP_VENV)
	$(APP_PY) -m pip install -q --disable-pip-version-check uv==0.13.9 || true
	if [ -x $(UV) ]; then $(UV) pip install -q --python $(APP_PY) -e ./common -e '.[dev]'; \
	else $(APP_PY) -m pip install -q -e ./common -e '.[dev]'; fi
	touch $@

# The bot on Python 3.10 (Rasa 3.6.21 supports 3.8–3.10 only), its own virtualenv.
$(BOT_VENV)/.installed: bot/requirements.txt common/pyproject.toml | $(APP_VENV)/.installed
	PY310="$$(sh devtools/find_python310.sh)"; \
	if [ -x $(UV) ]; then $(UV) venv -q --allow-existing -p "$$PY310" $(BOT_VENV) && \
	  $(UV) pip install -q --python $(BOT_PY) -r bot/requirements.txt -e ./common; \
	else "$$PY310" -m venv $(BOT_VENV) && $(BOT_PY) -m pip install -q -r bot/requirements.txt -e ./common; fi
	touch $@

# The chat widget: plain JS + socket.io-client, bundled by esbuild (all pinned in
# widget/package-lock.json) into one script and its stylesheet, served at /widget/.
# esbuild needs no install script (its platform binary is an optional dependency).
WIDGET_BUNDLE := widget/dist/innbyggerdialog.js
widget/node_modules/.package-lock.json: widget/package.json widget/package-lock.json
	cd widget && npm ci --include=dev --ignore-scripts --no-audit --no-fund --loglevel=error

$(WIDGET_BUNDLE): widget/build.mjs $(wildcard widget/src/*) widget/node_modules/.package-lock.json
	cd widget && npm run --silent build

.PHONY: widget
widget: $(WIDGET_BUNDLE)

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

# nginx (Debian's package) balances the production topology; run by devtools/production, not as a service.
$(NGINX):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null

# Analytics: WeasyPrint draws report PDFs with Debian's Pango and DejaVu fonts; the tests turn
# PDF pages into PNG with poppler's pdftoppm.
PDFTOPPM := /usr/bin/pdftoppm
$(PDFTOPPM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils libpango-1.0-0 \
	  libpangoft2-1.0-0 fonts-dejavu-core >/dev/null

install: $(APP_VENV)/.installed $(BOT_VENV)/.installed $(WIDGET_BUNDLE)

# -- the model ----------------------------------------------------------------
# Answers are built from content/ (one place for editors), then Rasa trains only
# when its inputs are newer than the model: `make run` reuses the last model.
$(FAQ_RESPONSES): $(CONTENT) | $(BOT_VENV)/.installed
	$(BOT_PY) bot/build_responses.py

responses: $(FAQ_RESPONSES)

$(MODEL): $(TRAINING_INPUTS) $(FAQ_RESPONSES) | $(BOT_VENV)/.installed
	$(BOT_VENV)/bin/rasa train --config config.yml --domain domain.yml --data bot/data \
	  --out models --fixed-model-name innbygger --quiet --force
	touch $@

model: $(MODEL)

# -- the two commands ---------------------------------------------------------
run: install $(PDFTOPPM) $(MODEL)
	$(APP_PY) -m devtools.stack run

# The production topology on this machine against the local PostgreSQL and Redis (README, "Production").
run-production: install $(PDFTOPPM) $(NGINX) $(MODEL)
	$(APP_PY) -m devtools.production run

lint: $(APP_VENV)/.installed
	$(APP_VENV)/bin/ruff check .
	$(APP_VENV)/bin/ruff format --check .

typecheck: $(APP_VENV)/.installed
	$(APP_VENV)/bin/mypy

validate: $(BOT_VENV)/.installed $(FAQ_RESPONSES)
	$(APP_PY) -m devtools.validate_bot

# Topic accuracy, out-of-scope recall, language accuracy and the most confused topics
# on the held-out set (tests/nlu/heldout.yml, never used for training).
evaluate: $(MODEL)
	$(BOT_PY) bot/evaluate.py --json test-artifacts/understanding.json

# Rasa's own 5-fold cross-validation of the NLU data (about five trainings: slow, not in `make test`).
cross-validate: $(BOT_VENV)/.installed $(FAQ_RESPONSES)
	$(BOT_VENV)/bin/rasa test nlu --nlu bot/data --config config.yml --cross-validation --folds 5 \
	  --out test-artifacts/cross-validation

test: install $(CHROMIUM) $(PDFTOPPM) $(NGINX) lint typecheck validate $(MODEL)
	mkdir -p test-artifacts
	$(BOT_PY) -m pytest tests/actions tests/common -q -p no:cacheprovider
	$(BOT_VENV)/bin/rasa test core --model $(MODEL) --stories tests/conversations \
	  --fail-on-prediction-errors --out test-artifacts/conversations --quiet
	$(BOT_PY) bot/evaluate.py --check --json test-artifacts/understanding.json
	$(APP_PY) -m pytest tests -q --ignore=tests/actions
	@# The intake API's suite once more on PostgreSQL (a fresh schema per run, dropped afterwards).
	INTAKE_TEST_DATABASE_URL=$(INTAKE_TEST_DATABASE_URL) $(APP_PY) -m pytest tests/intake_api tests/analytics tests/staff -q -p no:cacheprovider
	@# The production topology (nginx, replicas, PostgreSQL, Redis) under load and faults; restarts PostgreSQL once.
	INNBYGGER_PRODUCTION_TESTS=1 $(APP_PY) -m pytest tests/production -q -p no:cacheprovider

clean:
	rm -rf .venv models data widget/node_modules widget/dist $(FAQ_RESPONSES)
