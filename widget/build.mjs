// Bundles the widget into dist/: one script (socket.io-client included) and its
// stylesheet, minified. Run by `npm run build` (the Makefile does it at install).
import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const target = ["es2020", "chrome87", "edge88", "firefox78", "safari15"];
const banner = `/*! Innbyggerdialog chat widget ${pkg.version}; includes socket.io-client (MIT) */`;

await build({
  entryPoints: ["src/index.js"],
  outfile: "dist/innbyggerdialog.js",
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target,
  banner: { js: banner },
  define: { __WIDGET_VERSION__: JSON.stringify(pkg.version) },
  legalComments: "none",
  logLevel: "warning",
});
await build({
  entryPoints: ["src/widget.css"],
  outfile: "dist/innbyggerdialog.css",
  bundle: true,
  minify: true,
  target,
  banner: { css: banner },
  logLevel: "warning",
});

for (const file of ["dist/innbyggerdialog.js", "dist/innbyggerdialog.css"]) {
  const raw = statSync(file).size;
  const gz = gzipSync(readFileSync(file), { level: 9 }).length;
  console.log(`${file}: ${(raw / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzip`);
}
