// Compiles MDX pages with @mdx-js/mdx, the compiler Mintlify renders pages with (via @mintlify/mdx), plus the
// remark plugins that page syntax needs: remark-frontmatter (the YAML block every page starts with) and remark-gfm
// (tables, strikethrough). One node process for all files: start-up costs more than compiling a page.
//   node compile-mdx.mjs FILE...
// Prints one JSON object {ok, errors: [{file, message}]} and exits 0 when every file compiled, 1 when not.
import { readFileSync } from 'node:fs';
import { compile } from '@mdx-js/mdx';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';

const errors = [];
for (const file of process.argv.slice(2)) {
  try {
    await compile(readFileSync(file, 'utf8'), { remarkPlugins: [remarkFrontmatter, remarkGfm] });
  } catch (e) {
    const where = e?.place?.start ?? e?.place ?? e?.position?.start;
    const at = where?.line ? `:${where.line}:${where.column}` : '';
    errors.push({ file: file + at, message: e?.reason ?? e?.message ?? String(e) });
  }
}
const result = { ok: errors.length === 0, errors };
process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(result.ok ? 0 : 1));
