// The simulated verifier sees what a real PRM sees (the text), and greedy decoding is the model's
// mode: step scores do not move when the gold answers are shuffled or the problems' pass rates
// change with the text held fixed, and temperature 0 gives the most frequent sampled answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastBoxed, sameAnswer } from '../../src/sim/answers';
import { Simulator } from '../../src/sim/engine';
import { stepTexts } from '../../src/shared/steps';
import { STEP_SEPARATOR } from '../../src/sim/model/steps';
import { DEFAULT_SIM_OPTIONS } from '../../src/sim/options';
import { loadProblems, type Problem } from '../../src/sim/problems';
import { MATH500 } from '../helpers/sim';

const problems = loadProblems(MATH500).filter((_, i) => i % 10 === 0);
const options = { ...DEFAULT_SIM_OPTIONS, seed: 4 };
const sim = new Simulator(options, problems, null);
const ask = (s: Simulator, problem: Problem, temperature: number, seed: number, n: number) =>
  s.sample({ turns: [{ role: 'user', content: problem.text }], prefix: '' }, { temperature, seed, n, stops: [] });

const solutions = problems.flatMap((problem) =>
  ask(sim, problem, 1, 1, 4).map((text) => ({ problem, steps: stepTexts(text, STEP_SEPARATOR) })),
);
const scoresBy = (s: Simulator) => solutions.map(({ steps }) => s.scoreSolution(steps));

test('step scores are unchanged when the gold answers are shuffled among the problems', () => {
  const shuffled = problems.map((p, i) => ({ ...p, answer: problems[(i + 7) % problems.length].answer }));
  assert.ok(shuffled.some((p, i) => !sameAnswer(p.answer, problems[i].answer)));
  assert.deepEqual(scoresBy(new Simulator(options, shuffled, null)), scoresBy(sim));
});

test('step scores are unchanged when the pass rates change and the text does not', () => {
  const stronger = new Simulator({ ...options, skill: 3 }, problems, null);
  assert.notEqual(stronger.profile(problems[0]).passRate, sim.profile(problems[0]).passRate);
  assert.deepEqual(scoresBy(stronger), scoresBy(sim));
  const harder = problems.map((p) => ({ ...p, level: 6 - p.level }));
  assert.deepEqual(scoresBy(new Simulator(options, harder, null)), scoresBy(sim));
});

test('temperature 0 gives the modal answer, the same for every choice and request seed', () => {
  let compared = 0;
  for (const problem of problems) {
    const greedy = ask(sim, problem, 0, 1, 2);
    assert.equal(greedy[0], greedy[1]);
    assert.deepEqual(ask(sim, problem, 0, 9, 1), [greedy[0]]);
    const counts = new Map<string, number>();
    for (const text of ask(sim, problem, 1, 2, 200)) {
      const answer = lastBoxed(text) ?? '';
      const key = [...counts.keys()].find((k) => sameAnswer(k, answer)) ?? answer;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const [first, second] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    // Only where sampling tells the mode apart (a margin of 30 of 200 is over 3 standard errors).
    if (second && first[1] - second[1] < 30) continue;
    compared++;
    assert.ok(
      sameAnswer(lastBoxed(greedy[0]) ?? '', first[0]),
      `greedy answers the modal answer ${first[0]} on ${problem.key.slice(0, 40)}`,
    );
  }
  assert.ok(compared >= 30, `compared ${compared} problems`);
});
