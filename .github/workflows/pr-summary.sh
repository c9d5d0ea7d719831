#!/usr/bin/env bash
# The pull-request job summary, as Markdown on stdout: preview.yml runs `make pr-summary >> "$GITHUB_STEP_SUMMARY"`;
# `make pr-summary` prints the same locally. Sections: the built-site artifact, the lint findings, the spec's changes.
# Environment (all optional): PREVIEW_URL (the uploaded artifact's URL), BUILD_OUTCOME (the make docs step's outcome),
# BASE_REF (the commit to diff the spec against; default: the merge base with origin/main or main), or BASE_SPEC (a
# file holding the base spec, instead of taking it from git).
# It reports; it never fails the job: the gates are the lint step of spec-lint.yml and the test workflow.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
GD=${GATEWAY_DOCS:-.venv/bin/gateway-docs}  # overridable for tests/test_workflows.py
SPEC=specs/ai-gateway.openapi.json

# shellcheck disable=SC2016  # the backticks are the Markdown fence, not a command
fence() { printf '```%s\n%s\n```\n' "$1" "$2"; }

echo "## Docs preview"
echo
if [ -n "${PREVIEW_URL:-}" ]; then
  echo "**The built site:** [download the \`site-preview\` artifact]($PREVIEW_URL), then"
  echo "\`unzip site-preview.zip -d site-preview && python3 -m http.server -d site-preview\` and open"
  echo "http://127.0.0.1:8000 (the pages link to folders, which a file:// URL does not open as pages)."
elif [ "${BUILD_OUTCOME:-}" = failure ]; then
  echo "**The site did not build** (\`make docs\` failed): see that step's log. No preview was uploaded."
else
  echo "No preview artifact in this run; \`make docs\` builds the site into \`site/\`."
fi
echo

if [ ! -x "$GD" ]; then
  echo "gateway-docs is not installed (.venv): no lint findings or spec diff."
  exit 0
fi

echo "### Lint findings"
echo
lint=$("$GD" lint --format text --color never "$SPEC" 2>&1)
status=$?
if [ "$status" -eq 0 ]; then
  echo "Nothing at error level under the configured rules (\`[tool.gateway-docs.lint]\` in pyproject.toml):"
else
  echo "**Lint fails** (exit $status): spec-lint's annotations mark the lines."
fi
echo
fence text "$lint"
echo

echo "### Spec changes"
echo
if ! "$GD" diff --help >/dev/null 2>&1; then
  # Guarded until the `diff` command lands: then this section fills itself in, with no change here.
  echo "diff not available: this version of gateway-docs has no \`diff\` command."
  exit 0
fi
old=$(mktemp "${TMPDIR:-/tmp}/base-spec.XXXXXX.json")
trap 'rm -f "$old"' EXIT
if [ -n "${BASE_SPEC:-}" ]; then
  cp "$BASE_SPEC" "$old" || exit 0
  echo "\`$SPEC\` against $BASE_SPEC (base):"
else
  base=${BASE_REF:-}
  if [ -z "$base" ]; then
    base=$(git merge-base HEAD origin/main 2>/dev/null || git merge-base HEAD main 2>/dev/null || true)
  fi
  if [ -z "$base" ] || ! git show "$base:$SPEC" >"$old" 2>/dev/null; then
    echo "No base spec to compare with (${base:-no base commit}: $SPEC not found there)."
    exit 0
  fi
  echo "\`$SPEC\` at $(git rev-parse --short "$base") (base) against this pull request:"
fi
echo
report=$("$GD" diff "$old" "$SPEC" --format markdown 2>&1)
status=$?
echo "$report"
if [ "$status" -ne 0 ]; then
  echo
  echo "(\`gateway-docs diff\` exited $status)"
fi
exit 0
