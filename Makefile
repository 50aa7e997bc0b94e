# icnet: everything people do, as make targets. Only python3 (3.11+) is needed to start.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-dev checkers assets lighthouse run test test-fast lint format messages compilemessages migrations-check lock bench observatory backup restore cluster cluster-stop clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt | $(PY)
	$(PIP) install --quiet --require-hashes -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed compilemessages ## Create .venv, install the pinned dependencies, compile catalogues

install-dev: $(VENV)/.installed-dev compilemessages

compilemessages: | $(PY)
	$(PY) manage.py compile_catalogues

run: install ## Migrate the embedded database, load the demo data and serve on 127.0.0.1:8000
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo --index-examples
	@echo ""
	@echo "  Public site:  http://$(HOST):$(PORT)/it/   (English: http://$(HOST):$(PORT)/en/)"
	@echo "  Back office:  http://$(HOST):$(PORT)/admin/"
	@$(PY) manage.py demo_accounts
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

checkers: ## axe-core and the Nu HTML checker, from the npm registry (needs npm; java runs vnu)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory node_modules/.installed; \
	else echo "npm is missing: the accessibility and HTML checks will be skipped"; fi

# The design system, built from npm into committed static files (so `make run` needs no
# Node): a subset of Bootstrap Italia's Sass, the Titillium Web faces, their licences; the
# outline of Italy for the locator maps; the logo drawn from Titillium Web's glyphs.
BI := node_modules/bootstrap-italia
DI := static/designers-italia
TITILLIUM := $(BI)/dist/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin
assets: node_modules/.installed | $(VENV)/.installed ## Rebuild static/designers-italia, static/geo and the logo from npm packages (needs npm)
	mkdir -p $(DI)/fonts static/geo
	node_modules/.bin/sass --style=compressed --no-source-map --quiet-deps \
		--silence-deprecation=import,global-builtin,color-functions \
		--load-path=$(BI)/src/scss assets/designers-italia.scss $(DI)/bootstrap-italia.min.css
	for face in regular 600 700; do install -m 644 $(TITILLIUM)-$$face.woff2 $(DI)/fonts/; done
	install -m 644 $(BI)/dist/fonts/Titillium_Web/OFL.txt $(DI)/fonts/OFL.txt
	install -m 644 $(BI)/LICENSE $(DI)/LICENSE
	$(PY) -m tools.italy_outline node_modules/world-atlas/countries-50m.json static/geo/italy-outline.json
	install -m 644 node_modules/world-atlas/LICENSE static/geo/LICENSE-world-atlas
	$(PY) -m tools.logo $(TITILLIUM)-700.ttf $(TITILLIUM)-regular.ttf static/icnet

test: install-dev checkers ## Install the dev extra and run the whole suite
	$(VENV)/bin/pytest -m "not cluster" $(PYTEST_ARGS)
	@# The cluster's app servers keep the database's content-type ids in memory: their tests
	@# run on a test database of their own, untouched by the rest of the suite.
	$(VENV)/bin/pytest -m cluster $(PYTEST_ARGS)

test-fast: install-dev ## The suite without browser tests, reusing the test database
	$(VENV)/bin/pytest --reuse-db -m "not browser" $(PYTEST_ARGS)

lint: install-dev ## ruff, and import-linter's layer contracts (pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install-dev ## Add new strings to the it and en catalogues, dropping no translation (needs GNU gettext)
	@# The catalogues also translate other packages' strings and the gendered messages,
	@# which makemessages cannot find in this code: the entries kept come first, then
	@# the new ones (untranslated). Remove an entry nothing uses any more by hand. When a
	@# step fails, each catalogue as it was is left beside it as .po.kept.
	@set -e; \
	for po in locale/*/LC_MESSAGES/*.po; do \
	  if [ -e "$$po.kept" ]; then echo "$$po.kept is left from a run that failed: put it back first"; exit 1; fi; \
	done; \
	for po in locale/*/LC_MESSAGES/*.po; do cp "$$po" "$$po.kept"; done; \
	$(PY) manage.py makemessages --no-location --no-obsolete -l it -l en --ignore=.venv --ignore=var --ignore=node_modules; \
	$(PY) manage.py makemessages --no-location --no-obsolete -d djangojs -l it -l en --ignore=.venv --ignore=var --ignore=node_modules --ignore=static/vendor; \
	for po in locale/*/LC_MESSAGES/*.po; do \
	  msgcat --use-first "$$po.kept" "$$po" -o "$$po.merged" || { echo "msgcat failed on $$po (a string changed between singular and plural?): $$po.kept is the catalogue as it was"; exit 1; }; \
	  mv "$$po.merged" "$$po"; rm "$$po.kept"; \
	done

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

lock: install-dev ## Re-pin the dependencies after changing pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.txt pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.txt pyproject.toml

bench: install ## Benchmark a synthetic network under gunicorn; writes docs/performance.md
	@command -v wrk >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; } || echo "wrk is missing: using the Python load generator"
	$(PY) -m bench

lighthouse: install ## Lighthouse 12 (npx) over the public page types in both languages; prints the table (--write: docs/performance.md)
	$(PY) -m bench.lighthouse $(LIGHTHOUSE_ARGS)

observatory: ## The MDN HTTP Observatory's grade of a running make cluster (README, Security)
	$(PY) -m bench.observatory

backup: install ## Back up the database and the media into a new folder under BACKUP_DIR (var/backups)
	$(PY) manage.py backup

restore: install ## Restore a backup into an empty database: make restore BACKUP=var/backups/icnet-...
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=var/backups/icnet-..."; exit 2; }
	$(PY) manage.py restore $(BACKUP) $(RESTORE_ARGS)

cluster: install-dev compilemessages ## SeaweedFS, two app servers and nginx on 127.0.0.1 (PostgreSQL and Redis from the machine); Ctrl-C stops
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { echo "nginx is missing: apt-get install nginx"; exit 1; }
	$(PY) deploy/cluster.py

cluster-stop: ## Stop a cluster started by make cluster in another terminal
	$(PY) deploy/cluster.py stop

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
