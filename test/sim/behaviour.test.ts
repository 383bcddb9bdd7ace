// The behaviour model over MATH-500 with default parameters, called in-process (plus one HTTP
// check that the server serves the same text): difficulty, distractors, verifier quality and bias,
// continuation from a partial solution, and revisions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lastBoxed, sameAnswer } from '../../src/sim/answers';
import { Simulator } from '../../src/sim/engine';
import { readStepState, soundsConfident, splitSteps } from '../../src/sim/model/steps';
import { DEFAULT_SIM_OPTIONS } from '../../src/sim/options';
import { loadProblems, type Problem } from '../../src/sim/problems';
import { chatPromptParts } from '../../src/sim/prompt';
import { MATH500, startSim } from '../helpers/sim';
import { client } from './fixtures';

const problems = loadProblems(MATH500);
const sim = new Simulator({ ...DEFAULT_SIM_OPTIONS, seed: 11 }, problems, null);
const SAMPLES = 8;

const ask = (content: string, seed: number, n = 1, prefix = '') =>
  sim.sample({ turns: [{ role: 'user', content }], prefix }, { temperature: 1, seed, n, stops: [] });

interface Sample {
  problem: Problem;
  text: string;
  correct: boolean;
  answer: string;
}

const samples: Sample[] = problems.flatMap((problem) =>
  ask(problem.text, 1, SAMPLES).map((text) => {
    const answer = lastBoxed(text) ?? '';
    return { problem, text, answer, correct: sameAnswer(answer, problem.answer) };
  }),
);

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
  test('pass@1 falls monotonically from level 1 (about 0.9) to level 5 (about 0.1)', (t) => {
    const byLevel = [1, 2, 3, 4, 5].map((level) => mean(samples.filter((s) => s.problem.level === level).map((s) => (s.correct ? 1 : 0))));
    t.diagnostic(`pass@1 by level: ${byLevel.map((p) => p.toFixed(3)).join(', ')}`);
    for (let i = 1; i < 5; i++) assert.ok(byLevel[i] < byLevel[i - 1], `level ${i + 1} is harder than level ${i}`);
    assert.ok(byLevel[0] > 0.8 && byLevel[4] < 0.2);
  });

  test('every solution is steps separated by blank lines, only the last one boxed', () => {
    for (const s of samples.slice(0, 200)) {
      const steps = s.text.split('\n\n');
      assert.ok(steps.length >= 3);
      assert.ok(steps.slice(0, -1).every((step) => !step.includes('\\boxed')));
      assert.ok(lastBoxed(steps[steps.length - 1]) !== null);
    }
  });

  test('wrong answers cluster on a few distractors per problem', (t) => {
    let wrong = 0;
    let onTop = 0;
    for (const problem of problems) {
      const counts = new Map<string, number>();
      for (const s of samples) if (s.problem === problem && !s.correct) counts.set(s.answer, (counts.get(s.answer) ?? 0) + 1);
      assert.ok(counts.size <= 3, `at most 3 distinct wrong answers for ${problem.key.slice(0, 40)}`);
      wrong += [...counts.values()].reduce((a, b) => a + b, 0);
      onTop += Math.max(0, ...counts.values());
    }
    t.diagnostic(`share of wrong answers on each problem's most common distractor: ${(onTop / wrong).toFixed(3)}`);
    assert.ok(onTop / wrong > 0.5);
  });

  test('continuing a partial solution keeps its latent state: a derailed prefix never reaches the gold answer', () => {
    let derailedPrefixes = 0;
    for (const s of samples.slice(0, 800)) {
      const steps = splitSteps(s.text);
      for (let k = 1; k < steps.length; k++) {
        const prefix = steps.slice(0, k).join('\n\n') + '\n\n';
        const derailed = steps.slice(0, k).some((step) => readStepState(step).kind === 'derailed');
        const [rest] = ask(s.problem.text, 1000 + k, 1, prefix);
        assert.match(rest, new RegExp(`^Step ${k + 1}:`));
        if (derailed) {
          derailedPrefixes++;
          assert.ok(!sameAnswer(lastBoxed(rest) ?? '', s.problem.answer), 'a derailed solution ends on a distractor');
        }
      }
    }
    assert.ok(derailedPrefixes > 50);
  });

  test('temperature 0 is one fixed sample per prompt', () => {
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
    assert.ok(answers.size >= 2 && answers.size <= 4, 'the hashed answer plus its distractors');
    assert.deepEqual(ask(unknown, 3, 40).map((t) => lastBoxed(t)), ask(unknown, 3, 40).map((t) => lastBoxed(t)));
  });
});

describe('revisions', () => {
  const revise = (problem: Problem, attempt: string, seed: number) =>
    ask(`${problem.text}\n\nHere is your previous attempt:\n\n${attempt}\n\nRevise it.`, seed, 8).map((t) => sameAnswer(lastBoxed(t) ?? '', problem.answer));

  test('a wrong attempt is fixed more often on easy problems; a correct one is sometimes broken', (t) => {
    const fixed = [0, 0, 0, 0, 0].map(() => ({ fixed: 0, tries: 0 }));
    let kept = 0;
    let keptTries = 0;
    for (const s of samples.filter((_, i) => i % SAMPLES < 2)) {
      const outcomes = revise(s.problem, s.text, 5);
      if (s.correct) {
        kept += outcomes.filter(Boolean).length;
        keptTries += outcomes.length;
      } else {
        fixed[s.problem.level - 1].fixed += outcomes.filter(Boolean).length;
        fixed[s.problem.level - 1].tries += outcomes.length;
      }
    }
    const fixRate = fixed.map((f) => f.fixed / f.tries);
    t.diagnostic(`P(fixed | wrong attempt) by level: ${fixRate.map((p) => p.toFixed(3)).join(', ')}; P(still correct | correct attempt): ${(kept / keptTries).toFixed(3)}`);
    assert.ok(fixRate[0] > fixRate[4] + 0.3);
    assert.ok(kept / keptTries > 0.8 && kept / keptTries < 0.99);
  });
});

describe('verifier', () => {
  const scored = samples.map((s) => {
    const steps = splitSteps(s.text);
    const scores = sim.scoreSolution(s.problem.text, steps);
    return { ...s, last: scores[scores.length - 1], confident: soundsConfident(steps[steps.length - 1]) };
  });

  test('the last-step score separates correct from wrong solutions with an AUROC like a real PRM (0.7-0.8)', (t) => {
    const value = auroc(
      scored.filter((s) => s.correct).map((s) => s.last),
      scored.filter((s) => !s.correct).map((s) => s.last),
    );
    t.diagnostic(`last-step AUROC over MATH-500 (${scored.length} solutions): ${value.toFixed(3)}`);
    assert.ok(value > 0.7 && value < 0.82);
  });

  test('exploitable bias: confident-sounding steps score higher at equal correctness, though confidence does not imply correctness', (t) => {
    const rate = (xs: typeof scored) => mean(xs.map((s) => (s.confident ? 1 : 0)));
    const right = scored.filter((s) => s.correct);
    const wrong = scored.filter((s) => !s.correct);
    assert.ok(Math.abs(rate(right) - rate(wrong)) < 0.05, 'confidence is independent of correctness');
    const gap = (xs: typeof scored) => mean(xs.filter((s) => s.confident).map((s) => s.last)) - mean(xs.filter((s) => !s.confident).map((s) => s.last));
    t.diagnostic(`score gain from sounding confident: ${gap(right).toFixed(3)} (correct), ${gap(wrong).toFixed(3)} (wrong)`);
    assert.ok(gap(right) > 0.05 && gap(wrong) > 0.1);
    // Exploitable: wrong-but-confident solutions outscore correct-but-hesitant ones often.
    const wrongConfident = mean(wrong.filter((s) => s.confident).map((s) => s.last));
    const rightPlain = mean(right.filter((s) => !s.confident).map((s) => s.last));
    t.diagnostic(`mean last-step score: wrong+confident ${wrongConfident.toFixed(3)}, correct+plain ${rightPlain.toFixed(3)}`);
    assert.ok(wrongConfident > rightPlain - 0.1);
  });
});

test('the server serves the same text the in-process model computes', async () => {
  const served = await startSim(['--problems', MATH500, '--seed', '11']);
  try {
    const content = problems[42].text;
    const r = await client(served.url).chat.completions.create({ model: 'ponder-sim-policy', messages: [{ role: 'user', content }], seed: 77, n: 3 });
    const local = sim.sample(chatPromptParts([{ role: 'user', content }], false), { temperature: 1, seed: 77, n: 3, stops: [] });
    assert.deepEqual(r.choices.map((c) => c.message.content), local);
  } finally {
    await served.stop();
  }
});
