// Builds every bundle in dist/ with esbuild and copies KaTeX's CSS and fonts into media/katex.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// vega-canvas's Node build uses top-level await (to try the optional 'canvas' package), which a CommonJS
// bundle cannot hold; its browser build falls back to estimated text metrics, enough for SVG plots.
const vegaCanvasWithoutNodeCanvas = {
  name: 'vega-canvas-without-node-canvas',
  setup(b) {
    b.onResolve({ filter: /^vega-canvas$/ }, () => ({
      path: join(root, 'node_modules', 'vega-canvas', 'build', 'vega-canvas.browser.js'),
    }));
  },
};

const node = {
  bundle: true,
  plugins: [vegaCanvasWithoutNodeCanvas],
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // ESM-only dependencies read import.meta.url; give the CommonJS bundle a working one.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const targets = [
  { entry: 'src/extension/main.ts', out: 'dist/extension.js', options: { ...node, external: ['vscode'] } },
  { entry: 'src/server/main.ts', out: 'dist/server.js', options: node },
  { entry: 'src/cli/main.ts', out: 'dist/cli.js', options: { ...node, banner: { js: '#!/usr/bin/env node\n' + node.banner.js } } },
  {
    entry: 'src/webview/main.ts',
    out: 'dist/webview.js',
    options: {
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      sourcemap: production ? false : 'linked',
      minify: true,
      logLevel: 'warning',
    },
  },
];

const katexDist = join(dirname(require.resolve('katex/package.json')), 'dist');
const katexMedia = join(root, 'media', 'katex');
rmSync(katexMedia, { recursive: true, force: true });
mkdirSync(katexMedia, { recursive: true });
cpSync(join(katexDist, 'katex.min.css'), join(katexMedia, 'katex.min.css'));
cpSync(join(katexDist, 'fonts'), join(katexMedia, 'fonts'), { recursive: true });

await Promise.all(
  targets.map(async ({ entry, out, options }) => {
    if (!existsSync(join(root, entry))) {
      console.warn(`build: ${entry} does not exist yet; ${out} not built`);
      return;
    }
    await build({ ...options, entryPoints: [join(root, entry)], outfile: join(root, out) });
  }),
);
if (watch) console.warn('build: --watch is not supported; run npm run build again');
