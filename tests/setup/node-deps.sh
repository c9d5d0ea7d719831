#!/usr/bin/env bash
# Installs the pinned npm packages the tests use (openai@^6 for TypeScript snippets/mock tests, Mintlify's validator)
# into tests/node/node_modules from tests/node/package-lock.json. Skips when the lock is unchanged since the last install.
set -euo pipefail
cd "$(dirname "$0")/../node"
[ -f package.json ] || exit 0
stamp=node_modules/.lock-stamp
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then exit 0; fi
echo "node-deps: npm ci in tests/node"
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
