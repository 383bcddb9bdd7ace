// A tiny local web server for the panel under its production CSP: the HTML comes from the same
// `buildPanelHtml` the extension uses; the panel script is bundled from source (as scripts/build.mjs
// does); the fake VS Code API is a second nonce'd script. Chromium is driven by playwright-core.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { PanelInitialState } from '../../../src/shared/messages';
import { buildPanelHtml } from '../../../src/shared/panelHtml';

export const ROOT = join(__dirname, '..', '..', '..');
export { CHROMIUM, launchChromium } from '../../helpers/chromium';
export const ARTIFACTS = join(ROOT, '.test-artifacts', 'webview');
const KATEX_DIST = join(dirname(require.resolve('katex/package.json')), 'dist');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export interface Harness {
  origin: string;
  /** Initial state embedded in the next page's HTML (then cleared). */
  setInitialState(state: PanelInitialState | undefined): void;
  stop(): Promise<void>;
}

/** The panel's style sheet, and KaTeX's CSS and fonts (as scripts/build.mjs copies them to media/katex). */
function staticFile(pathname: string): string | null {
  if (pathname === '/media/panel.css') return join(ROOT, 'media', 'panel.css');
  if (!pathname.startsWith('/media/katex/')) return null;
  const file = normalize(join(KATEX_DIST, decodeURIComponent(pathname.slice('/media/katex/'.length))));
  return file.startsWith(KATEX_DIST + '/') ? file : null;
}

async function bundle(entry: string, minify: boolean): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify,
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/** `minify: false` keeps function names, for profiles. */
export async function startHarness(options: { minify?: boolean } = {}): Promise<Harness> {
  const minify = options.minify ?? true;
  const [panelScript, harnessScript] = await Promise.all([
    bundle('src/webview/main.ts', minify),
    bundle('test/webview/page/harness.ts', minify),
  ]);
  let initialState: PanelInitialState | undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/panel') {
      const nonce = randomBytes(16).toString('base64');
      const html = buildPanelHtml({
        cspSource: origin,
        nonce,
        scriptUri: `${origin}/dist/webview.js`,
        styleUris: [`${origin}/media/panel.css`],
        katexCssUri: `${origin}/media/katex/katex.min.css`,
        initialState,
      });
      initialState = undefined;
      // The harness script goes first, with the same nonce, so the panel finds acquireVsCodeApi.
      const withHarness = html.replace(
        '<script nonce=',
        `<script nonce="${nonce}" src="${origin}/harness.js"></script>\n    <script nonce=`,
      );
      return send(200, 'text/html; charset=utf-8', withHarness);
    }
    if (url.pathname === '/dist/webview.js') return send(200, TYPES['.js'], panelScript);
    if (url.pathname === '/harness.js') return send(200, TYPES['.js'], harnessScript);
    if (url.pathname === '/favicon.ico') return send(204, 'text/plain', '');
    const file = staticFile(url.pathname);
    if (file && existsSync(file)) return send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    setInitialState(state) {
      initialState = state;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface PanelPage {
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  /** Console errors and page errors. */
  errors: string[];
  dialogs: string[];
}

/** Opens the harness page and waits until the panel posted `ready`. */
export async function openPanel(
  browser: Browser,
  harness: Harness,
  options: { theme?: 'light' | 'dark' | 'high-contrast'; width?: number; height?: number } = {},
): Promise<PanelPage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
  const page = await context.newPage();
  // tsx compiles test code with esbuild's keepNames, which wraps named functions in a `__name`
  // helper; functions passed to page.evaluate need it in the page too (test code only).
  await page.addInitScript('window.__name = (fn) => fn;');
  const result: PanelPage = { page, requests: [], errors: [], dialogs: [] };
  page.on('request', (r) => result.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') result.errors.push(m.text());
  });
  page.on('pageerror', (e) => result.errors.push(String(e)));
  page.on('dialog', (d) => {
    result.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${harness.origin}/panel?theme=${options.theme ?? 'dark'}`);
  await waitForReady(page);
  return result;
}

export async function waitForReady(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    (window as unknown as HarnessWindow).__harness.posted.some((m) => (m as { type?: string }).type === 'ready'),
  );
}

/** What the harness script exposes on `window` (see page/harness.ts). */
export interface HarnessWindow {
  __harness: {
    posted: unknown[];
    violations: { directive: string; blockedURI: string; sample: string }[];
    send(message: unknown): void;
    savedState(): unknown;
    frame(): Promise<void>;
  };
}
