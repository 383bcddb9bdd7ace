// Runs the built CLI (dist/cli.js) as a child process for the eval tests.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../helpers/sim';
import type { Sim } from '../helpers/sim';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

export function endpointArgs(sim: Sim): string[] {
  return ['--policy-url', sim.url, '--verifier-url', sim.origin, '--verifier-model', 'ponder-sim-prm'];
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ponder-eval-${prefix}-`));
}
