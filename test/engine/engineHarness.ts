// Runs the engine in-process against an endpoint and collects its events, checking each one's schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createEngine } from '../../src/core/index';
import { solveEventSchema } from '../../src/shared/eventSchema';
import type { SolveEvent, SolveResult } from '../../src/shared/events';
import { DEFAULT_SETTINGS, mergeSettings, type PonderSettings } from '../../src/shared/settings';
import type { StrategyChoice } from '../../src/shared/strategies';
import { MATH500 } from '../helpers/sim';

/** Start times (performance.now()), URLs and bodies of every HTTP call this process makes through fetch. */
export const fetchCalls: { url: string; at: number; body: string }[] = [];
const originalFetch = globalThis.fetch;
// The openai client and the pooling verifier both call the global fetch; record each call as it is made.
globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  fetchCalls.push({
    url: input instanceof Request ? input.url : String(input),
    at: performance.now(),
    body: typeof init?.body === 'string' ? init.body : '',
  });
  return originalFetch(input, init);
};

export interface Problem {
  problem: string;
  answer: string;
  level: number;
}

export const PROBLEMS: Problem[] = readFileSync(MATH500, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Problem);

export function engineSettings(url: string, overrides: Record<string, unknown> = {}): PonderSettings {
  const base = {
    policy: { url, model: 'ponder-sim-policy', continuation: 'continue-final-message' },
    verifier: { kind: 'vllm-pooling', url, model: 'ponder-sim-prm' },
    request: { timeoutMs: 5000 },
  };
  const merged = mergeSettings(mergeSettings(DEFAULT_SETTINGS, base).settings, overrides);
  assert.deepEqual(merged.problems, []);
  return merged.settings;
}

/** Asserts the run's event contract: started first, one result (or fatal error) last, all valid. */
export function checkEventContract(events: SolveEvent[]): void {
  for (const event of events) {
    const parsed = solveEventSchema.safeParse(event);
    assert.ok(
      parsed.success,
      `invalid ${event.type} event: ${JSON.stringify(event).slice(0, 300)}\n${parsed.success ? '' : parsed.error.message}`,
    );
  }
  assert.equal(events[0]?.type, 'started');
  const last = events[events.length - 1];
  const endings = events.filter((e) => e.type === 'result' || (e.type === 'error' && e.fatal));
  assert.equal(endings.length, 1, 'exactly one result or fatal error');
  assert.equal(endings[0], last, 'the result (or fatal error) comes last');
  for (let i = 1; i < events.length; i++) assert.ok(events[i].t >= events[i - 1].t, 'event times never go back');
}

export async function solveInProcess(
  settings: PonderSettings,
  request: { problem: string; budget?: number; strategy?: StrategyChoice; probe?: boolean; seed?: number; signal?: AbortSignal },
  onEvent?: (event: SolveEvent) => void,
): Promise<{ events: SolveEvent[]; result: SolveResult }> {
  const engine = createEngine(settings, {});
  const run = engine.solve(request);
  const events: SolveEvent[] = [];
  for await (const event of run) {
    events.push(event);
    onEvent?.(event);
  }
  return { events, result: await run.result };
}
