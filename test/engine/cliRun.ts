// Spawns `node dist/cli.js solve ... --json` and parses its NDJSON stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { SolveEvent } from '../../src/shared/events';
import { CLI } from '../helpers/sim';

export interface CliRun {
  child: ChildProcess;
  events: SolveEvent[];
  /** Resolves on the first event of `type`. */
  waitFor(type: SolveEvent['type']): Promise<SolveEvent>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; events: SolveEvent[] }>;
}

export function simArgs(url: string): string[] {
  return ['--policy-url', url, '--policy-model', 'ponder-sim-policy', '--verifier-url', url, '--verifier-model', 'ponder-sim-prm'];
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const events: SolveEvent[] = [];
  const waiters: { type: SolveEvent['type']; resolve: (e: SolveEvent) => void }[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    const event = JSON.parse(line) as SolveEvent;
    events.push(event);
    for (const w of waiters.filter((w) => w.type === event.type)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(event);
    }
  });
  const closed = once(lines, 'close');
  const done = once(child, 'exit').then(async ([code, signal]) => {
    await closed;
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, stderr, events };
  });
  return {
    child,
    events,
    waitFor: (type) => {
      const seen = events.find((e) => e.type === type);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ type, resolve }));
    },
    done,
  };
}
