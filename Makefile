# Ketenzicht — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo demo-code test install browser serve lint typecheck security bench clean messages openapi

# The linkage modules that setup.py compiles with mypyc: an edit rebuilds them.
NATIVE  = src/ketenzicht/common/identifiers.py $(addprefix src/ketenzicht/linkage/,normalise.py \
          blocking.py compare.py scoring.py batch.py)

$(STAMP): pyproject.toml setup.py $(NATIVE)
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate the SQLite database, load the demo region, serve on 127.0.0.1:8000
demo: $(STAMP)
	KZ_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	KZ_DEBUG=1 KZ_DEMO_FIXED_OTP=1 $(BIN)/python manage.py demo_load
	KZ_DEBUG=1 KZ_DEMO_FIXED_OTP=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make demo-code WHO=<username>: the current second-factor code of a demo user
demo-code: $(STAMP)
	@KZ_DEBUG=1 KZ_DEMO_FIXED_OTP=1 $(BIN)/python manage.py demo_otp $(WHO)

## make test: install and run the whole suite (browser tests in Debian's Chromium when present)
test: $(STAMP) browser
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not browser and not spark"
	$(BIN)/python -m pytest -m browser -p no:xdist

## Installs Debian's chromium for the browser tests when possible (root with apt-get).
browser:
	@scripts/ensure-chromium.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy src/ketenzicht

## make security: bandit (no high-severity finding in src) and pip-audit (no known vulnerability)
security: $(STAMP)
	$(BIN)/bandit -q -r src -lll -x '*/tests/*,*/conftest.py'
	BIN=$(BIN) scripts/pip-audit.sh

bench: $(STAMP)
	$(BIN)/python bench/casework.py

## make openapi: regenerate docs/openapi.yaml, the committed schema of the REST API
openapi: $(STAMP)
	KZ_DEBUG=1 $(BIN)/python manage.py api_schema

## Collect new UI strings into the catalogues; translate them in locale/nl, then compile.
messages: $(STAMP)
	cd src/ketenzicht && KZ_DEBUG=1 ../../$(BIN)/python ../../manage.py makemessages -l nl -l en \
		--ignore 'tests/*' --ignore '*/tests/*' --ignore conftest.py
	cd src/ketenzicht && KZ_DEBUG=1 ../../$(BIN)/python ../../manage.py compilemessages

clean:
	rm -rf $(VENV) data .pytest_cache
