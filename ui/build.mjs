// Builds the web view into ui/dist: the page, the stylesheet, and minified scripts split at the
// views — app.js holds what the Invite screen needs at start; Bulk, History and Settings (and
// what only they use) are chunks loaded on their first visit.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ui = dirname(fileURLToPath(import.meta.url));
// INVITE_DESK_BENCH=1 (scripts/bench.sh) builds the benchmark hooks in: the page's timeline
// report and the floor page. The app everyone else builds and ships carries neither.
const bench = process.env.INVITE_DESK_BENCH === "1";
const dist = join(ui, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
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
});
cpSync(join(ui, "index.html"), join(dist, "index.html"));
cpSync(join(ui, "styles.css"), join(dist, "styles.css"));
if (bench) for (const f of ["floor.html", "floor.js"]) cpSync(join(ui, f), join(dist, f)); // the benchmark floor
