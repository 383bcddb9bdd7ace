// Runs an extension-host suite (test/e2e/host/<name>.ts) inside the real workbench: bundles it with
// esbuild, opens the workbench with the extension-development payload, and collects the outcomes the
// suite posts to a loopback report listener. Fails on a failed test, on a missing outcome and on a time-out.
import { build } from 'esbuild';
import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT } from '../../helpers/sim';
import type { HostTestOutcome } from '../host/runner';
import { remotePath, workbenchUrl } from './browser';

export const HOST_OUT = join(ROOT, 'out', 'e2e');

/** Bundles host suites into out/e2e/<name>.js (CommonJS, `vscode` external), as the extension host loads them. */
export async function bundleHostSuites(names: readonly string[]): Promise<void> {
  await build({
    entryPoints: names.map((n) => join(ROOT, 'test', 'e2e', 'host', `${n}.ts`)),
    outdir: HOST_OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

type Report =
  | { type: 'begin'; suite: string; tests: string[] }
  | ({ type: 'test' } & HostTestOutcome)
  | { type: 'end'; suite: string; failed: number }
  | { type: 'watching'; suite: string }
  | { type: 'data'; suite: string; data: unknown }
  | { type: 'item'; suite: string; item: unknown };

interface Signal<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function newSignal<T>(): Signal<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface ReportListener {
  url: string;
  /** Resolves with the suite's outcomes when it posts `end`. */
  waitForSuite(suite: string, timeoutMs: number): Promise<HostTestOutcome[]>;
  /** Resolves when a watching suite (see `watchUntilReleased`) is set up. */
  waitForWatching(suite: string, timeoutMs: number): Promise<void>;
  /** Resolves with everything a suite streamed so far, once `ready(items)` holds. */
  waitForItems(suite: string, ready: (items: readonly unknown[]) => boolean, what: string, timeoutMs?: number): Promise<unknown[]>;
  /** Lets a watching suite finish; resolves with the data it collected. */
  release(suite: string, timeoutMs: number): Promise<unknown>;
  close(): Promise<void>;
}

export async function startReportListener(): Promise<ReportListener> {
  const outcomes = new Map<string, HostTestOutcome[]>();
  const ended = new Map<string, () => void>();
  const endedSuites = new Set<string>();
  const signals = new Map<string, Signal<unknown>>();
  const items = new Map<string, unknown[]>();
  const itemArrived = new EventEmitter();
  const signal = (key: string) => {
    let s = signals.get(key);
    if (!s) signals.set(key, (s = newSignal()));
    return s;
  };
  const server: Server = createServer((req, res) => {
    const release = /^\/release\/(.+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && release) {
      void signal(`release:${release[1]}`).promise.then(() => res.end('released'));
      return;
    }
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const report = JSON.parse(body) as Report;
      if (report.type === 'begin') outcomes.set(report.suite, []);
      else if (report.type === 'test') {
        outcomes.get(report.suite)?.push(report);
        process.stderr.write(
          `  [host ${report.suite}] ${report.ok ? 'ok' : 'FAILED'} ${report.name} (${report.ms} ms)\n${report.ok ? '' : `    ${report.error}\n`}`,
        );
      } else if (report.type === 'end') {
        endedSuites.add(report.suite);
        ended.get(report.suite)?.();
      } else if (report.type === 'watching') signal(`watching:${report.suite}`).resolve(undefined);
      else if (report.type === 'item') {
        const list = items.get(report.suite) ?? [];
        list.push(report.item);
        items.set(report.suite, list);
        itemArrived.emit('item', report.suite);
      } else signal(`data:${report.suite}`).resolve(report.data);
      res.end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('report listener has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    waitForSuite(suite, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          resolve(outcomes.get(suite) ?? []);
        };
        const timer = setTimeout(() => {
          const soFar = (outcomes.get(suite) ?? [])
            .map((o) => `${o.ok ? 'ok' : 'FAILED'} ${o.name}${o.ok ? '' : `\n  ${o.error}`}`)
            .join('\n');
          reject(new Error(`host suite ${suite} did not finish within ${timeoutMs} ms; finished so far:\n${soFar || '(none)'}`));
        }, timeoutMs);
        if (endedSuites.has(suite)) done();
        else ended.set(suite, done);
      });
    },
    waitForWatching(suite, timeoutMs) {
      return withTimeout(
        signal(`watching:${suite}`).promise.then(() => undefined),
        timeoutMs,
        `host suite ${suite} to start watching`,
      );
    },
    waitForItems(suite, ready, what, timeoutMs = 60_000) {
      const current = () => items.get(suite) ?? [];
      if (ready(current())) return Promise.resolve([...current()]);
      return withTimeout(
        new Promise<unknown[]>((resolve) => {
          const onItem = (from: string) => {
            if (from !== suite || !ready(current())) return;
            itemArrived.off('item', onItem);
            resolve([...current()]);
          };
          itemArrived.on('item', onItem);
        }),
        timeoutMs,
        what,
      );
    },
    release(suite, timeoutMs) {
      signal(`release:${suite}`).resolve(undefined);
      return withTimeout(signal(`data:${suite}`).promise, timeoutMs, `host suite ${suite} to hand over its data`);
    },
    async close() {
      server.close();
      server.closeAllConnections();
    },
  };
}

export interface HostRunOptions {
  /** A browser (a fresh context per page) or a context (pages share storage, e.g. SecretStorage). */
  browser: Browser | BrowserContext;
  serverUrl: string;
  reports: ReportListener;
  /** The suite's file name under test/e2e/host, without `.ts`. */
  suite: string;
  folder: string;
  /** The extension to develop; absent: only installed extensions (e.g. the packaged .vsix) run. */
  extensionDevelopmentPath?: string;
  timeoutMs?: number;
}

/** Opens a workbench page that runs the suite, if any (without waiting for it); close the page when done. */
export async function openWorkbench(options: Omit<HostRunOptions, 'reports' | 'timeoutMs' | 'suite'> & { suite?: string }): Promise<Page> {
  const payload: Array<[string, string]> = [['skipWelcome', 'true']];
  if (options.suite) payload.unshift(['extensionTestsPath', remotePath(options.serverUrl, join(HOST_OUT, options.suite))]);
  if (options.extensionDevelopmentPath)
    payload.unshift(['extensionDevelopmentPath', remotePath(options.serverUrl, options.extensionDevelopmentPath)]);
  const page = await options.browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(workbenchUrl(options.serverUrl, options.folder, payload));
  return page;
}

/** Runs a suite to its end; resolves with its outcomes and the page (close it when done). */
export async function runHostSuite(options: HostRunOptions): Promise<{ outcomes: HostTestOutcome[]; page: Page }> {
  const finished = options.reports.waitForSuite(options.suite, options.timeoutMs ?? 240_000);
  const page = await openWorkbench(options);
  return { outcomes: await finished, page };
}
