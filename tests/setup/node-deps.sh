#!/usr/bin/env bash
# Installs the pinned npm packages the tests use (openai@^6 for TypeScript snippets/mock tests, Mintlify's validator,
# and the corpus of other people's specs: @readme/oas-examples, @octokit/openapi) from each folder's package-lock.json.
# Skips a folder whose lock is unchanged since its last install.
set -euo pipefail
# tests/node/mintlify is a separate install: its .npmrc omits optional dependencies (the mint CLI's ~680 MB of AI SDKs).
# ../corpus holds only spec files (tests/test_corpus.py).
cd "$(dirname "$0")/../node"
for dir in . mintlify ../corpus; do
  [ -f "$dir/package.json" ] || continue
  stamp=$dir/node_modules/.lock-stamp
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then continue; fi
  echo "node-deps: npm ci in tests/node/$dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
done
