# Partnerhub: `make demo` runs the platform with demo data, `make test` runs the suite.
# Both set up everything they need on a machine that has Python 3.11 and pip.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test install browser lint format messages clean

demo: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo "Partnerhub demo: http://127.0.0.1:$(PORT)/  (stop with Ctrl-C)"
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP) browser
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || \
		$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

# Browser tests drive Debian's Chromium through Playwright (never `playwright install`);
# the catalogue check needs GNU gettext. Both come from apt-get when missing.
browser:
	@./scripts/install-test-deps

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Update the translation catalogues and compile them (needs GNU gettext).
messages: $(STAMP)
	cd src/partnerhub && ../../$(BIN)/django-admin makemessages -l de -l en -l fr -l es --no-obsolete \
		--ignore "*/migrations/*"
	cd src/partnerhub && ../../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var/partnerhub.sqlite3* test-artifacts
