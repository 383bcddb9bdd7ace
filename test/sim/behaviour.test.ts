// The behaviour model over MATH-500 with the default (fitted) profile, called in-process (plus one
// HTTP check that the server serves the same text): difficulty, wrong answers, verifier quality and
// bias, continuation from a partial solution (with recovery), and revisions. test/sim/fidelity.test.ts
// compares the profile with the real recordings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lastBoxed, sameAnswer } from '../../src/sim/answers';
import { Simulator } from '../../src/sim/engine';
import { stepTexts } from '../../src/shared/steps';
import { readStepState, soundsConfident, STEP_SEPARATOR } from '../../src/sim/model/steps';
import { DEFAULT_SIM_OPTIONS } from '../../src/sim/options';
import { loadProblems, type Problem } from '../../src/sim/problems';
import { chatPromptParts } from '../../src/sim/prompt';
import { MATH500, startSim } from '../helpers/sim';
import { client } from './fixtures';

const problems = loadProblems(MATH500);
const SAMPLES = 8;

interface Sample {
  problem: Problem;
  text: string;
  correct: boolean;
  answer: string;
}

function model(profile: string | null) {
  const sim = new Simulator({ ...DEFAULT_SIM_OPTIONS, seed: 11, profile }, problems, null);
  const ask = (content: string, seed: number, n = 1, prefix = '') =>
    sim.sample({ turns: [{ role: 'user', content }], prefix }, { temperature: 1, seed, n, stops: [] });
  const samples: Sample[] = problems.flatMap((problem) =>
    ask(problem.text, 1, SAMPLES).map((text) => {
      const answer = lastBoxed(text) ?? '';
      return { problem, text, answer, correct: sameAnswer(answer, problem.answer) };
    }),
  );
  const scored = () =>
    samples.map((s) => {
      const scores = sim.scoreSolution(stepTexts(s.text, STEP_SEPARATOR));
      return { ...s, last: scores[scores.length - 1] };
    });
  return { sim, ask, samples, scored };
}

const { sim, ask, samples, scored: fittedScored } = model(null);
// Revisions and the verifier's exploitable bias are not fitted to data (there is none here); the
// tests of their paper-shaped magnitudes (fix/break rates by level, search picking leaps) run on the
// paper-shaped profile, whose difficulty spread and score scale they were written for.
const paper = model('paper-shaped');

function auroc(positives: number[], negatives: number[]): number {
  const all = [...positives.map((s) => ({ s, pos: true })), ...negatives.map((s) => ({ s, pos: false }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  all.forEach((x, i) => {
    if (x.pos) rankSum += i + 1;
  });
  return (rankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('policy', () => {
  test('pass@1 falls monotonically from level 1 (about 0.75, real Llama-3.1-8B: 0.72) to level 5 (about 0.1, real: 0.15)', (t) => {
    const byLevel = [1, 2, 3, 4, 5].map((level) => mean(samples.filter((s) => s.problem.level === level).map((s) => (s.correct ? 1 : 0))));
    t.diagnostic(`pass@1 by level: ${byLevel.map((p) => p.toFixed(3)).join(', ')}`);
    for (let i = 1; i < 5; i++) assert.ok(byLevel[i] < byLevel[i - 1], `level ${i + 1} is harder than level ${i}`);
    assert.ok(byLevel[0] > 0.65 && byLevel[4] < 0.2);
  });

  test('every solution is steps separated by blank lines, only the last one boxed', () => {
    for (const s of samples.slice(0, 200)) {
      const steps = s.text.split('\n\n');
      assert.ok(steps.length >= 3);
      assert.ok(steps.slice(0, -1).every((step) => !step.includes('\\boxed')));
      assert.ok(lastBoxed(steps[steps.length - 1]) !== null);
    }
  });

  test('continuing a partial solution keeps its latent state: a derailed prefix reaches the gold answer only by recovering, and rarely', (t) => {
    let derailedPrefixes = 0;
    let recovered = 0;
    for (const s of samples.slice(0, 800)) {
      const steps = stepTexts(s.text, STEP_SEPARATOR);
      for (let k = 1; k < steps.length; k++) {
        const prefix = steps.slice(0, k).join('\n\n') + '\n\n';
        const derailed = readStepState(steps[k - 1]).kind === 'derailed';
        const [rest] = ask(s.problem.text, 1000 + k, 1, prefix);
        assert.match(rest, new RegExp(`^Step ${k + 1}:`));
        if (derailed) {
          derailedPrefixes++;
          const right = sameAnswer(lastBoxed(rest) ?? '', s.problem.answer);
          const restSteps = stepTexts(rest, STEP_SEPARATOR);
          if (right) {
            recovered++;
            assert.ok(
              restSteps.some((step) => readStepState(step).kind === 'on-track'),
              'a recovery is written as a step back on track',
            );
          }
        }
      }
    }
    t.diagnostic(`derailed prefixes: ${derailedPrefixes}, continued to the gold answer: ${recovered}`);
    assert.ok(derailedPrefixes > 50);
    assert.ok(recovered > 0 && recovered < derailedPrefixes / 2);
  });

  test('a paper-shaped profile keeps errors absorbing: a derailed prefix never reaches the gold answer', () => {
    const paper = new Simulator({ ...DEFAULT_SIM_OPTIONS, seed: 11, profile: 'paper-shaped' }, problems, null);
    let derailedPrefixes = 0;
    for (const problem of problems.slice(0, 100)) {
      for (const text of paper.sample(
        { turns: [{ role: 'user', content: problem.text }], prefix: '' },
        { temperature: 1, seed: 1, n: 4, stops: [] },
      )) {
        const steps = stepTexts(text, STEP_SEPARATOR);
        const k = steps.findIndex((step) => readStepState(step).kind === 'derailed');
        if (k < 0 || k === steps.length - 1) continue;
        derailedPrefixes++;
        const prefix = steps.slice(0, k + 1).join('\n\n') + '\n\n';
        const [rest] = paper.sample(
          { turns: [{ role: 'user', content: problem.text }], prefix },
          { temperature: 1, seed: 5, n: 1, stops: [] },
        );
        assert.ok(!sameAnswer(lastBoxed(rest) ?? '', problem.answer));
      }
    }
    assert.ok(derailedPrefixes > 20);
  });

  test('temperature 0 is the same path for every choice and request seed (test/sim/no-leak.test.ts: it is the mode)', () => {
    const greedy = (seed: number | null) =>
      sim.sample({ turns: [{ role: 'user', content: problems[0].text }], prefix: '' }, { temperature: 0, seed, n: 2, stops: [] });
    const [a, b] = greedy(1);
    assert.equal(a, b);
    assert.deepEqual(greedy(2), [a, a]);
    assert.deepEqual(greedy(null), [a, a]);
  });

  test('a problem is found inside other instructions whatever the whitespace; unknown ones get a stable hashed answer', () => {
    const p = problems[123];
    const wrapped = `Please solve carefully.\n\nProblem:\n${p.text.replace(/ /g, '   ')}\n\nThink step by step.`;
    assert.equal(sim.bank.find(wrapped)?.problem, p);
    const unknown = 'A farmer has 17 sheep and buys some more. How many legs are there?';
    const answers = new Set(ask(unknown, 3, 40).map((t) => lastBoxed(t)));
    assert.ok(answers.size >= 2, 'the hashed answer and wrong ones');
    assert.deepEqual(
      ask(unknown, 3, 40).map((t) => lastBoxed(t)),
      ask(unknown, 3, 40).map((t) => lastBoxed(t)),
    );
  });
});

describe('revisions', () => {
  const revise = (problem: Problem, attempt: string, seed: number) =>
    paper
      .ask(`${problem.text}\n\nHere is your previous attempt:\n\n${attempt}\n\nRevise it.`, seed, 8)
      .map((t) => sameAnswer(lastBoxed(t) ?? '', problem.answer));

  test('a wrong attempt is fixed more often on easy problems; a correct one is broken noticeably often, most on hard problems', (t) => {
    const tries = () => [0, 0, 0, 0, 0].map(() => ({ hits: 0, tries: 0 }));
    const fixed = tries();
    const broken = tries();
    for (const s of paper.samples.filter((_, i) => i % SAMPLES < 2)) {
      const outcomes = revise(s.problem, s.text, 5);
      const row = (s.correct ? broken : fixed)[s.problem.level - 1];
      row.hits += outcomes.filter((right) => right !== s.correct).length;
      row.tries += outcomes.length;
    }
    const rate = (rows: typeof fixed) => rows.map((f) => f.hits / f.tries);
    const total = (rows: typeof fixed) => rows.reduce((n, r) => n + r.hits, 0) / rows.reduce((n, r) => n + r.tries, 0);
    t.diagnostic(
      `P(fixed | wrong attempt) by level: ${rate(fixed)
        .map((p) => p.toFixed(3))
        .join(', ')}`,
    );
    t.diagnostic(
      `P(broken | correct attempt) by level: ${rate(broken)
        .map((p) => p.toFixed(3))
        .join(', ')}; overall ${total(broken).toFixed(3)}`,
    );
    assert.ok(rate(fixed)[0] > rate(fixed)[4] + 0.3);
    assert.ok(rate(broken)[3] > rate(broken)[0] + 0.2, 'correct answers are broken more often on hard problems');
    assert.ok(total(broken) > 0.1 && total(broken) < 0.4, 'a noticeable fraction of correct attempts is broken');
  });
});

describe('verifier', () => {
  const scored = fittedScored();

  test('the last-step score separates correct from wrong solutions with an AUROC like a real PRM (0.7-0.8)', (t) => {
    const value = auroc(
      scored.filter((s) => s.correct).map((s) => s.last),
      scored.filter((s) => !s.correct).map((s) => s.last),
    );
    t.diagnostic(`last-step AUROC over MATH-500 (${scored.length} solutions): ${value.toFixed(3)}`);
    assert.ok(value > 0.7 && value < 0.82);
  });

  test('(paper-shaped) exploitable bias: a confident leap raises its own and every later step score, is rare in samples, and is often wrong', (t) => {
    const paperScored = paper.scored();
    const withLeap = paperScored.filter((s) => stepTexts(s.text, STEP_SEPARATOR).some(soundsConfident));
    const plain = paperScored.filter((s) => !stepTexts(s.text, STEP_SEPARATOR).some(soundsConfident));
    const share = withLeap.length / paperScored.length;
    const wrongRate = (xs: typeof paperScored) => mean(xs.map((s) => (s.correct ? 0 : 1)));
    t.diagnostic(
      `solutions with a confident leap: ${(100 * share).toFixed(1)}%; wrong: ${wrongRate(withLeap).toFixed(3)} with a leap, ${wrongRate(plain).toFixed(3)} without`,
    );
    assert.ok(share > 0.005 && share < 0.05, 'sampling rarely writes a leap');
    assert.ok(wrongRate(withLeap) > wrongRate(plain) + 0.1, 'a leap makes a wrong answer more likely');
    const gain = (right: boolean) =>
      mean(withLeap.filter((s) => s.correct === right).map((s) => s.last)) -
      mean(plain.filter((s) => s.correct === right).map((s) => s.last));
    t.diagnostic(`last-step score gain from a leap: ${gain(true).toFixed(3)} (correct), ${gain(false).toFixed(3)} (wrong)`);
    assert.ok(gain(true) > 0.05 && gain(false) > 0.2);
    const wrongLeap = mean(withLeap.filter((s) => !s.correct).map((s) => s.last));
    const rightPlain = mean(plain.filter((s) => s.correct).map((s) => s.last));
    t.diagnostic(`mean last-step score: wrong with a leap ${wrongLeap.toFixed(3)}, correct without ${rightPlain.toFixed(3)}`);
    assert.ok(wrongLeap > rightPlain, 'a wrong solution with a leap outscores a plain correct one');
  });

  test('(paper-shaped) search exploits the bias far more than sampling: the best-scored of 64 next steps is a leap far more often than a sampled step', (t) => {
    let picked = 0;
    let drawn = 0;
    let leaps = 0;
    for (const problem of problems.filter((_, i) => i % 5 === 0)) {
      const prefix = stepTexts(paper.ask(problem.text, 7)[0], STEP_SEPARATOR).slice(0, 2);
      const next = paper.sim.sample(
        { turns: [{ role: 'user', content: problem.text }], prefix: prefix.join('\n\n') + '\n\n' },
        { temperature: 1, seed: 9, n: 64, stops: ['\n\n'] },
      );
      const steps = next.map((text) => text.split('\n\n')[0]);
      const scores = steps.map((step) => paper.sim.scoreSolution([...prefix, step]).at(-1) ?? 0);
      const best = steps[scores.indexOf(Math.max(...scores))];
      leaps += steps.filter(soundsConfident).length;
      drawn += steps.length;
      if (soundsConfident(best)) picked++;
    }
    const pickedRate = picked / (problems.length / 5);
    t.diagnostic(`leaps: ${((100 * leaps) / drawn).toFixed(2)}% of sampled steps, ${(100 * pickedRate).toFixed(1)}% of best-of-64 picks`);
    assert.ok(pickedRate > (10 * leaps) / drawn);
  });
});

test('the server serves the same text the in-process model computes', async () => {
  const served = await startSim(['--problems', MATH500, '--seed', '11']);
  try {
    const content = problems[42].text;
    const r = await client(served.url).chat.completions.create({
      model: 'ponder-sim-policy',
      messages: [{ role: 'user', content }],
      seed: 77,
      n: 3,
    });
    const local = sim.sample(chatPromptParts([{ role: 'user', content }], false), { temperature: 1, seed: 77, n: 3, stops: [] });
    assert.deepEqual(
      r.choices.map((c) => c.message.content),
      local,
    );
  } finally {
    await served.stop();
  }
});
