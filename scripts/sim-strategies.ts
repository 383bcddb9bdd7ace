// Accuracy of every strategy x budget x level on the simulator's behaviour model, in-process (no
// HTTP), for tuning src/sim/model/params.ts. The strategies mirror src/core/strategies (same
// prompts, same search and vote rules, the core's voting functions); answers are grouped with the
// simulator's own answer comparison, which is exact for the answers it writes.
//   node --import tsx scripts/sim-strategies.ts [--every K] [--budgets 1,4,16,64] [--seed S] [--width M] [--k K]
import { parseArgs } from 'node:util';
import { revisionPrompt, solvePrompt } from '../src/core/prompts';
import { selectAcrossChains, selectAnswer, type Aggregation, type GroupFn, type Sample } from '../src/core/voting';
import { lastBoxed, sameAnswer } from '../src/sim/answers';
import { Simulator } from '../src/sim/engine';
import { stepTexts } from '../src/shared/steps';
import { readStepState, soundsConfident, STEP_SEPARATOR } from '../src/sim/model/steps';
import { DEFAULT_SIM_OPTIONS } from '../src/sim/options';
import { loadProblems, type Problem } from '../src/sim/problems';

const { values } = parseArgs({
  options: {
    every: { type: 'string', default: '2' },
    budgets: { type: 'string', default: '1,4,16,64' },
    seed: { type: 'string', default: '11' },
    problems: { type: 'string', default: '../shared/data/math500.jsonl' },
    width: { type: 'string', default: '4' },
    k: { type: 'string', default: '2' },
  },
});
const every = Number(values.every);
const budgets = values.budgets.split(',').map(Number);
const seed = Number(values.seed);
const WIDTH = Number(values.width);
const K = Number(values.k);
const problems = loadProblems(values.problems).filter((_, i) => i % every === 0);
const sim = new Simulator({ ...DEFAULT_SIM_OPTIONS, seed }, problems, null);
const SAMPLING = 0.8;
let requestSeed = 0;

const groupBySim: GroupFn = (answers) => {
  const groups: { answer: string; members: number[] }[] = [];
  answers.forEach((a, i) => {
    if (a === null) return;
    const g = groups.find((x) => sameAnswer(x.answer, a));
    if (g) g.members.push(i);
    else groups.push({ answer: a, members: [i] });
  });
  return groups;
};

function generate(problem: Problem, prefix: string[], n: number, temperature: number, stepOnly: boolean, content?: string): string[] {
  const user = content ?? solvePrompt(problem.text)[0].content;
  const texts = sim.sample(
    { turns: [{ role: 'user', content: user }], prefix: prefix.length ? prefix.join('\n\n') + '\n\n' : '' },
    { temperature, seed: requestSeed++, n, stops: stepOnly ? ['\n\n'] : [] },
  );
  return stepOnly ? texts.map((t) => t.split('\n\n')[0]) : texts;
}

const score = (problem: Problem, steps: string[]) => sim.scoreSolution(problem.text, steps);
const lastScore = (problem: Problem, steps: string[]) => score(problem, steps).at(-1) ?? 0;
const isRight = (problem: Problem, answer: string | null) => answer !== null && sameAnswer(answer, problem.answer);

interface Scored extends Sample {
  steps: string[];
}

function sampleSolutions(problem: Problem, n: number, content?: string): Scored[] {
  return generate(problem, [], n, SAMPLING, false, content).map((text) => {
    const steps = stepTexts(text, STEP_SEPARATOR);
    return { id: String(requestSeed++), answer: lastBoxed(text), score: lastScore(problem, steps), steps };
  });
}

/** Every finished search path: was it right, and does it hold a confident step (1 or 0). */
const pathStats: { search: 'beam' | 'lookahead'; paths: number; right: boolean; confident: number }[] = [];

/** Beam (k = 0) or lookahead search, as src/core/strategies/search.ts; returns the finished paths. */
function search(problem: Problem, paths: number, width: number, k: number): Sample[] {
  const pool: Sample[] = [];
  let kept: string[][] = [[]];
  let finished = 0;
  for (let round = 1; round <= 40 && finished < paths && kept.length; round++) {
    const slots = paths - finished;
    const children = kept.flatMap((parent, i) => {
      const count = Math.floor(slots / kept.length) + (i < slots % kept.length ? 1 : 0);
      return count ? generate(problem, parent, count, SAMPLING, true).map((step) => [...parent, step]) : [];
    });
    const open: { steps: string[]; score: number }[] = [];
    for (const steps of children) {
      const done = steps.at(-1)!.includes('\\boxed');
      let rolled = steps;
      for (let i = 0; i < k && !done && !rolled.at(-1)!.includes('\\boxed'); i++)
        rolled = [...rolled, generate(problem, rolled, 1, 0, true)[0]];
      const s = lastScore(problem, rolled);
      if (done) {
        finished++;
        pool.push({ id: String(pool.length), answer: lastBoxed(steps.at(-1)!), score: s });
        pathStats.push({
          search: k ? 'lookahead' : 'beam',
          paths,
          right: isRight(problem, lastBoxed(steps.at(-1)!)),
          confident: steps.some(soundsConfident) ? 1 : 0,
        });
      } else open.push({ steps, score: s });
    }
    open.sort((a, b) => b.score - a.score);
    kept = open.slice(0, Math.max(1, Math.ceil((paths - finished) / width))).map((o) => o.steps);
  }
  return pool;
}

/** Revisions as src/core/strategies/revisions.ts (acceptance `always`): chains of length 4. */
function revisions(problem: Problem, budget: number): Sample[][] {
  const length = Math.min(4, budget);
  const chains = Math.ceil(budget / length);
  return Array.from({ length: chains }, (_, c) => {
    const lengths = Math.floor(budget / chains) + (c < budget % chains ? 1 : 0);
    const attempts: Scored[] = [];
    while (attempts.length < lengths) {
      const context = attempts.slice(-4).map((a) => a.steps.join('\n\n'));
      const content = context.length ? revisionPrompt(problem.text, context)[0].content : undefined;
      attempts.push(sampleSolutions(problem, 1, content)[0]);
    }
    return attempts;
  });
}

type Arm = 'pass@1' | 'majority' | 'best-of-n' | 'weighted-best-of-n' | 'beam' | 'lookahead' | 'revisions';
const ARMS: Arm[] = ['majority', 'best-of-n', 'weighted-best-of-n', 'beam', 'lookahead', 'revisions'];
// tally[arm][budget][level] = [sum of correct, count]
const tally = new Map<string, [number, number]>();
const add = (arm: Arm, budget: number, level: number, value: number) => {
  for (const key of [`${arm}|${budget}|${level}`, `${arm}|${budget}|all`]) {
    const t = tally.get(key) ?? [0, 0];
    t[0] += value;
    t[1] += 1;
    tally.set(key, t);
  }
};

const maxBudget = Math.max(...budgets);
const stepScores: { score: number; onTrack: boolean }[] = [];
const lastScores: { score: number; right: boolean }[] = [];
let sampledSwayed = 0;
const started = performance.now();
for (const problem of problems) {
  const pool = sampleSolutions(problem, maxBudget);
  for (const s of pool) {
    const scores = score(problem, s.steps);
    let derailed = false;
    s.steps.forEach((step, i) => {
      if (readStepState(step).kind === 'derailed') derailed = true;
      if (i < s.steps.length - 1) stepScores.push({ score: scores[i], onTrack: !derailed });
    });
    if (s.steps.some(soundsConfident)) sampledSwayed++;
    lastScores.push({ score: scores.at(-1) ?? 0, right: isRight(problem, s.answer) });
  }
  add('pass@1', 1, problem.level, pool.filter((s) => isRight(problem, s.answer)).length / pool.length);
  for (const budget of budgets) {
    // Disjoint subsets of the pool, averaged (as `ponder eval` does).
    const draws = Math.floor(maxBudget / budget);
    for (const aggregation of ['majority', 'best', 'weighted'] as Aggregation[]) {
      let right = 0;
      for (let d = 0; d < draws; d++)
        right += isRight(problem, selectAnswer(pool.slice(d * budget, (d + 1) * budget), aggregation, groupBySim).answer) ? 1 : 0;
      add(
        aggregation === 'best' ? 'best-of-n' : aggregation === 'weighted' ? 'weighted-best-of-n' : 'majority',
        budget,
        problem.level,
        right / draws,
      );
    }
    add(
      'beam',
      budget,
      problem.level,
      isRight(problem, selectAnswer(search(problem, budget, Math.min(WIDTH, budget), 0), 'weighted', groupBySim).answer) ? 1 : 0,
    );
    const k = Math.min(K, budget - 1);
    const paths = Math.floor(budget / (k + 1));
    add(
      'lookahead',
      budget,
      problem.level,
      isRight(problem, selectAnswer(search(problem, paths, Math.min(WIDTH, paths), k), 'weighted', groupBySim).answer) ? 1 : 0,
    );
    add(
      'revisions',
      budget,
      problem.level,
      isRight(problem, selectAcrossChains(revisions(problem, budget), 'weighted', groupBySim).answer) ? 1 : 0,
    );
  }
}

function auroc(pairs: { score: number; positive: boolean }[]): number {
  const sorted = pairs.slice().sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  sorted.forEach((x, i) => {
    if (x.positive) {
      rankSum += i + 1;
      positives++;
    }
  });
  const negatives = sorted.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const cell = (arm: Arm, budget: number, level: number | 'all') => {
  const t = tally.get(`${arm}|${budget}|${level}`);
  return t ? (t[0] / t[1]).toFixed(2) : ' -  ';
};
const levels = [1, 2, 3, 4, 5] as const;
console.log(
  `${problems.length} MATH-500 problems (every ${every}th), sim seed ${seed}, beam width ${WIDTH}, lookahead k ${K}; ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
console.log(`pass@1 by level: ${levels.map((l) => cell('pass@1', 1, l)).join(' ')} (all ${cell('pass@1', 1, 'all')})`);
console.log(
  `step-level AUROC (on-track vs derailed, non-final steps): ${auroc(stepScores.map((s) => ({ score: s.score, positive: s.onTrack }))).toFixed(3)}`,
);
console.log(`last-step AUROC (correct vs wrong): ${auroc(lastScores.map((s) => ({ score: s.score, positive: s.right }))).toFixed(3)}`);
for (const kind of ['beam', 'lookahead'] as const) {
  const byPaths = [...new Set(pathStats.filter((s) => s.search === kind).map((s) => s.paths))].sort((a, b) => a - b);
  const describe = (paths: number) => {
    const mine = pathStats.filter((s) => s.search === kind && s.paths === paths);
    const mean = (f: (s: (typeof mine)[number]) => number) => (mine.reduce((a, s) => a + f(s), 0) / mine.length).toFixed(2);
    return `${paths} paths: ${mean((s) => (s.right ? 1 : 0))} right, ${mean((s) => s.confident)} with a confident step`;
  };
  console.log(
    `${kind} finished paths (sampling: ${cell('pass@1', 1, 'all')} right, ${(sampledSwayed / problems.length / maxBudget).toFixed(2)} with a confident step): ${byPaths.map(describe).join('; ')}`,
  );
}
console.log('');
console.log(`| strategy | budget | all | L1 | L2 | L3 | L4 | L5 |`);
console.log(`|---|---|---|---|---|---|---|---|`);
for (const arm of ARMS)
  for (const budget of budgets)
    console.log(`| ${arm} | ${budget} | ${cell(arm, budget, 'all')} | ${levels.map((l) => cell(arm, budget, l)).join(' | ')} |`);
