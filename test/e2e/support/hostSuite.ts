// Runs an extension-host suite (test/e2e/host/<name>.ts) inside the real workbench: bundles it with
// esbuild, opens the workbench with the extension-development payload, and collects the outcomes the
// suite posts to a loopback report listener. Fails on a failed test, on a missing outcome and on a time-out.
import { build } from 'esbuild';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
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
  | { type: 'end'; suite: string; failed: number };

export interface ReportListener {
  url: string;
  /** Resolves with the suite's outcomes when it posts `end`. */
  waitForSuite(suite: string, timeoutMs: number): Promise<HostTestOutcome[]>;
  close(): Promise<void>;
}

export async function startReportListener(): Promise<ReportListener> {
  const outcomes = new Map<string, HostTestOutcome[]>();
  const ended = new Map<string, () => void>();
  const endedSuites = new Set<string>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const report = JSON.parse(body) as Report;
      if (report.type === 'begin') outcomes.set(report.suite, []);
      else if (report.type === 'test') {
        outcomes.get(report.suite)?.push(report);
        process.stderr.write(`  [host ${report.suite}] ${report.ok ? 'ok' : 'FAILED'} ${report.name} (${report.ms} ms)\n${report.ok ? '' : `    ${report.error}\n`}`);
      } else {
        endedSuites.add(report.suite);
        ended.get(report.suite)?.();
      }
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
          const soFar = (outcomes.get(suite) ?? []).map((o) => `${o.ok ? 'ok' : 'FAILED'} ${o.name}${o.ok ? '' : `\n  ${o.error}`}`).join('\n');
          reject(new Error(`host suite ${suite} did not finish within ${timeoutMs} ms; finished so far:\n${soFar || '(none)'}`));
        }, timeoutMs);
        if (endedSuites.has(suite)) done();
        else ended.set(suite, done);
      });
    },
    async close() {
      server.close();
      server.closeAllConnections();
    },
  };
}

export interface HostRunOptions {
  browser: Browser;
  serverUrl: string;
  reports: ReportListener;
  /** The suite's file name under test/e2e/host, without `.ts`. */
  suite: string;
  folder: string;
  /** The extension to develop; absent: only installed extensions (e.g. the packaged .vsix) run. */
  extensionDevelopmentPath?: string;
  timeoutMs?: number;
}

/** Opens a workbench page that runs the suite; resolves with its outcomes and the page (close it when done). */
export async function runHostSuite(options: HostRunOptions): Promise<{ outcomes: HostTestOutcome[]; page: Page }> {
  const payload: Array<[string, string]> = [
    ['extensionTestsPath', remotePath(options.serverUrl, join(HOST_OUT, options.suite))],
    ['skipWelcome', 'true'],
  ];
  if (options.extensionDevelopmentPath) payload.unshift(['extensionDevelopmentPath', remotePath(options.serverUrl, options.extensionDevelopmentPath)]);
  const page = await options.browser.newPage({ viewport: { width: 1400, height: 900 } });
  const finished = options.reports.waitForSuite(options.suite, options.timeoutMs ?? 240_000);
  await page.goto(workbenchUrl(options.serverUrl, options.folder, payload));
  const outcomes = await finished;
  return { outcomes, page };
}
