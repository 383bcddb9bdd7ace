// The prompts Ponder's engine really sends (src/core/prompts.ts) are read the way the simulator
// intends: the problem is found, instructions are not attempts, revisions see their attempts, and
// both PRM input formats and the judge question give the same step scores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgePrompt, mathShepherdInput, qwenPrmInput, revisionPrompt, solvePrompt } from '../../src/core/prompts';
import { lastBoxed } from '../../src/sim/answers';
import { Simulator } from '../../src/sim/engine';
import { stepTexts } from '../../src/shared/steps';
import { STEP_SEPARATOR } from '../../src/sim/model/steps';
import { DEFAULT_SIM_OPTIONS } from '../../src/sim/options';
import { loadProblems, unknownProblem } from '../../src/sim/problems';
import { chatPromptParts, resolvePrompt } from '../../src/sim/prompt';
import { parseJudgeQuestion, parsePoolingInput } from '../../src/sim/verifier-input';
import { MATH500 } from '../helpers/sim';

const problems = loadProblems(MATH500);
const sim = new Simulator(DEFAULT_SIM_OPTIONS, problems, null);

test('solvePrompt: every MATH-500 problem is found and its format instructions are not attempts', () => {
  for (const p of problems) {
    const resolved = resolvePrompt(chatPromptParts(solvePrompt(p.text), false), sim.bank);
    assert.equal(resolved.problem, p);
    assert.deepEqual(resolved.attempts, []);
  }
});

test('revisionPrompt: the attempts are read in order, the last one being revised', () => {
  const p = problems[9];
  const attempts = sim.sample(chatPromptParts(solvePrompt(p.text), false), { temperature: 1, seed: 2, n: 3, stops: [] });
  const resolved = resolvePrompt(chatPromptParts(revisionPrompt(p.text, attempts), false), sim.bank);
  assert.equal(resolved.problem, p);
  assert.deepEqual(
    resolved.attempts,
    attempts.map((a) => lastBoxed(a)),
  );
});

test('qwenPrmInput, mathShepherdInput and judgePrompt give the same step scores', () => {
  const p = problems[77];
  const [solution] = sim.sample(chatPromptParts(solvePrompt(p.text), false), { temperature: 1, seed: 5, n: 1, stops: [] });
  const steps = stepTexts(solution, STEP_SEPARATOR);
  const score = (input: string) => {
    const parsed = parsePoolingInput(input);
    return sim.scoreSolution(parsed.steps);
  };
  const qwen = score(qwenPrmInput(p.text, steps));
  assert.equal(qwen.length, steps.length);
  assert.deepEqual(score(mathShepherdInput(p.text, steps)), qwen);
  steps.forEach((_, i) => {
    const question = parseJudgeQuestion(judgePrompt(p.text, steps.slice(0, i + 1)));
    assert.ok(question);
    const judged = sim.scoreSolution(question.steps);
    assert.equal(judged[judged.length - 1], qwen[i]);
  });
});

test('an unknown problem is the same problem in solve, revision, judge and PRM prompts', () => {
  const text = 'A jar holds 7 red and 5 blue marbles.\n\nHow many ways can 3 marbles be drawn?';
  const solve = resolvePrompt(chatPromptParts(solvePrompt(text), false), sim.bank);
  assert.equal(solve.problem.known, false);
  assert.equal(solve.problem.text, text);
  const attempts = sim.sample(chatPromptParts(solvePrompt(text), false), { temperature: 1, seed: 1, n: 2, stops: [] });
  const revision = resolvePrompt(chatPromptParts(revisionPrompt(text, attempts), false), sim.bank);
  assert.equal(revision.problem.key, solve.problem.key);
  assert.deepEqual(
    revision.attempts,
    attempts.map((a) => lastBoxed(a)),
  );
  const wrongAnswers = sim.profile(solve.problem).wrongAnswers;
  for (const a of attempts) {
    const answer = lastBoxed(a) ?? '';
    assert.ok(
      answer === solve.problem.answer || wrongAnswers.indexOf(answer) !== null,
      `${answer}: the gold answer or one of its wrong answers`,
    );
  }
  const steps = stepTexts(attempts[0], STEP_SEPARATOR);
  assert.equal(unknownProblem(parseJudgeQuestion(judgePrompt(text, steps))?.problem ?? '').key, solve.problem.key);
  assert.equal(unknownProblem(parsePoolingInput(qwenPrmInput(text, steps)).problemContext).key, solve.problem.key);
  assert.equal(unknownProblem(parsePoolingInput(mathShepherdInput(text, steps)).problemContext).key, solve.problem.key);
});
