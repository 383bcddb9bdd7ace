// The run model on real engine output: `ponder solve --json` against `ponder sim` for the strategies
// whose events have distinct shapes (beam tree, revision chains, a plain vote), 64 generations each.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { SolveEvent } from '../../src/shared/events';
import { compactEvents } from '../../src/shared/runHistory';
import { reduceRun } from '../../src/shared/runModel';
import { candidateSteps, treeRounds } from '../../src/shared/runQueries';
import { CLI, startSim } from '../helpers/sim';
import type { Sim } from '../helpers/sim';

const PROBLEM = 'If $3x + 7 = 22$, what is $x$?';
let sim: Sim;

before(async () => {
  sim = await startSim(['--seed', '5']);
});
after(async () => {
  await sim?.stop();
});

async function solve(strategy: string, budget: number): Promise<SolveEvent[]> {
  const args = [
    CLI,
    'solve',
    PROBLEM,
    '--json',
    '--budget',
    String(budget),
    '--strategy',
    strategy,
    '--policy-url',
    sim.url,
    '--policy-model',
    'ponder-sim-policy',
    '--verifier-url',
    sim.origin,
    '--verifier-model',
    'ponder-sim-prm',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, `ponder solve --strategy ${strategy} failed:\n${err}`);
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as SolveEvent);
}

function count(events: SolveEvent[], type: SolveEvent['type']): number {
  return events.filter((e) => e.type === type).length;
}

describe('run model on engine events', () => {
  for (const strategy of ['beam', 'revisions', 'weighted-best-of-n'] as const) {
    it(`models a ${strategy} run of 64 generations`, async () => {
      const events = await solve(strategy, 64);
      const header = { runId: 'engine', problem: PROBLEM };
      const model = reduceRun(header, events);
      const result = events.at(-1)!;
      assert.equal(result.type, 'result', 'the run ends with a result');
      if (result.type !== 'result') return;
      assert.equal(model.status, result.partial ? 'partial' : 'done');
      assert.equal(model.order.length, count(events, 'candidate'));
      assert.equal(model.result?.answer, result.answer);
      assert.deepEqual(model.usage, result.usage);
      assert.equal(model.route?.strategy, strategy);
      assert.equal(model.errors.length, count(events, 'error'));
      // Every step and score event lands on its candidate.
      const steps = model.order.reduce((n, id) => n + model.candidates.get(id)!.steps.filter((s) => s.text.length > 0).length, 0);
      assert.equal(steps, count(events, 'step'));
      for (const vote of result.votes)
        for (const id of vote.candidateIds) assert.ok(model.candidates.get(id)?.finished, `voter ${id} finished`);
      if (strategy === 'beam') {
        assert.ok(model.maxRound > 1);
        const nodes = treeRounds(model).flat();
        assert.equal(nodes.length, model.order.length);
        assert.equal(model.order.filter((id) => model.candidates.get(id)!.prunedRound !== null).length, count(events, 'pruned'));
        // A finished beam shows its whole path: one step per round from its root.
        const leaf = model.candidates.get(result.bestCandidateId!)!;
        assert.ok(candidateSteps(model, leaf.id).length >= (leaf.round ?? 1));
      }
      if (strategy === 'revisions') {
        assert.ok(model.chains.size > 1);
        for (const ids of model.chains.values()) {
          for (const id of ids.slice(1)) {
            const revisionOf = model.candidates.get(id)!.revisionOf;
            if (revisionOf !== null) assert.ok(ids.includes(revisionOf), `${id} revises an attempt of its own chain`);
          }
        }
      }
      // Compacted for saving, the run replays to the same model.
      assert.deepEqual(reduceRun(header, compactEvents(events)), model);
    });
  }
});
