// `ponder calibrate` learns parameters as well as strategies: a variant measured by the eval (`beam:width=16`)
// that wins in a difficulty bin becomes that bin's row with params, the policy schema accepts it, the held-out
// comparison counts the variant as a fixed strategy, and the router runs a calibrated row with its params.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadPolicy, routeByTable } from '../../src/core/router/router';
import { calibrate } from '../../src/eval/calibrate';
import type { ResultLine } from '../../src/eval/results';
import { createEngine } from '../../src/core/index';
import type { RouteEvent, SolveEvent } from '../../src/shared/events';
import type { SolveRequest } from '../../src/shared/solveRequest';
import type { PonderSettings } from '../../src/shared/settings';
import { engineSettings, PROBLEMS } from '../engine/engineHarness';
import { startSim, type Sim } from '../helpers/sim';

const BUDGETS = [1, 2, 4, 8];
const PROBE = 4;

/**
 * An eval folder of `problems` problems of difficulty d = i / problems, where `right(strategy, d)` says
 * whether a strategy is right (at every budget). The signal falls with d, so predicted bins follow difficulty.
 */
function evalDir(strategies: string[], right: (strategy: string, d: number) => boolean, problems = 60): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponder-calibrate-params-'));
  const lines: ResultLine[] = [];
  for (let i = 0; i < problems; i++) {
    const d = i / problems;
    for (const strategy of strategies)
      for (const budget of BUDGETS)
        lines.push({
          unique_id: `p${i}`,
          level: 1 + Math.floor(d * 5),
          strategy,
          budget,
          params: {},
          answer: right(strategy, d) ? '1' : '2',
          correct: right(strategy, d),
          usage: {
            generations: budget,
            failedGenerations: 0,
            promptTokens: 0,
            completionTokens: 0,
            tokens: 0,
            requests: 1,
            verifierCalls: budget,
          },
          bin: (1 + Math.floor(d * 5)) as ResultLine['bin'],
          predictedBin: 3,
          signal: 1 - d,
        });
  }
  writeFileSync(join(dir, 'results.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const summary = {
    routes: 'with-probe',
    seed: '0',
    probeSize: PROBE,
    signal: 'verifier',
    dataset: { path: 'constructed.jsonl', problems },
    models: { policy: 'constructed', verifier: 'constructed', simulated: false },
  };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  return dir;
}

async function solve(settings: PonderSettings, request: SolveRequest) {
  const run = createEngine(settings, {}).solve(request);
  const events: SolveEvent[] = [];
  for await (const event of run) events.push(event);
  return { events, result: await run.result };
}

describe('calibrate chooses parameters', () => {
  // weighted best-of-N is right on the easiest half, beam (width 4) up to d = 0.7, beam width 16 from 0.3 to
  // 0.9: beam is the best single strategy, and width 16 is better only on the hardest two bins.
  const strategies = ['weighted-best-of-n', 'beam', 'beam:width=16'];
  const right = (s: string, d: number) => (s === 'weighted-best-of-n' ? d < 0.5 : s === 'beam' ? d < 0.7 : d >= 0.3 && d < 0.9);
  const dir = evalDir(strategies, right);
  const result = calibrate(dir, { folds: 2, resamples: 500 });

  test('a bin where a variant wins gets a row with its params; a bare strategy gets none; rows split where params change', () => {
    const { bins } = result.policy;
    for (const bin of ['1', '2', '3'] as const) assert.deepEqual(bins[bin], [{ maxBudget: null, strategy: 'beam' }], `bin ${bin}`);
    // At budget 1 no probe fits and every problem sits in bin 3, so beam (the best overall) holds there.
    for (const bin of ['4', '5'] as const)
      assert.deepEqual(
        bins[bin],
        [
          { maxBudget: 1, strategy: 'beam' },
          { maxBudget: null, strategy: 'beam', params: { width: 16 } },
        ],
        `bin ${bin}`,
      );
  });

  test('the written file is valid for the policy schema and the router applies the row params', () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify(result.policy));
    const policy = loadPolicy(file);
    assert.deepEqual(routeByTable(policy, 5, 8).params, { width: 16 });
    assert.match(routeByTable(policy, 5, 8).reason, /-> beam width=16 \(ponder calibrate\)/);
    assert.deepEqual(routeByTable(policy, 5, 1).params, {});
    assert.deepEqual(routeByTable(policy, 2, 8).params, {});
  });

  test('the held-out comparison counts every variant as a fixed strategy', () => {
    assert.deepEqual(result.strategies, strategies);
    const row = result.heldOut['8'];
    assert.ok(Math.abs(row.fixed['beam:width=16'] - 0.6) < 1e-9, JSON.stringify(row.fixed));
    assert.ok(Math.abs(row.fixed.beam - 0.7) < 1e-9);
    assert.equal(row.bestFixed, 'beam');
    // Routing width 16 to the hard bins adds what no single strategy gives: the interval excludes 0.
    assert.ok(row.learned > row.crossValidatedFixed, `${row.learned} vs ${row.crossValidatedFixed}`);
    assert.ok(row.differenceToCrossValidatedFixed.low > 0, JSON.stringify(row.differenceToCrossValidatedFixed));
    const provenance = result.policy.provenance.heldOut as Record<string, Record<string, unknown>>;
    assert.equal(typeof provenance['8']['beam:width=16'], 'number');
  });

  test('results that name a strategy this ponder cannot route are refused with what to do', () => {
    const bad = evalDir(['beam', 'beam:widht=16'], () => true, 10);
    assert.throws(
      () => calibrate(bad, { folds: 2 }),
      /names the strategy beam:widht=16, which this ponder cannot route .*unknown parameter "widht".*run ponder eval again/,
    );
  });
});

describe('the router runs a calibrated row with its params', () => {
  let sim: Sim;
  before(async () => {
    sim = await startSim();
  });
  after(async () => {
    await sim.stop();
  });

  test('auto routes through the calibrated file and the strategy plans and runs with the row params', async () => {
    // beam width 2 beats weighted best-of-N on every problem it is measured on, so every bin routes to it.
    const dir = evalDir(['weighted-best-of-n', 'beam:width=2'], (s, d) => (s === 'weighted-best-of-n' ? d < 0.5 : d < 0.8));
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(calibrate(dir, { folds: 2, resamples: 200 }).policy));
    for (const bin of ['1', '2', '3', '4', '5'] as const)
      assert.deepEqual(loadPolicy(policyFile).bins[bin], [{ maxBudget: null, strategy: 'beam', params: { width: 2 } }]);
    const settings = engineSettings(sim.url, { router: { policyFile }, difficulty: { probeSize: PROBE } });
    const { events, result } = await solve(settings, { problem: PROBLEMS[0].problem, budget: 8, strategy: 'auto' });
    assert.equal(result.error, undefined);
    const route = events.find((e): e is RouteEvent => e.type === 'route')!;
    assert.equal(route.strategy, 'beam');
    // 4 generations left after the probe of 4: width 2 keeps 2 paths per round (the default width 4 would keep 1).
    assert.equal(route.params.width, 2);
    assert.equal(route.params.kept, 2);
    assert.match(route.reason, /-> beam width=2 \(ponder calibrate\)/);
    assert.ok(result.usage.generations <= 8);
  });

  test("an explicit strategy takes a request's params (as ponder eval runs a variant); auto refuses them", async () => {
    const settings = engineSettings(sim.url);
    const explicit = await solve(settings, { problem: PROBLEMS[0].problem, budget: 8, strategy: 'beam', params: { width: 2 } });
    const route = explicit.events.find((e): e is RouteEvent => e.type === 'route')!;
    assert.equal(route.params.width, 2);
    assert.equal(route.params.kept, 4);
    const bad = await solve(settings, { problem: PROBLEMS[0].problem, budget: 8, strategy: 'beam', params: { width: 1 } });
    assert.equal(bad.result.error, 'invalid parameters: beam.width must be an integer >= 2; got 1');
    const auto = await solve(settings, { problem: PROBLEMS[0].problem, budget: 8, strategy: 'auto', params: { width: 2 } });
    assert.match(
      auto.result.error ?? '',
      /params apply to an explicit strategy; with auto each route takes its params from the policy file's rows/,
    );
    assert.equal(auto.result.usage.generations, 0);
  });
});
