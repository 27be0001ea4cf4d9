# Kuntaportaali. `make run` builds, creates the site with demo data and serves it;
# `make test` builds if needed and runs the whole test suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BUILDOUT := $(VENV)/bin/buildout
LOCALES := src/municipality.policy/src/municipality/policy/locales src/municipality.theme/src/municipality/theme/locales
# Serving (make run | debug | run-relstorage | serve-relstorage), chosen at run time:
# listen address and port, and waitress threads per Zope process (instance/serve.py).
HTTP_HOST ?= 127.0.0.1
HTTP_PORT ?= 8080
THREADS ?= 2
SERVE := bin/zopepy instance/serve.py --host $(HTTP_HOST) --port $(HTTP_PORT) --threads $(THREADS)
URL := http://$(if $(filter 127.0.0.1 0.0.0.0 localhost,$(HTTP_HOST)),localhost,$(HTTP_HOST)):$(HTTP_PORT)/kunta
export KP_INSTANCE_NAME ?= main

.PHONY: help build run run-relstorage serve-relstorage setup-site test test-fast lint format i18n postgres-start postgres-stop bench bench-quick clean

help:
	@echo "make run             build, create site 'kunta' with demo data, serve $(URL) (debug mode off)"
	@echo "make debug           the same with Zope debug mode on (development only)"
	@echo "make test            build if needed and run the whole test suite"
	@echo "make run-relstorage  the same on PostgreSQL (KP_RELSTORAGE_DSN, or a private cluster under var/postgres)"
	@echo "make serve-relstorage HTTP_PORT=8081   one more Zope process on that database"
	@echo "  serving: HTTP_HOST=$(HTTP_HOST) HTTP_PORT=$(HTTP_PORT) THREADS=$(THREADS); logs in var/log/"
	@echo "make lint | format | i18n | bench | bench-quick"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -r requirements-build.txt

.installed.cfg: $(VENV)/bin/python buildout.cfg versions.cfg versions-extra.cfg src/municipality.policy/pyproject.toml src/municipality.theme/pyproject.toml
	$(BUILDOUT) -N
	touch .installed.cfg

build: .installed.cfg i18n
	@mkdir -p var/filestorage var/blobstorage var/log

# Compile the translation catalogues (.po -> .mo).
i18n: .installed.cfg
	@for po in $(addsuffix /*/LC_MESSAGES/*.po,$(LOCALES)); do \
	  msgfmt_out=$${po%.po}.mo; \
	  bin/pybabel compile -i "$$po" -o "$$msgfmt_out" || exit 1; \
	done

setup-site: build
	bin/instance run instance/setup_site.py

# Serve on FileStorage: debug mode off, access log var/log/instance-access.log.
# `make debug` is the same with Zope debug mode on. The port is checked first.
.PHONY: debug
run debug: build
	@$(SERVE) --check-port
	bin/instance run instance/setup_site.py
	bin/instance run instance/tick.py
	@echo "Kuntaportaali: $(URL)  (admin / admin)$(if $(filter debug,$@),  debug mode)"
	$(SERVE) --conf parts/instance/etc/zope.conf --name instance $(if $(filter debug,$@),--debug)

# The clock job (publication/clock.py): notices, scrubs of personal data and
# removals from the web due today; `make tick TODAY=2027-01-15` tries a day.
.PHONY: tick
tick: build
	bin/instance run instance/tick.py $(if $(TODAY),--today $(TODAY))

# SÄHKE2 transfer of closed permanent cases (docs: README "Siirto arkistoon")
.PHONY: transfer
transfer: build
	bin/instance run instance/transfer.py $(TRANSFER_ARGS)

# A merging municipality's collective.exportimport export as a new, closed
# archive creator (archive/merger; README "Kuntaliitos"); resumable: run again.
.PHONY: import
import: build
	@test -n "$(SOURCE)" -a -n "$(CODE)" || { echo "usage: make import SOURCE=DIR CODE=ENTI [ID=..] [TITLE=..] [MAPPING=FILE] [BATCH=200]"; exit 2; }
	bin/instance run instance/import.py --source "$(SOURCE)" --code "$(CODE)" $(if $(ID),--id "$(ID)") $(if $(TITLE),--title "$(TITLE)") $(if $(MAPPING),--mapping "$(MAPPING)") --batch $(or $(BATCH),200)

postgres-start:
	@instance/postgres.sh start

postgres-stop:
	@instance/postgres.sh stop

# RelStorage on PostgreSQL. With KP_RELSTORAGE_DSN unset, a private cluster is started.
run-relstorage: build
	@$(SERVE) --check-port
	@if [ -z "$$KP_RELSTORAGE_DSN" ]; then export KP_RELSTORAGE_DSN="$$(instance/postgres.sh start)"; fi; \
	  echo "RelStorage DSN: $$KP_RELSTORAGE_DSN"; \
	  bin/relstorage run instance/setup_site.py && \
	  echo "Kuntaportaali on RelStorage: $(URL)" && \
	  $(SERVE) --conf parts/relstorage/etc/zope.conf --name relstorage

# One more Zope process on the same RelStorage database: make serve-relstorage HTTP_PORT=8081
serve-relstorage: build
	@if [ -z "$$KP_RELSTORAGE_DSN" ]; then export KP_RELSTORAGE_DSN="$$(instance/postgres.sh dsn)"; fi; \
	  KP_INSTANCE_NAME=port$(HTTP_PORT) $(SERVE) --conf parts/relstorage/etc/zope.conf

# The whole suite; the 25 slowest steps (setups included) close the log.
test: build
	bin/pytest tests --durations=25 $(PYTEST_ARGS)

# The edit-test loop: no browser, no PostgreSQL, no slow tests.
test-fast: build
	bin/pytest tests -m "not browser and not relstorage and not slow" --durations=10 $(PYTEST_ARGS)

# An existing .venv gets what requirements-build.txt added since (import-linter).
$(VENV)/bin/lint-imports: $(VENV)/bin/python requirements-build.txt
	$(VENV)/bin/pip install -q -r requirements-build.txt
	touch $@

# Style, and the subpackages' dependency order ([tool.importlinter] in pyproject.toml).
lint: $(VENV)/bin/python $(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check src tests bench instance
	$(VENV)/bin/ruff format --check src tests bench instance
	cd src/municipality.policy/src && ../../../$(VENV)/bin/lint-imports --no-cache ../../../pyproject.toml

format: $(VENV)/bin/python
	$(VENV)/bin/ruff check --fix src tests bench instance
	$(VENV)/bin/ruff format src tests bench instance

bench: build
	bin/zopepy bench/run.py

# Every benchmark once with tiny sizes (does it run?); figures to a temp file.
bench-quick: build
	bin/zopepy bench/run.py --quick --output $${TMPDIR:-/tmp}/kp-bench-quick.json

clean:
	rm -rf bin develop-eggs parts .installed.cfg

# axe-core for the accessibility scan (tests/test_a11y.py), pinned by
# tests/a11y/package-lock.json; npm installs it, nothing downloads a browser.
A11Y_AXE := tests/a11y/node_modules/axe-core/axe.min.js
build: $(A11Y_AXE)
$(A11Y_AXE): tests/a11y/package.json tests/a11y/package-lock.json
	npm ci --prefix tests/a11y --ignore-scripts --no-audit --no-fund
	touch $@
