// Starts `ponder sim` (the built dist/cli.js) on a free port and stops it after the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { SimStats } from '../../src/sim/stats';

export type { SimStats };

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const DATA = join(ROOT, '..', 'shared', 'data');
export const MATH500 = join(DATA, 'math500.jsonl');

export interface Sim {
  /** Base URL ending in /v1, as printed by `ponder sim`. */
  url: string;
  /** Server root without /v1 (for /pooling and /sim/stats). */
  origin: string;
  process: ChildProcess;
  /** What it wrote to stderr so far (kept with a failed workbench test's artefacts). */
  log(): string;
  stats(): Promise<SimStats>;
  stop(): Promise<void>;
}

export async function startSim(args: string[] = []): Promise<Sim> {
  const child = spawn(process.execPath, [CLI, 'sim', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([
    new Promise<string>((resolve) => lines.once('line', resolve)),
    once(child, 'exit').then(() => {
      throw new Error(`ponder sim exited before printing its URL:\n${stderr}`);
    }),
  ]);
  const url = first.trim();
  const origin = url.replace(/\/v1\/?$/, '');
  return {
    url,
    origin,
    process: child,
    log: () => stderr,
    async stats() {
      const r = await fetch(`${origin}/sim/stats`);
      return (await r.json()) as SimStats;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/**
 * The simulator's in-flight count once it has seen the closed sockets: the client closes them at
 * once, but the server notices a moment later. Gives up after a second (the issues' bound).
 */
export async function inFlightSettles(sim: Sim): Promise<number> {
  let inFlight = (await sim.stats()).inFlight;
  for (let i = 0; i < 50 && inFlight > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    inFlight = (await sim.stats()).inFlight;
  }
  return inFlight;
}
