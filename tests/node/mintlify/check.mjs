// Runs Mintlify's own published checks on files we generate; used by tests/test_mintlify.py.
//   node check.mjs openapi SPEC      @mintlify/openapi-parser validate() (what the CLI's openapi-check builds on)
//   node check.mjs docs-json FILE    @mintlify/validation validateDocsConfig() (docs.json schema)
//   node check.mjs prebuild DIR      @mintlify/prebuild prebuild(DIR, {strict}) (what `mint dev` runs first: reads
//                                    docs.json, resolves every "METHOD /path" page against the spec, fails on warnings)
// Prints one JSON object {ok, errors} and exits 0 when ok, 1 when not.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [what, target] = process.argv.slice(2);
let result;
if (what === 'openapi') {
  const { validate } = await import('@mintlify/openapi-parser');
  const r = await validate(readFileSync(target, 'utf8'));
  result = { ok: r.valid, errors: (r.errors ?? []).map((e) => e.message ?? String(e)) };
} else if (what === 'docs-json') {
  const { validateDocsConfig } = await import('@mintlify/validation');
  const r = validateDocsConfig(JSON.parse(readFileSync(target, 'utf8')));
  result = { ok: r.success, errors: r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
} else if (what === 'prebuild') {
  const { prebuild } = await import('@mintlify/prebuild');
  const site = path.resolve(target);
  // prebuild writes its output (src/_props, public) relative to the working directory: keep it in a scratch folder.
  const out = mkdtempSync(path.join(tmpdir(), 'mint-prebuild-'));
  process.chdir(out);
  try {
    await prebuild(site, { strict: true, localSchema: true });
    const nav = JSON.parse(readFileSync(path.join(out, 'src/_props/generatedDocsNav.json'), 'utf8'));
    result = { ok: true, errors: [], nav };
  } catch (e) {
    result = { ok: false, errors: [e?.message ?? String(e)] };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
} else {
  console.error('usage: node check.mjs openapi|docs-json|prebuild PATH');
  process.exit(2);
}
// Exit explicitly: Mintlify's modules leave timers behind that would keep node alive for seconds.
process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(result.ok ? 0 : 1));
