# Two commands on a fresh machine:  make docs  (build the site from the spec)  and  make test  (the whole suite).
# Both create .venv from requirements.lock themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SPEC   := specs/ai-gateway.openapi.json
NODE_DIR := tests/node

.PHONY: all venv docs test serve validate lint bundle reference mintlify mock system-deps node-deps lock clean bench pr-summary

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

# Mintlify: the API-reference group in docs/mintlify/docs.json, the spec beside it (with x-codeSamples from
# docs/snippets) and the guides as MDX pages in docs/mintlify/guides/, updated in place (only when changed). Files
# without the generated-by marker are never overwritten. The test suite runs `gateway-docs mintlify $(MINTLIFY_ARGS)
# --check` (tests/test_mintlify.py: keep the two in step), so a commit with a stale docs/mintlify fails CI.
MINTLIFY_ARGS := --guides --guides-anchor Documentation
mintlify: bundle
	$(BIN)/gateway-docs mintlify $(MINTLIFY_ARGS)

# Live preview on http://127.0.0.1:8000: spec, snippet and template edits regenerate the affected pages.
# The mock gateway runs beside it on http://127.0.0.1:$(MOCK_PORT) (loopback only), so the try-it console on the
# reference pages has a gateway to call; it stops when the preview stops (Ctrl+C).
MOCK_PORT ?= 8080
SERVE_ADDR ?= 127.0.0.1:8000
serve: venv
	@$(BIN)/gateway-docs mock --host 127.0.0.1 --port $(MOCK_PORT) & mock=$$!; \
	trap 'kill $$mock 2>/dev/null' EXIT INT TERM; \
	SITE_URL=http://$(SERVE_ADDR)/ NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr $(SERVE_ADDR)

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

# The pull-request job summary (Markdown: preview artifact link, lint findings, spec diff); preview.yml appends it to
# $$GITHUB_STEP_SUMMARY, locally it prints. No venv prerequisite, so no install output can end up in the summary.
pr-summary:
	@bash .github/workflows/pr-summary.sh

lock: venv
	$(BIN)/python -m pip freeze --all --exclude-editable --exclude pip | sed '1i # Exact pins for every Python dependency (runtime + tests). Regenerate: make lock' > requirements.lock

clean:
	rm -rf $(VENV) site build .pytest_cache $(NODE_DIR)/node_modules $(NODE_DIR)/mintlify/node_modules
