// Adaptive compute against the simulator: a settled run stops under its ceiling, says so in its events,
// leaves nothing in flight at the server, and its usage is what the server counted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { solveEventSchema } from '../../src/shared/eventSchema';
import { MATH500, startSim, type Sim } from '../helpers/sim';
import { checkEventContract, engineSettings, PROBLEMS, solveInProcess } from './engineHarness';

describe('adaptive compute (budget.stopWhenSettled, budget.stopWhenGainBelow) against ponder sim', () => {
  let sim: Sim;
  before(async () => {
    sim = await startSim(['--problems', MATH500]);
  });
  after(async () => {
    await sim.stop();
  });

  test('majority, best-of-N, weighted best-of-N and revisions stop once settled; the server saw exactly the usage reported, nothing in flight', async () => {
    const ceiling = 32;
    const settled: string[] = [];
    let generations = 0;
    let completionTokens = 0;
    for (const strategy of ['majority', 'best-of-n', 'weighted-best-of-n', 'revisions'] as const) {
      for (const problem of PROBLEMS.slice(0, 4)) {
        const settings = engineSettings(sim.url, { budget: { stopWhenSettled: 0.95, concurrency: 4 } });
        const { events, result } = await solveInProcess(settings, { problem: problem.problem, budget: ceiling, strategy });
        checkEventContract(events);
        const last = events[events.length - 1];
        assert.equal(last.type, 'result');
        solveEventSchema.parse(last);
        assert.ok(result.stopped, `the result of ${strategy} has no stopped field`);
        assert.equal(result.stopped.spent, result.usage.generations, 'stopped.spent is usage.generations');
        assert.equal(result.stopped.ceiling, ceiling);
        if (result.stopped.reason === 'settled') {
          settled.push(`${strategy}: ${result.stopped.spent}/${ceiling}`);
          // Revisions stop between waves of whole chains: 4 chains of 4 attempts at a time.
          if (strategy === 'revisions')
            assert.equal(result.stopped.spent % 16, 0, `revisions stopped inside a wave: ${result.stopped.spent}`);
          assert.ok(result.usage.generations < ceiling, `settled at the ceiling: ${JSON.stringify(result.stopped)}`);
          assert.ok((result.stopped.confidence ?? 0) >= 0.95, `settled below the confidence asked: ${result.stopped.confidence}`);
        } else assert.equal(result.stopped.reason, 'budget', `expected settled or budget, got ${JSON.stringify(result.stopped)}`);
        const usageEvents = events.filter((e) => e.type === 'usage');
        assert.deepEqual(usageEvents[usageEvents.length - 1], { ...usageEvents[usageEvents.length - 1], stopped: result.stopped });
        generations += result.usage.generations;
        completionTokens += result.usage.completionTokens;
        const stats = await sim.stats();
        assert.equal(stats.inFlight, 0, `after a ${strategy} run the simulator still has ${stats.inFlight} request(s) in flight`);
        assert.equal(stats.abandonedGenerations, 0, 'no generation was abandoned: a settled run stops between waves');
        assert.equal(stats.generations, generations, 'the generations the server started are the ones the runs reported');
        assert.equal(stats.completionTokens, completionTokens, 'the completion tokens the server counted are the ones the runs reported');
      }
    }
    assert.ok(settled.length >= 4, `expected at least four of sixteen runs to settle under 32, got ${settled.join(', ') || 'none'}`);
    for (const strategy of ['best-of-n', 'revisions'])
      assert.ok(
        settled.some((s) => s.startsWith(`${strategy}:`)),
        `no ${strategy} run settled under 32: ${settled.join(', ')}`,
      );
  });

  test("the probe's samples are the first wave: a probe that settles the vote ends the run, one that does not is followed by a wave", async () => {
    const ceiling = 16;
    const probeSize = 4;
    const seen: string[] = [];
    for (const problem of PROBLEMS.filter((p) => p.level === 1).slice(0, 6)) {
      const settings = engineSettings(sim.url, { budget: { stopWhenSettled: 0.95, concurrency: 4 }, difficulty: { probeSize } });
      const { events, result } = await solveInProcess(settings, {
        problem: problem.problem,
        budget: ceiling,
        strategy: 'majority',
        probe: true,
        seed: 7,
      });
      checkEventContract(events);
      const probe = events.find((e) => e.type === 'difficulty')?.probe ?? [];
      assert.equal(probe.length, probeSize, 'the probe drew its samples');
      const answers = new Set(events.flatMap((e) => (e.type === 'final' && probe.includes(e.candidateId) ? [e.answer] : [])));
      const unanimous = answers.size === 1 && !answers.has(null);
      seen.push(`${unanimous ? 'unanimous' : 'split'} probe: ${result.stopped?.reason} at ${result.stopped?.spent}`);
      // A unanimous probe of 4 settles a ceiling of 16 (test/stopping/settled.test.ts); a split one does not.
      if (unanimous)
        assert.deepEqual(result.stopped, { reason: 'settled', spent: probeSize, ceiling, confidence: result.stopped?.confidence });
      else assert.ok((result.stopped?.spent ?? 0) > probeSize, `a split probe stopped the run: ${seen.at(-1)}`);
      assert.equal(result.usage.generations, result.stopped?.spent);
    }
    assert.ok(
      seen.some((s) => s.startsWith('unanimous')),
      `no easy problem had a unanimous probe: ${seen.join('; ')}`,
    );
  });

  test('budget.stopWhenGainBelow: hard problems whose votes scatter stop for a low gain, with the server counting what the runs reported', async () => {
    const ceiling = 32;
    const stops: string[] = [];
    const before = await sim.stats();
    let generations = 0;
    for (const problem of PROBLEMS.filter((p) => p.level === 5).slice(0, 4)) {
      const settings = engineSettings(sim.url, { budget: { stopWhenGainBelow: 0.05, concurrency: 4 } });
      const { events, result } = await solveInProcess(settings, { problem: problem.problem, budget: ceiling, strategy: 'majority' });
      checkEventContract(events);
      solveEventSchema.parse(events[events.length - 1]);
      assert.ok(result.stopped, 'the result has no stopped field');
      assert.equal(result.stopped.spent, result.usage.generations);
      stops.push(`${result.stopped.reason} at ${result.stopped.spent}`);
      if (result.stopped.reason === 'low-gain') {
        assert.ok(result.stopped.spent < ceiling && result.stopped.spent % 4 === 0, `low gain at ${result.stopped.spent} of ${ceiling}`);
        assert.ok((result.stopped.gain ?? 1) < 0.05, `stopped with a gain of ${result.stopped.gain}`);
      } else assert.equal(result.stopped.reason, 'budget', `settled is off: ${JSON.stringify(result.stopped)}`);
      generations += result.usage.generations;
    }
    const stats = await sim.stats();
    assert.equal(stats.inFlight, 0);
    assert.equal(stats.generations - before.generations, generations, 'the generations the server started are the ones the runs reported');
    assert.ok(
      stops.some((s) => s.startsWith('low-gain')),
      `no hard problem stopped for a low gain: ${stops.join(', ')}`,
    );
  });

  test('off (0) spends the whole budget, and the result says the budget stopped it', async () => {
    const settings = engineSettings(sim.url, { budget: { stopWhenSettled: 0, concurrency: 4 } });
    const { result } = await solveInProcess(settings, { problem: PROBLEMS[0].problem, budget: 8, strategy: 'majority' });
    assert.deepEqual(result.stopped, { reason: 'budget', spent: 8, ceiling: 8 });
  });
});
