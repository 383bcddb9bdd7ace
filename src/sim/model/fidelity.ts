// Statistics that compare the behaviour model with real recordings, computed the same way for both
// (scripts/fit-sim.ts fits the profile to them, test/sim/fidelity.test.ts checks the fit). Answers
// are extracted and compared with the product's grader (`ponder grade`), so "the same answer" means
// what it means to Ponder's voting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { extractAnswer, gradeAnswer, groupAnswers } from '../../core/grading/index';
import { Rng } from '../random';

/** Where the real recordings live, relative to the project root (see ../shared/data/README.md). */
export function realDataDir(root: string): string {
  return join(root, '..', 'shared', 'data', 'real');
}

export const REAL_FILES = {
  samples: 'llama31-8b-math500-first100-n44.jsonl',
  beams: 'llama32-3b-beam-math500-first100-n16-prm.jsonl',
  processBench: 'processbench-math.json',
} as const;

/** One problem's samples, graded: which are right, and which answer group each belongs to. */
export interface GradedProblem {
  problem: string;
  answer: string;
  level: number;
  correct: boolean[];
  /** Group index of each sample's answer (equivalent answers share one; no answer: a group of its own). */
  group: number[];
}

/** Grades one problem's completions with the product's grader. */
export function gradeCompletions(problem: string, answer: string, level: number, completions: string[]): GradedProblem {
  const answers = completions.map((c) => extractAnswer(c));
  const correct = answers.map((a) => a !== null && gradeAnswer(answer, a).equal);
  const group = answers.map((_, i) => -1 - i);
  groupAnswers(answers).forEach((g, index) => g.members.forEach((m) => (group[m] = index)));
  return { problem, answer, level, correct, group };
}

const sampleRow = z.object({
  problem: z.string(),
  answer: z.string(),
  level: z.number().int().min(1).max(5),
  completions: z.array(z.string()).min(1),
});

function readJsonlRows<T>(path: string, schema: z.ZodType<T>): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: unexpected row (${parsed.error.issues[0]?.message})`);
      return parsed.data;
    });
}

export function readRealSamples(path: string): GradedProblem[] {
  return readJsonlRows(path, sampleRow).map((r) => gradeCompletions(r.problem, r.answer, r.level, r.completions));
}

export const passRate = (p: GradedProblem) => p.correct.filter(Boolean).length / p.correct.length;

/** Five bins of equal size by pass rate, easiest first (bin 1), as the paper bins difficulty. */
export function difficultyBins(problems: GradedProblem[]): GradedProblem[][] {
  const order = problems.map((p, i) => ({ p, i, rate: passRate(p) })).sort((a, b) => b.rate - a.rate || a.i - b.i);
  return [0, 1, 2, 3, 4].map((b) =>
    order.slice(Math.round((b * order.length) / 5), Math.round(((b + 1) * order.length) / 5)).map((x) => x.p),
  );
}

export const byLevel = (problems: GradedProblem[]) => [1, 2, 3, 4, 5].map((level) => problems.filter((p) => p.level === level));

export interface WrongAnswerStats {
  /** Mean number of distinct wrong answers per problem. */
  distinctWrong: number;
  /** Share of all wrong answers that are their problem's most common wrong answer. */
  topWrongShare: number;
}

export function wrongAnswerStats(problems: GradedProblem[]): WrongAnswerStats {
  let distinct = 0;
  let top = 0;
  let wrong = 0;
  for (const p of problems) {
    const counts = new Map<number, number>();
    p.group.forEach((g, i) => {
      if (!p.correct[i]) counts.set(g, (counts.get(g) ?? 0) + 1);
    });
    distinct += counts.size;
    top += Math.max(0, ...counts.values());
    wrong += p.correct.filter((c) => !c).length;
  }
  return { distinctWrong: problems.length ? distinct / problems.length : 0, topWrongShare: wrong ? top / wrong : 0 };
}

/** Majority vote over a subset of samples: 1 if right, a share on ties with the right answer. */
function voteCredit(p: GradedProblem, members: number[]): number {
  const counts = new Map<number, { n: number; right: boolean }>();
  for (const i of members) {
    const c = counts.get(p.group[i]) ?? { n: 0, right: p.correct[i] };
    c.n++;
    counts.set(p.group[i], c);
  }
  const most = Math.max(...[...counts.values()].map((c) => c.n));
  const tied = [...counts.values()].filter((c) => c.n === most);
  return tied.filter((c) => c.right).length / tied.length;
}

/** Expected majority@k over subsets of k samples (all of them when k is the sample count). */
export function majorityAt(problems: GradedProblem[], k: number, subsets = 64): number {
  if (problems.length === 0) return 0;
  const rng = new Rng(k * 7919 + problems.length);
  let total = 0;
  for (const p of problems) {
    const n = p.correct.length;
    const all = Array.from({ length: n }, (_, i) => i);
    if (k >= n) {
      total += voteCredit(p, all);
      continue;
    }
    let sum = 0;
    for (let s = 0; s < subsets; s++) {
      for (let i = 0; i < k; i++) {
        const j = i + rng.int(n - i);
        [all[i], all[j]] = [all[j], all[i]];
      }
      sum += voteCredit(p, all.slice(0, k));
    }
    total += sum / subsets;
  }
  return total / problems.length;
}

/** P(a positive scores above a negative), ties counting half. */
export function auroc(positives: number[], negatives: number[]): number {
  const all = [...positives.map((s) => ({ s, pos: 1 })), ...negatives.map((s) => ({ s, pos: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j].s === all[i].s) j++;
    const rank = (i + 1 + j) / 2;
    for (let m = i; m < j; m++) if (all[m].pos) rankSum += rank;
    i = j;
  }
  const np = positives.length;
  return (rankSum - (np * (np + 1)) / 2) / (np * negatives.length);
}

/** Scored solutions: per solution, whether it is right and its step scores. */
export interface ScoredSolution {
  correct: boolean;
  scores: number[];
}

export interface StepScoreStats {
  /** AUROC of the last step's score, right vs wrong solutions. */
  lastStep: number;
  /** AUROC of every intermediate step's score, labelled by its solution's correctness. */
  intermediate: number;
}

export function stepScoreStats(solutions: ScoredSolution[]): StepScoreStats {
  const last = (right: boolean) =>
    solutions.filter((s) => s.correct === right && s.scores.length).map((s) => s.scores[s.scores.length - 1]);
  const middle = (right: boolean) => solutions.filter((s) => s.correct === right).flatMap((s) => s.scores.slice(0, -1));
  return { lastStep: auroc(last(true), last(false)), intermediate: auroc(middle(true), middle(false)) };
}

const beamRow = z.object({
  problem: z.string(),
  answer: z.string(),
  completions: z.array(z.string()),
  scores: z.array(z.array(z.number())),
});

export function readRealBeams(path: string): ScoredSolution[] {
  return readJsonlRows(path, beamRow).flatMap((r) =>
    r.completions.map((text, i) => {
      const answer = extractAnswer(text);
      return { correct: answer !== null && gradeAnswer(r.answer, answer).equal, scores: r.scores[i] ?? [] };
    }),
  );
}

/** A solution whose first error is known: its step count, the 0-based first wrong step (-1: none), and its outcome. */
export interface LabelledSolution {
  steps: number;
  firstError: number;
  finalCorrect: boolean;
}

const processBenchRow = z.object({ steps: z.array(z.string()), label: z.number().int(), final_answer_correct: z.boolean() });

export function readProcessBench(path: string): LabelledSolution[] {
  return z
    .array(processBenchRow)
    .parse(JSON.parse(readFileSync(path, 'utf8')))
    .map((r) => ({ steps: r.steps.length, firstError: r.label, finalCorrect: r.final_answer_correct }));
}

export interface ErrorStats {
  flawed: number;
  /** Share of solutions with an error that still end on the right answer. */
  recovery: number;
  /** Share of first errors in each fifth of the solution (first error index / steps). */
  firstErrorFifths: number[];
}

export function errorStats(solutions: LabelledSolution[]): ErrorStats {
  const flawed = solutions.filter((s) => s.firstError >= 0);
  const fifths = [0, 0, 0, 0, 0];
  for (const s of flawed) fifths[Math.min(4, Math.floor((5 * s.firstError) / s.steps))]++;
  return {
    flawed: flawed.length,
    recovery: flawed.filter((s) => s.finalCorrect).length / Math.max(1, flawed.length),
    firstErrorFifths: fifths.map((n) => n / Math.max(1, flawed.length)),
  };
}
