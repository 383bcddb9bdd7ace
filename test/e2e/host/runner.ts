// A small test runner for the extension host: the driver (test/e2e/*.test.ts) loads a bundled suite as
// `extensionTestsPath`; the workbench calls its `run()`, which runs the suite's tests in order and posts
// each outcome to the driver's report listener (PONDER_E2E_REPORT, set on the code-server process).
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

function post(body: unknown): Promise<void> {
  const url = process.env.PONDER_E2E_REPORT;
  if (!url) return Promise.reject(new Error('PONDER_E2E_REPORT is not set: start this suite through test/e2e (the driver sets it)'));
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(data);
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Runs the tests one after another; a failure is reported and the next test still runs. */
export async function runSuite(suite: string, tests: readonly HostTest[]): Promise<void> {
  await post({ type: 'begin', suite, tests: tests.map((t) => t.name) });
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
    await post({ type: 'test', ...outcome });
  }
  await post({ type: 'end', suite, failed });
}
