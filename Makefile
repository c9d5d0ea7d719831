# Two commands on a fresh machine:  make docs  (build the site from the spec)  and  make test  (the whole suite).
# Both create .venv from requirements.lock themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SPEC   := specs/ai-gateway.openapi.json
NODE_DIR := tests/node

.PHONY: all venv docs test serve validate lint bundle reference mintlify mock system-deps node-deps lock clean bench pr-summary typecheck \
	docs-version publish spec-diff spec-diff-comment

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

# The package type-checks (pyproject.toml [tool.mypy]) before the suite runs.
typecheck: venv
	$(BIN)/mypy

test: venv system-deps node-deps typecheck
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

# The docs version mike publishes: MAJOR.MINOR of the bundled spec's info.version (1.0.3 -> 1.0). Plain python3: no
# venv, so `make -s docs-version` prints the version alone.
docs-version:
	@$(PYTHON) -c "import json; v = json.load(open('$(SPEC)'))['info']['version']; print('.'.join(v.split('.')[:2]))"

# Versioned docs into the gh-pages branch, pushed to $(PUBLISH_REMOTE): docs.yml runs this on main once the test
# workflow passed there. The changelog is regenerated from the spec's git history (needs the full history), then
# mike builds the site (mkdocs.yml is strict) as $(make docs-version) with the alias latest, replacing the alias's
# previous target; earlier versions stay in gh-pages. Commits to gh-pages are made as github-actions[bot] when git
# has no identity (a runner); a configured identity is kept, and git's config is never written.
PUBLISH_REMOTE ?= origin
publish: lint
	$(BIN)/gateway-docs changelog
	@version=$$($(MAKE) -s --no-print-directory docs-version) && [ -n "$$version" ] || exit 2; \
	if ! git config user.email >/dev/null; then \
	  export GIT_COMMITTER_NAME="github-actions[bot]"; \
	  export GIT_COMMITTER_EMAIL="41898282+github-actions[bot]@users.noreply.github.com"; \
	fi; \
	export PATH="$(abspath $(BIN)):$$PATH" NO_MKDOCS_2_WARNING=1; \
	set -x; \
	git fetch $(PUBLISH_REMOTE) gh-pages || echo "no gh-pages branch on $(PUBLISH_REMOTE) yet: mike creates it"; \
	mike deploy --push --remote $(PUBLISH_REMOTE) --update-aliases "$$version" latest && \
	mike set-default --push --remote $(PUBLISH_REMOTE) latest

# The spec-diff check (spec-diff.yml): the spec's fragments at the merge base with $(BASE) against the working tree's.
# Writes spec-diff.md (the PR comment; also appended to $$GITHUB_STEP_SUMMARY when set), prints annotations
# (--format github) and exits with diff's code: 1 when a breaking change is not accepted in
# specs/accepted-changes.yaml, 2 when a side cannot be read.
BASE ?= origin/main
spec-diff: venv
	@base=$$(git merge-base "$(BASE)" HEAD) || { echo "no merge base with $(BASE)" >&2; exit 2; }; \
	status=0; \
	$(BIN)/gateway-docs diff "git:$$base:specs/src" specs/src --format markdown -o spec-diff.md || status=$$?; \
	$(BIN)/gateway-docs diff "git:$$base:specs/src" specs/src --format github || true; \
	if [ -n "$${GITHUB_STEP_SUMMARY:-}" ] && [ -f spec-diff.md ]; then cat spec-diff.md >> "$$GITHUB_STEP_SUMMARY"; fi; \
	if [ "$$status" -eq 1 ]; then echo "breaking spec changes: see spec-diff.md (the PR comment), or accept them in specs/accepted-changes.yaml" >&2; fi; \
	exit $$status

# Posts spec-diff.md on pull request $(PR) with gh (GH_TOKEN), editing this account's last comment there if it has one.
spec-diff-comment:
	@[ -n "$(PR)" ] || { echo "usage: make spec-diff-comment PR=<number>" >&2; exit 2; }
	@[ -s spec-diff.md ] || { echo "no spec-diff.md: run make spec-diff first" >&2; exit 2; }
	gh pr comment "$(PR)" --body-file spec-diff.md --edit-last || gh pr comment "$(PR)" --body-file spec-diff.md

lock: venv
	$(BIN)/python -m pip freeze --all --exclude-editable --exclude pip | sed '1i # Exact pins for every Python dependency (runtime + tests). Regenerate: make lock' > requirements.lock

clean:
	rm -rf $(VENV) site build .pytest_cache $(NODE_DIR)/node_modules $(NODE_DIR)/mintlify/node_modules
