#!/usr/bin/env bash
# Installs the pinned npm packages the tests use (openai@^6 for TypeScript snippets/mock tests, Mintlify's validator)
# into tests/node/node_modules from tests/node/package-lock.json. Skips when the lock is unchanged since the last install.
set -euo pipefail
# tests/node/mintlify is a separate install: its .npmrc omits optional dependencies (the mint CLI's ~680 MB of AI SDKs).
cd "$(dirname "$0")/../node"
for dir in . mintlify; do
  [ -f "$dir/package.json" ] || continue
  stamp=$dir/node_modules/.lock-stamp
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then continue; fi
  echo "node-deps: npm ci in tests/node/$dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
done
