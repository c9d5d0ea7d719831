# Two commands on a fresh machine:  make docs  (build the site from the spec)  and  make test  (the whole suite).
# Both create .venv from requirements.lock themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SPEC   := specs/ai-gateway.openapi.json
NODE_DIR := tests/node

.PHONY: all venv docs test serve validate lint bundle reference mintlify mock system-deps node-deps lock clean bench

all: docs

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

venv: $(STAMP)

bundle: venv
	$(BIN)/gateway-docs bundle

validate: bundle
	$(BIN)/gateway-docs validate specs/src
	$(BIN)/gateway-docs validate $(SPEC)

# The style and contract rules (docs/lint-rules.md); config in pyproject.toml [tool.gateway-docs.lint].
lint: validate
	$(BIN)/gateway-docs lint

docs: lint mintlify
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Mintlify: the API-reference group in docs/mintlify/docs.json and the spec beside it, updated in place (only when
# changed). The test suite runs `gateway-docs mintlify --check`, so a commit with a stale docs/mintlify fails CI.
mintlify: bundle
	$(BIN)/gateway-docs mintlify

# Live preview on http://127.0.0.1:8000: spec, snippet and template edits regenerate the affected pages.
serve: venv
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

# The reference pages as Markdown files in docs/reference/ (gitignored; the site build renders them itself).
reference: venv
	$(BIN)/gateway-docs reference

# Debian packages the tests drive (chromium for the browser tests, curl for the shell snippets).
system-deps:
	@bash tests/setup/system-deps.sh

node-deps:
	@bash tests/setup/node-deps.sh

test: venv system-deps node-deps
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Benchmarks against the peer tools (each script installs its pinned npm tools into benchmarks/node_modules).
bench: venv
	$(BIN)/python benchmarks/lint_bench.py
	$(BIN)/python benchmarks/mock_bench.py
	$(BIN)/python benchmarks/render_bench.py
	$(BIN)/python benchmarks/mintlify_bench.py
	$(BIN)/python benchmarks/snippets_bench.py
	$(BIN)/python benchmarks/diff_bench.py

lock: venv
	$(BIN)/python -m pip freeze --all --exclude-editable --exclude pip | sed '1i # Exact pins for every Python dependency (runtime + tests). Regenerate: make lock' > requirements.lock

clean:
	rm -rf $(VENV) site build .pytest_cache $(NODE_DIR)/node_modules $(NODE_DIR)/mintlify/node_modules
