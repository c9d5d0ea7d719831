#!/usr/bin/env bash
# Snapshot of everything a user sees for the project's own spec: the built site (with llms*.txt and the Markdown
# copies), the bundled spec, the Mintlify output and the output of every CLI verb. Used to show that a refactor
# changes nothing a user sees:  tests/tools/snapshot_outputs.sh /tmp/before ; (change) ;
# tests/tools/snapshot_outputs.sh /tmp/after ; diff -r /tmp/before /tmp/after
set -uo pipefail
out=${1:?usage: snapshot_outputs.sh OUT_DIR}
cd "$(dirname "$0")/../.."
rm -rf "$out"; mkdir -p "$out/cli"
gd=.venv/bin/gateway-docs
run() { local name=$1; shift; "$@" >"$out/cli/$name.out" 2>"$out/cli/$name.err"; echo "exit $?" >>"$out/cli/$name.out"; }
run help $gd --help
run bundle-check $gd bundle --check
run validate $gd validate
run validate-src $gd validate specs/src
run validate-json $gd validate --format json
for d in tests/fixtures/validate/*/; do f=$(ls -d "$d"spec* | head -1); n=$(basename "$d"); run "validate-$n" $gd validate "$f"; run "lint-$n" $gd lint "$f"; done
run lint $gd lint
run lint-json $gd lint --format json
run lint-sarif $gd lint --format sarif
run lint-github $gd lint --format github
run lint-all $gd lint --preset all
run lint-rules $gd lint --list-rules
run mintlify-check $gd mintlify --guides --guides-anchor Documentation --check  # the Makefile's MINTLIFY_ARGS
run snippets-list $gd snippets list
run snippets-check $gd snippets check
tmp=$(mktemp -d)
cp -r docs/mintlify "$tmp/m"
run mintlify-mdx $gd mintlify --style mdx --guides --guides-anchor Documentation --docs-json "$tmp/m/docs.json"
(cd "$tmp/m" && find . -type f | sort | xargs sha256sum) >"$out/mintlify-mdx-files.txt"
$gd reference --out "$tmp/ref" >/dev/null 2>&1
(cd "$tmp/ref" && find . -type f | sort | xargs sha256sum) >"$out/reference-files.txt"
cp specs/ai-gateway.openapi.json "$out/"
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict -q -d "$tmp/site" >/dev/null 2>&1 || echo "mkdocs build failed" >"$out/site-failed"
# sitemap.xml.gz carries a build date; search_index differs by nothing else.
(cd "$tmp/site" && find . -type f ! -name 'sitemap.xml*' | sort | xargs sha256sum) >"$out/site-files.txt"
cp "$tmp/site/llms.txt" "$tmp/site/llms-full.txt" "$out/" 2>/dev/null
rm -rf "$tmp"
# The CLI prints absolute temp paths in a few messages: make them comparable.
sed -i -E 's#/tmp/tmp[A-Za-z0-9_.]+#TMP#g' "$out"/cli/*
echo "snapshot in $out"
