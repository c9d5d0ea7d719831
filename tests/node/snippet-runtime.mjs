// Preloaded by `gateway-docs snippets run` (node --import <this file> docs/snippets/<group>/<name>.ts) so that the
// TypeScript snippets run as they are, on Node 20:
// - tsx strips the types (Node 20 has no --experimental-strip-types);
// - bare imports ("openai", "zod") that do not resolve next to the snippet fall back to this folder's node_modules.
//   ESM ignores NODE_PATH, and docs/ must not hold a node_modules folder (mkdocs would publish it).
import { register } from "node:module";
import "tsx/esm";

const fallbackParent = new URL("./package.json", import.meta.url).href;
const hook = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const bare = !/^(\\.|\\/|[a-z][a-z0-9+.-]*:)/i.test(specifier);
    if (!bare || error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
    return next(specifier, { ...context, parentURL: ${JSON.stringify(fallbackParent)} });
  }
}`;
register("data:text/javascript," + encodeURIComponent(hook));
