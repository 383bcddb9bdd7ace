// A small test runner for the extension host: the driver (test/e2e/*.test.ts) loads a bundled suite as
// `extensionTestsPath`; the workbench calls its `run()`, which runs the suite's tests in order and posts
// each outcome to the driver's report listener (PONDER_E2E_REPORT, set on the code-server process).
// Under @vscode/test-electron (npm run test:electron), which has no listener, outcomes go to the
// console and `run()` rejects when a test failed, as that runner expects.
import { request } from 'node:http';

export interface HostTest {
  name: string;
  fn: () => Promise<void>;
}

export interface HostTestOutcome {
  suite: string;
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

function reportUrl(path = ''): string {
  const url = process.env.PONDER_E2E_REPORT;
  if (!url) throw new Error('PONDER_E2E_REPORT is not set: start this suite through test/e2e (the driver sets it)');
  return new URL(path, url).toString();
}

function post(body: unknown): Promise<void> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      reportUrl(),
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Posts values to the driver one after another, in order (the driver reads them with `waitForItems`). */
export function streamer(suite: string): (item: unknown) => void {
  let chain = Promise.resolve();
  return (item) => {
    chain = chain.then(() => post({ type: 'item', suite, item })).catch(() => undefined);
  };
}

/**
 * For suites that watch while the driver uses the workbench like a person: says the watcher is set
 * up, waits until the driver releases the suite, then hands the driver what it collected.
 */
export async function watchUntilReleased(suite: string, collected: () => unknown): Promise<void> {
  await post({ type: 'watching', suite });
  await new Promise<void>((resolve, reject) => {
    const req = request(reportUrl(`release/${suite}`), { method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
  await post({ type: 'data', suite, data: collected() });
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

type SuiteReport =
  { type: 'begin'; suite: string; tests: string[] } | ({ type: 'test' } & HostTestOutcome) | { type: 'end'; suite: string; failed: number };

/** Prints what the driver would be posted (no PONDER_E2E_REPORT: run by @vscode/test-electron). */
async function print(report: SuiteReport): Promise<void> {
  if (report.type === 'test')
    console.log(
      `${report.ok ? 'ok' : 'FAILED'} [${report.suite}] ${report.name} (${report.ms} ms)${report.ok ? '' : `\n  ${report.error}`}`,
    );
}

/**
 * Runs the tests one after another; a failure is reported and the next test still runs. Without a
 * driver to report to, rejects at the end when any test failed.
 */
export async function runSuite(suite: string, tests: readonly HostTest[]): Promise<void> {
  const toDriver = process.env.PONDER_E2E_REPORT !== undefined;
  const report: (body: SuiteReport) => Promise<void> = toDriver ? post : print;
  await report({ type: 'begin', suite, tests: tests.map((t) => t.name) });
  let failed = 0;
  for (const test of tests) {
    const start = Date.now();
    let outcome: HostTestOutcome;
    try {
      await test.fn();
      outcome = { suite, name: test.name, ok: true, ms: Date.now() - start };
    } catch (error) {
      failed++;
      outcome = { suite, name: test.name, ok: false, error: describeError(error), ms: Date.now() - start };
    }
    await report({ type: 'test', ...outcome });
  }
  await report({ type: 'end', suite, failed });
  if (!toDriver && failed > 0) throw new Error(`${failed} of ${tests.length} tests failed in the ${suite} suite`);
}
