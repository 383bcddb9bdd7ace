// The shared set-up of the workbench tests: the built extension, ponder sim, a copy of the sample
// workspace, code-server with user settings pointing Ponder at the sim, and Chromium.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { MATH500, ROOT, startSim, type Sim } from '../../helpers/sim';
import { launchBrowser } from './browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { bundleHostSuites, startReportListener, type ReportListener } from './hostSuite';

export const ARTIFACTS = join(ROOT, '.test-artifacts');

export interface Fixture {
  sim: Sim;
  codeServer: CodeServer;
  browser: Browser;
  reports: ReportListener;
  /** A scratch copy of samples/, opened as the workbench folder. */
  workspace: string;
  stop(): Promise<void>;
}

export function requireBuild(): void {
  for (const file of ['dist/extension.js', 'dist/server.js', 'dist/webview.js', 'dist/cli.js']) {
    assert.ok(existsSync(join(ROOT, file)), `${file} is missing: run "npm run build" first (npm test does)`);
  }
}

/** A scratch copy of the sample workspace (tests edit documents; the repository's samples stay as they are). */
export function copySamples(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponder-e2e-ws-'));
  cpSync(join(ROOT, 'samples'), dir, { recursive: true });
  return dir;
}

// Some latency and a capacity of 16 sequences: a 16-generation run takes about a second, a
// 256-generation one long enough to be cancelled or crashed in flight by a person's click.
export const SIM_ARGS = ['--problems', MATH500, '--ttft-ms', '30', '--tokens-per-second', '400', '--capacity', '16'];

/** User settings that point Ponder at the sim (the host suites check them). */
export function simUserSettings(sim: Sim): Record<string, unknown> {
  return {
    'ponder.policy.url': sim.url,
    'ponder.verifier.kind': 'vllm-pooling',
    'ponder.verifier.url': sim.origin,
    'ponder.verifier.model': 'ponder-sim-prm',
  };
}

export interface FixtureOptions {
  suites: readonly string[];
  /** Arguments for `ponder sim` after SIM_ARGS (e.g. `--emulate vllm`). */
  simArgs?: readonly string[];
  /** Runs once the sim is up, before code-server starts (e.g. to start a proxy in front of the sim). */
  beforeCodeServer?: (sim: Sim) => Promise<void>;
  /** User settings on top of the defaults that point Ponder at the sim. */
  userSettings?: (sim: Sim) => Record<string, unknown>;
  env?: Record<string, string>;
  codeServer?: Omit<CodeServerOptions, 'userSettings' | 'env'>;
}

/**
 * The logs of a workbench test file, kept in .test-artifacts/logs/<file>/ beside its failure screenshots:
 * code-server's output, the workbench's own logs (extension host, the Ponder output channels with the
 * language server's log) and the simulator's stderr. Written at every stop, so a failure always has them.
 */
function keepLogs(codeServer: CodeServer, sim: Sim): void {
  const dir = join(ARTIFACTS, 'logs', basename(process.argv[1] ?? 'e2e').replace(/\.test\.ts$/, ''));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'code-server.log'), codeServer.output());
  writeFileSync(join(dir, 'ponder-sim.log'), sim.log());
  const workbenchLogs = join(codeServer.userDataDir, 'logs');
  if (existsSync(workbenchLogs)) cpSync(workbenchLogs, join(dir, 'workbench'), { recursive: true });
}

export async function startFixture(options: FixtureOptions): Promise<Fixture> {
  requireBuild();
  const started: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of started.reverse()) await step().catch(() => undefined);
  };
  try {
    if (options.suites.length) await bundleHostSuites(options.suites);
    const sim = await startSim([...SIM_ARGS, ...(options.simArgs ?? [])]);
    started.push(() => sim.stop());
    const reports = await startReportListener();
    started.push(() => reports.close());
    await options.beforeCodeServer?.(sim);
    const workspace = copySamples();
    started.push(async () => rmSync(workspace, { recursive: true, force: true }));
    const codeServer = await startCodeServer({
      ...options.codeServer,
      userSettings: { ...simUserSettings(sim), ...options.userSettings?.(sim) },
      env: { PONDER_E2E_REPORT: reports.url, PONDER_E2E_POLICY_URL: sim.url, PONDER_E2E_SIM_ORIGIN: sim.origin, ...options.env },
    });
    started.push(async () => {
      await codeServer.stop();
      keepLogs(codeServer, sim);
      // PONDER_E2E_KEEP=1 keeps the workbench's logs and settings for a look after a failure.
      if (process.env.PONDER_E2E_KEEP) process.stderr.write(`kept code-server user data: ${codeServer.userDataDir}\n`);
      else rmSync(codeServer.userDataDir, { recursive: true, force: true });
    });
    const browser = await launchBrowser();
    started.push(() => browser.close());
    return { sim, codeServer, browser, reports, workspace, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
