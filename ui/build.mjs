// Builds the web view into ui/dist: the page, the stylesheet, and minified scripts split at the
// views — app.js holds what the Invite screen needs at start; Bulk, History and Settings (and
// what only they use) are chunks loaded on their first visit.
import { build } from "esbuild";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ui = dirname(fileURLToPath(import.meta.url));
// INVITE_DESK_BENCH=1 (scripts/bench.sh) builds the benchmark hooks in: the page's timeline
// report and the floor page. The app everyone else builds and ships carries neither.
const bench = process.env.INVITE_DESK_BENCH === "1";
const dist = join(ui, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const built = await build({
  entryPoints: { app: join(ui, "src", "main.ts") },
  bundle: true,
  splitting: true,
  minify: true,
  format: "esm",
  target: ["es2022"],
  outdir: dist,
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "none",
  define: { __BENCH__: JSON.stringify(bench) },
  logLevel: "warning",
  metafile: true,
});
// The chunks app.js imports at start are named in the page, so the web view fetches them beside
// app.js instead of after reading it (one round of loading, not two).
const app = Object.entries(built.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith("main.ts"));
if (!app) throw new Error("esbuild wrote no app.js");
const preload = app[1].imports
  .filter((i) => i.kind === "import-statement")
  .map((i) => `    <link rel="modulepreload" href="${relative(dist, i.path)}" />\n`)
  .join("");
const page = readFileSync(join(ui, "index.html"), "utf8");
const script = '    <script type="module" src="app.js"></script>\n';
if (!page.includes(script)) throw new Error("ui/index.html no longer loads app.js as expected");
writeFileSync(join(dist, "index.html"), page.replace(script, preload + script));
cpSync(join(ui, "styles.css"), join(dist, "styles.css"));
if (bench) for (const f of ["floor.html", "floor.js"]) cpSync(join(ui, f), join(dist, f)); // the benchmark floor
