// The budget property: for every strategy and budget, with and without injected faults, the run
// ends in a result with usage.generations <= budget, the simulator never serves more than the
// strategy's budget allows, and no request is sent after the result.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STRATEGY_NAMES, type StrategyChoice } from '../../src/shared/strategies';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { checkEventContract, engineSettings, fetchCalls, PROBLEMS, solveInProcess } from './engineHarness';
import { servedGenerations, startRecorder } from './recorder';

/** Generations asked for again by requests repeating an earlier body (retries) to this recorder. */
function repeatedGenerations(url: string): number {
  const seen = new Set<string>();
  let repeated = 0;
  for (const call of fetchCalls.filter((c) => c.url.startsWith(url) && /completions$/.test(c.url))) {
    if (seen.has(call.body)) repeated += (JSON.parse(call.body) as { n?: number }).n ?? 1;
    seen.add(call.body);
  }
  return repeated;
}

const BUDGETS = [1, 2, 3, 4, 7, 8, 16, 64];
const STRATEGIES: StrategyChoice[] = [...STRATEGY_NAMES, 'auto'];
const FAULTS = [
  '--fail-rate',
  '0.1',
  '--rate-limit-rate',
  '0.1',
  '--stall-rate',
  '0.1',
  '--stall-ms',
  '6000',
  '--truncate-rate',
  '0.1',
  '--malformed-rate',
  '0.1',
];

for (const faulty of [false, true]) {
  // Runs are latency-bound (retries, Retry-After, timeouts), so they overlap; each has its own recorder.
  describe(`budget property ${faulty ? 'with 10% of each fault kind' : 'without faults'}`, { concurrency: faulty ? 12 : 4 }, () => {
    let sim: Sim;
    before(async () => {
      sim = await startSim(['--problems', MATH500, '--seed', faulty ? '7' : '3', ...(faulty ? FAULTS : [])]);
    });
    after(() => sim.stop());

    STRATEGIES.forEach((strategy, s) => {
      BUDGETS.forEach((budget, b) => {
        test(`${strategy} at budget ${budget}`, async () => {
          const recorder = await startRecorder(sim.origin);
          try {
            const problem = PROBLEMS[(s * 31 + b * 7) % PROBLEMS.length];
            // With faults, a short timeout turns stalls into retries quickly. Without, nothing stalls: a
            // timeout there only measures a saturated machine (a 10 s one once retried a request the
            // simulator had served in full, counting 65 served at budget 64), so it is out of reach.
            const settings = engineSettings(recorder.url, { request: { timeoutMs: faulty ? 2500 : 120_000 } });
            let resultAt = Infinity;
            const { events, result } = await solveInProcess(settings, { problem: problem.problem, budget, strategy }, (e) => {
              if (e.type === 'result') resultAt = performance.now();
            });
            const where = `${strategy} at budget ${budget}`;
            checkEventContract(events);
            assert.equal(events[events.length - 1].type, 'result', `${where} ends in a result: ${result.error ?? ''}`);
            assert.ok(result.usage.generations <= budget, `${where}: usage ${result.usage.generations} > budget`);
            assert.ok(result.usage.failedGenerations <= result.usage.generations, where);
            if (!faulty) assert.equal(result.usage.failedGenerations, 0, where);
            const served = servedGenerations(recorder.requests);
            const route = events.find((e) => e.type === 'route');
            assert.ok(route && route.type === 'route');
            if (route.strategy === 'beam' || route.strategy === 'lookahead') {
              // Search steps: at most N (beam) or N(k+1) (lookahead) partial solutions at a time, and
              // rounds follow one another, so the peak in flight bounds each round.
              // (With faults, a retry can reach the proxy before it sees the abandoned attempt close.)
              if (!faulty)
                assert.ok(
                  recorder.peakGenerationsInFlight <= budget,
                  `${where}: ${recorder.peakGenerationsInFlight} generations in flight`,
                );
              const rounds = Math.max(1, ...events.map((e) => (e.type === 'candidate' && e.round !== undefined ? e.round : 0)));
              assert.ok(
                served <= budget * rounds + (faulty ? repeatedGenerations(recorder.url) : 0),
                `${where}: served ${served} over ${rounds} rounds`,
              );
            } else {
              // With faults, an attempt that timed out may still have been served in full (its answer
              // sat unread in a busy client); its retry repeats the same body. Those repeats are the
              // only generations the simulator may serve beyond the budget.
              assert.ok(
                served <= budget + (faulty ? repeatedGenerations(recorder.url) : 0),
                `${where}: the simulator served ${served} generations (${repeatedGenerations(recorder.url)} of them repeated an earlier request's body)`,
              );
              if (!faulty) assert.equal(served, result.usage.generations, `${where}: served = used`);
            }
            const late = fetchCalls.filter((c) => c.url.startsWith(recorder.url.replace(/\/v1$/, '')) && c.at > resultAt);
            assert.deepEqual(late, [], `${where}: requests sent after the result`);
          } finally {
            await recorder.close();
          }
        });
      });
    });
  });
}
