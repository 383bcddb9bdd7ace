// The stopping rule on constructed vote sequences: pure, seeded, so its verdicts do not depend on timing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leaderIndex, settledConfidence, waveSize, type VoteTally } from '../../src/core/stopping/settled';
import { emptyUsage } from '../../src/shared/events';
import { reduceRun } from '../../src/shared/runModel';

/** The tallies after `answers` (one letter per sample), each sample worth `score` (1: a plain count). */
function tally(answers: string, score = 1): VoteTally[] {
  const byAnswer = new Map<string, VoteTally>();
  for (const a of answers) {
    const v = byAnswer.get(a) ?? { count: 0, weight: 0 };
    byAnswer.set(a, { count: v.count + 1, weight: v.weight + score });
  }
  return [...byAnswer.values()];
}

/** The number of samples after which a run drawing `sequence` in waves stops at `settle`, or the ceiling. */
function stopsAfter(sequence: string, ceiling: number, settle: number, wave = waveSize(ceiling, 64)): number {
  for (let drawn = wave; drawn < ceiling; drawn += wave) {
    const confidence = settledConfidence({ votes: tally(sequence.slice(0, drawn)), drawn, ceiling, weighted: false });
    if (confidence >= settle) return drawn;
  }
  return ceiling;
}

describe('settled: the stopping rule', () => {
  test('a unanimous run stops at the first check, for every ceiling the figures use', () => {
    for (const ceiling of [16, 32, 44, 64]) {
      const wave = waveSize(ceiling, 64);
      assert.equal(
        stopsAfter('A'.repeat(ceiling), ceiling, 0.95),
        wave,
        `unanimous at ceiling ${ceiling}: expected a stop after the first wave of ${wave}`,
      );
    }
  });

  test('a split vote never stops before the ceiling', () => {
    for (const ceiling of [16, 44, 64]) {
      const alternating = 'AB'.repeat(ceiling / 2);
      assert.equal(stopsAfter(alternating, ceiling, 0.95), ceiling, `A/B alternating at ceiling ${ceiling} stopped early`);
      assert.equal(stopsAfter('ABC'.repeat(ceiling), ceiling, 0.8), ceiling, `a three-way split at ceiling ${ceiling} stopped early`);
    }
  });

  test('a clear but not unanimous lead stops later than a unanimous one and before the ceiling', () => {
    const sequence = 'AAAB'.repeat(16); // three quarters A
    const at = stopsAfter(sequence, 64, 0.95);
    assert.ok(at > waveSize(64, 64) && at < 64, `expected a stop between the first wave and 64, got ${at}`);
  });

  test('the same votes give the same confidence (seeded), and more certainty asks for more samples', () => {
    const query = { votes: tally('AAAAAB'), drawn: 6, ceiling: 44, weighted: false };
    assert.equal(settledConfidence(query), settledConfidence(query));
    const low = stopsAfter('AAAB'.repeat(16), 64, 0.8);
    const high = stopsAfter('AAAB'.repeat(16), 64, 0.99);
    assert.ok(low <= high, `settle 0.8 stopped after ${low}, 0.99 after ${high}: a higher confidence must not stop sooner`);
  });

  test('at the ceiling the vote is settled; an empty vote never is', () => {
    assert.equal(settledConfidence({ votes: tally('AB'), drawn: 16, ceiling: 16, weighted: false }), 1);
    assert.equal(settledConfidence({ votes: [], drawn: 4, ceiling: 16, weighted: false }), 0);
  });

  test('weighted: a leader with low verifier scores is less settled than one with high scores', () => {
    const votes = (scoreA: number, scoreB: number): VoteTally[] => [
      { count: 5, weight: 5 * scoreA },
      { count: 3, weight: 3 * scoreB },
    ];
    const confident = settledConfidence({ votes: votes(0.9, 0.2), drawn: 8, ceiling: 32, weighted: true });
    const doubtful = settledConfidence({ votes: votes(0.5, 0.7), drawn: 8, ceiling: 32, weighted: true });
    assert.ok(confident > doubtful, `expected high-score lead ${confident} > low-score lead ${doubtful}`);
    assert.equal(leaderIndex(votes(0.5, 0.9)), 1, 'the leader is the largest weight, as the weighted vote picks it');
  });

  test('waves: about eight checks per run, at least four samples, never above the concurrency', () => {
    assert.equal(waveSize(16, 32), 4);
    assert.equal(waveSize(64, 32), 8);
    assert.equal(waveSize(64, 2), 2);
  });
});

describe("settled: the run model (what the panel's budget meter reads)", () => {
  test("the last usage event's stopped field becomes the model's, and stays out of its usage", () => {
    const usage = { ...emptyUsage(), generations: 6 };
    const stopped = { reason: 'settled' as const, spent: 6, ceiling: 16, confidence: 0.97 };
    const model = reduceRun({ runId: 'r', problem: 'p', budget: 16 }, [
      { type: 'started', t: 0, runId: 'r', problem: 'p', budget: 16, strategy: 'majority' },
      { type: 'usage', t: 1, ...usage },
      { type: 'usage', t: 2, ...usage, stopped },
    ]);
    assert.deepEqual(model.stopped, stopped);
    assert.deepEqual(model.usage, usage, 'stopped is not a usage counter');
  });
});
