// The stopping rule on constructed vote sequences: pure, seeded, so its verdicts do not depend on timing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leaderIndex, topScoreConfidence, voteOutlook, waveSize, type SettledQuery, type VoteTally } from '../../src/core/stopping/settled';
import { mulberry32 } from '../../src/shared/seededRandom';
import { emptyUsage } from '../../src/shared/events';
import { reduceRun } from '../../src/shared/runModel';
import { stopText } from '../../src/shared/stopText';

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
function stopsAfter(sequence: string, ceiling: number, settle: number, wave = waveSize(ceiling, 64, false)): number {
  for (let drawn = wave; drawn < ceiling; drawn += wave) {
    const { confidence } = voteOutlook({ votes: tally(sequence.slice(0, drawn)), drawn, ceiling, weighted: false });
    if (confidence >= settle) return drawn;
  }
  return ceiling;
}

/** The settled confidence alone. */
const confidenceOf = (query: SettledQuery): number => voteOutlook(query).confidence;

describe('settled: the stopping rule', () => {
  test('a unanimous run stops at the first check, for every ceiling the figures use', () => {
    for (const ceiling of [16, 32, 44, 64]) {
      const wave = waveSize(ceiling, 64, false);
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
    assert.ok(at > waveSize(64, 64, false) && at < 64, `expected a stop between the first wave and 64, got ${at}`);
  });

  test('the same votes give the same confidence (seeded), and more certainty asks for more samples', () => {
    const query = { votes: tally('AAAAAB'), drawn: 6, ceiling: 44, weighted: false };
    assert.equal(confidenceOf(query), confidenceOf(query));
    const low = stopsAfter('AAAB'.repeat(16), 64, 0.8);
    const high = stopsAfter('AAAB'.repeat(16), 64, 0.99);
    assert.ok(low <= high, `settle 0.8 stopped after ${low}, 0.99 after ${high}: a higher confidence must not stop sooner`);
  });

  test('at the ceiling the vote is settled; an empty vote never is', () => {
    assert.equal(confidenceOf({ votes: tally('AB'), drawn: 16, ceiling: 16, weighted: false }), 1);
    assert.equal(confidenceOf({ votes: [], drawn: 4, ceiling: 16, weighted: false }), 0);
  });

  test('weighted: a leader with low verifier scores is less settled than one with high scores', () => {
    const votes = (scoreA: number, scoreB: number): VoteTally[] => [
      { count: 5, weight: 5 * scoreA },
      { count: 3, weight: 3 * scoreB },
    ];
    const confident = confidenceOf({ votes: votes(0.9, 0.2), drawn: 8, ceiling: 32, weighted: true });
    const doubtful = confidenceOf({ votes: votes(0.5, 0.7), drawn: 8, ceiling: 32, weighted: true });
    assert.ok(confident > doubtful, `expected high-score lead ${confident} > low-score lead ${doubtful}`);
    assert.equal(leaderIndex(votes(0.5, 0.9)), 1, 'the leader is the largest weight, as the weighted vote picks it');
  });

  test('waves: about eight checks per run, at least four samples (two with the gain rule), never above the concurrency', () => {
    assert.equal(waveSize(16, 32, false), 4);
    assert.equal(waveSize(16, 32, true), 2);
    assert.equal(waveSize(64, 32, false), 8);
    assert.equal(waveSize(64, 32, true), 8);
    assert.equal(waveSize(64, 2, false), 2);
  });
});

/** Best-of-N's samples in waves: the number drawn when its top score settles at `settle`, or the ceiling. */
function bestStopsAfter(sequence: string, ceiling: number, settle: number): number {
  const wave = waveSize(ceiling, 64, false);
  for (let drawn = wave; drawn < ceiling; drawn += wave)
    if (topScoreConfidence({ votes: tally(sequence.slice(0, drawn)), drawn, ceiling, weighted: false }) >= settle) return drawn;
  return ceiling;
}

/**
 * The model behind best-of-N's rule, simulated: an answer share p with a flat prior, N exchangeable samples,
 * scores independent of answers. Among the draws whose first m samples hold `leading` leader answers and put
 * a leader answer on top, the share in which the top of all N gives another answer.
 */
function simulatedChange(ceiling: number, drawn: number, leading: number, accepted: number): number {
  const random = mulberry32(20261203);
  let kept = 0;
  let changed = 0;
  while (kept < accepted) {
    const p = random();
    const samples = Array.from({ length: ceiling }, () => ({ leader: random() < p, score: random() }));
    const first = samples.slice(0, drawn);
    const top = (xs: typeof samples) => xs.reduce((a, b) => (b.score > a.score ? b : a));
    if (first.filter((x) => x.leader).length !== leading || !top(first).leader) continue;
    kept++;
    if (!top(samples).leader) changed++;
  }
  return changed / accepted;
}

describe("settled: best-of-N's top score", () => {
  test('a unanimous run stops after about an eighth of its ceiling; a split one draws to the ceiling', () => {
    assert.equal(bestStopsAfter('A'.repeat(16), 16, 0.95), 8);
    assert.equal(bestStopsAfter('A'.repeat(64), 64, 0.95), 16);
    assert.equal(bestStopsAfter('A'.repeat(128), 128, 0.95), 16);
    for (const ceiling of [16, 64]) assert.equal(bestStopsAfter('AB'.repeat(ceiling / 2), ceiling, 0.95), ceiling);
  });

  test('its confidence is what the model gives: the chance that the answer changes, simulated', () => {
    for (const [leading, drawn] of [
      [8, 8],
      [6, 8],
    ]) {
      const claimed =
        1 - topScoreConfidence({ votes: tally('A'.repeat(leading) + 'B'.repeat(drawn - leading)), drawn, ceiling: 16, weighted: false });
      const simulated = simulatedChange(16, drawn, leading, 20000);
      assert.ok(Math.abs(simulated - claimed) < 0.01, `${leading} of ${drawn} leading: claimed ${claimed}, simulated ${simulated}`);
    }
  });

  test('at the ceiling it is settled; an empty vote never is', () => {
    assert.equal(topScoreConfidence({ votes: tally('AB'), drawn: 16, ceiling: 16, weighted: false }), 1);
    assert.equal(topScoreConfidence({ votes: [], drawn: 4, ceiling: 16, weighted: false }), 0);
  });
});

/** The number of samples after which a run drawing `sequence` in waves stops for a gain below `gainBelow`, or the ceiling. */
function lowGainAfter(sequence: string, ceiling: number, gainBelow: number): number {
  const wave = waveSize(ceiling, 64, true);
  for (let drawn = wave; drawn < ceiling; drawn += wave)
    if (voteOutlook({ votes: tally(sequence.slice(0, drawn)), drawn, ceiling, weighted: false }).gain < gainBelow) return drawn;
  return ceiling;
}

/** Sixty-four different answers, one per sample: a problem the model cannot solve. */
const SCATTERED = Array.from({ length: 64 }, (_, k) => String.fromCharCode(0x4e00 + k)).join('');

describe('low gain: the second stopping rule', () => {
  test('a vote scattered over ever more answers stops before the ceiling; a two-way split draws on past its middle', () => {
    for (const ceiling of [16, 44, 64]) {
      const scattered = lowGainAfter(SCATTERED, ceiling, 0.03);
      const split = lowGainAfter('AB'.repeat(32), ceiling, 0.03);
      assert.ok(scattered < ceiling, `scattered at ceiling ${ceiling} drew to the ceiling`);
      assert.ok(split > ceiling / 2, `A/B alternating at ceiling ${ceiling} stopped after ${split}`);
      assert.ok(scattered < split, `at ceiling ${ceiling} scattered stopped after ${scattered}, split after ${split}`);
    }
  });

  test('settled implies a low gain: a leader that keeps its lead with 0.95 leaves less than 0.05 to gain', () => {
    for (const sequence of ['AAAAAAAA', 'AAAAAAAB', 'AAAAAABC', 'AAABAAAAAAAB']) {
      const outlook = voteOutlook({ votes: tally(sequence), drawn: sequence.length, ceiling: 44, weighted: false });
      if (outlook.confidence >= 0.95) assert.ok(outlook.gain < 0.05, `${sequence}: confidence ${outlook.confidence}, gain ${outlook.gain}`);
    }
  });

  test('one answer seen is not yet enough: the unseen answers are a rival, so a single sample still has something to gain', () => {
    const one = voteOutlook({ votes: tally('A'), drawn: 1, ceiling: 16, weighted: false });
    const eight = voteOutlook({ votes: tally('AAAAAAAA'), drawn: 8, ceiling: 16, weighted: false });
    assert.ok(one.gain > 0.05, `one sample of 16: gain ${one.gain}`);
    assert.ok(eight.gain < one.gain, `eight agreeing samples gain ${eight.gain}, one ${one.gain}`);
  });

  test('nothing to gain at the ceiling; an empty vote is always worth drawing on', () => {
    assert.equal(voteOutlook({ votes: tally('AB'), drawn: 16, ceiling: 16, weighted: false }).gain, 0);
    assert.equal(voteOutlook({ votes: [], drawn: 4, ceiling: 16, weighted: false }).gain, 1);
  });
});

describe('why a run stopped, in words (CLI and panel)', () => {
  test('settled gives the confidence, low gain the gain; the panel counts the unspent part', () => {
    assert.equal(
      stopText({ reason: 'settled', spent: 6, ceiling: 16, confidence: 0.972 }),
      "settled: 6 of 16, leading answer's probability 0.97",
    );
    assert.equal(
      stopText({ reason: 'low-gain', spent: 4, ceiling: 16, gain: 0.0213 }, true),
      'low gain: 12 unspent, drawing to 16 would add 0.02 to the chance of a right answer',
    );
    assert.equal(stopText({ reason: 'token-cap', spent: 9, ceiling: 16 }), 'token-cap: 9 of 16');
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
