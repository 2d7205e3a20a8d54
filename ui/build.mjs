// Builds the web view into ui/dist. The page carries what the Invite screen needs at start inside
// it: the stylesheet in a <style> and the first script (main.ts and everything it imports) in one
// inline classic script at the end of <body>, so the form is drawn without a single request after
// the page itself (BENCHMARKS.md, "Start light": each request to the app's own protocol waits on
// the window's main thread, and a module graph of three files started 20 ms later than this).
// Bulk, History, Settings and Follow up are modules of their own under views/, loaded on their
// first visit (main.ts's `import("./history")` …). A module the first script holds is not copied
// into a view: the view reads the first script's instance of it (one `api`, one zone list, one
// account cache), through the registry the first script leaves on `globalThis`.
// Tauri hashes the inline script and style into the window's Content-Security-Policy at build time.
import { build, transform } from "esbuild";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ui = dirname(fileURLToPath(import.meta.url));
const src = join(ui, "src");
// INVITE_DESK_BENCH=1 (scripts/bench.sh) builds the benchmark hooks in: the page's timeline
// report and the floor page. The app everyone else builds and ships carries neither.
const bench = process.env.INVITE_DESK_BENCH === "1";
const dist = join(ui, "dist");
const REGISTRY = "__inviteDeskModules";
// The views main.ts imports on first visit: specifier → [its file in views/, its source].
const VIEWS = {
  "./history": ["history", "history/index.ts"],
  "./settings": ["settings", "settings.ts"],
  "./bulk": ["bulk", "bulk/index.ts"],
  "./followup": ["followup", "followup/index.ts"],
};
const common = {
  bundle: true,
  minify: true,
  target: ["es2022"],
  legalComments: "none",
  define: { __BENCH__: JSON.stringify(bench) },
  logLevel: "warning",
  write: false,
  metafile: true,
};
const key = (path) => relative(ui, path).split("\\").join("/");

// main.ts's imports of the views stay dynamic imports of views/<name>.js.
const viewsApart = {
  name: "views-apart",
  setup(b) {
    b.onResolve({ filter: /^\.\/[a-z]+$/ }, (args) =>
      args.path in VIEWS && args.importer === join(src, "main.ts") && args.kind === "dynamic-import"
        ? { path: `./views/${VIEWS[args.path][0]}.js`, external: true }
        : undefined);
  },
};

// 1. Which modules the first script holds.
const graph = await build({ ...common, entryPoints: [join(src, "main.ts")], format: "iife", plugins: [viewsApart] });
const first = Object.keys(graph.metafile.inputs).map((p) => resolve(p));

// 2. The views, each alone; an import of a module the first script holds reads the registry.
const shared = {
  name: "first-script-modules",
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === "inner" || args.kind === "entry-point") return undefined;
      const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: "inner" });
      if (r.errors.length || !first.includes(r.path)) return undefined;
      return { path: key(r.path), namespace: "first-script" };
    });
    // A CommonJS face on the first script's module: esbuild reads each name through it when used,
    // so a view sees the module's live bindings.
    b.onLoad({ filter: /.*/, namespace: "first-script" }, (args) => ({
      loader: "js",
      contents: `const m = globalThis.${REGISTRY}[${JSON.stringify(args.path)}];
if (!m) throw new Error(${JSON.stringify(`the first script did not register ${args.path}`)});
Object.defineProperty(exports, "__esModule", { value: true });
for (const k of Object.keys(m)) Object.defineProperty(exports, k, { get: () => m[k], enumerable: true });`,
    }));
  },
};
const views = {};
const viewInputs = {};
for (const [name, file] of Object.values(VIEWS)) {
  const out = await build({ ...common, entryPoints: [join(src, file)], format: "esm", plugins: [shared] });
  views[name] = out.outputFiles[0].text;
  viewInputs[name] = Object.keys(out.metafile.inputs).filter((p) => !p.startsWith("first-script:"));
}
// A module two views use and the first script does not would be two copies with two states.
const seen = new Map();
for (const [name, inputs] of Object.entries(viewInputs)) {
  for (const p of inputs) {
    if (seen.has(p)) throw new Error(`${p} is in the views ${seen.get(p)} and ${name}: import it from main.ts's graph, or keep it in one view`);
    seen.set(p, name);
  }
}

// 3. The first script: every module it holds, registered, then main.ts run.
const entry = [
  ...first.map((p, i) => `import * as m${i} from ${JSON.stringify(p)};`),
  `const r = (globalThis.${REGISTRY} = {});`,
  ...first.map((p, i) => `r[${JSON.stringify(key(p))}] = m${i};`),
].join("\n");
const app = await build({
  ...common,
  banner: bench ? { js: '(window.__t ??= []).push("compiled " + performance.now().toFixed(1));' } : {},
  stdin: { contents: entry, resolveDir: src, sourcefile: "first-script.js", loader: "js" },
  format: "iife",
  plugins: [viewsApart],
});
const script = app.outputFiles[0].text;

// 4. The page.
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "views"), { recursive: true });
for (const [name, text] of Object.entries(views)) writeFileSync(join(dist, "views", `${name}.js`), text);
const page = readFileSync(join(ui, "index.html"), "utf8");
const link = '    <link rel="stylesheet" href="styles.css" />\n';
const tag = '    <script src="app.js"></script>\n';
if (!page.includes(link) || !page.includes(tag)) throw new Error("ui/index.html no longer names styles.css and app.js as expected");
const css = (await transform(readFileSync(join(ui, "styles.css"), "utf8"), { loader: "css", minify: true, target: ["safari16"] })).code;
for (const [what, text] of [["stylesheet", css], ["script", script]]) {
  if (/<\/(style|script)/i.test(text)) throw new Error(`the ${what} holds a closing tag and cannot be inlined`);
}
// The benchmark build marks when the parser reaches the head, the end of the stylesheet and the
// script (main.ts reports them with its timeline).
const probe = (at) => (bench ? `<script>(window.__t ??= []).push("${at} " + performance.now().toFixed(1))</script>\n` : "");
const html = page
  .replace("<head>\n", `<head>\n${probe("head")}`)
  .replace(link, `    <style>\n${css}</style>\n${probe("css")}`)
  .replace(tag, `${probe("body")}    <script>${script}</script>\n`);
writeFileSync(join(dist, "index.html"), html);
if (bench) for (const f of ["floor.html", "floor.js"]) cpSync(join(ui, f), join(dist, f)); // the benchmark floor
