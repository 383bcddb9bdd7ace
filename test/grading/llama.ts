// The real Llama-3.1-8B completions (100 MATH-500 problems x 44 samples) and the majority vote over them.
import { createRng as seededRandom, sampleIndices } from '../../src/eval/random';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from './cases';
import { answersEqual, extractAnswer, groupAnswers } from '../../src/core/grading/index';

/** Seeded draws (mulberry32), so subsets of samples are reproducible. */
export { seededRandom, sampleIndices };

export interface LlamaProblem {
  problem: string;
  answer: string;
  completions: string[];
}

export function loadLlama(): LlamaProblem[] {
  const text = readFileSync(join(DATA_DIR, 'real', 'llama31-8b-math500-first100-n44.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const row = JSON.parse(l) as { problem: string; answer: string; completions: string[] };
      return { problem: row.problem, answer: row.answer, completions: row.completions };
    });
}

/** The answer with the most votes (ties: the group seen first), or null when no sample has an answer. */
export function majorityAnswer(answers: ReadonlyArray<string | null>): string | null {
  let best: { answer: string; votes: number } | null = null;
  for (const g of groupAnswers(answers)) {
    if (!best || g.members.length > best.votes) best = { answer: answers[g.members[0]] as string, votes: g.members.length };
  }
  return best?.answer ?? null;
}

/** majority@k: the share of problems whose majority answer over k samples equals the gold answer. */
export function majorityAtK(problems: LlamaProblem[], extracted: (string | null)[][], pick: (p: number) => number[]): number {
  let correct = 0;
  problems.forEach((p, i) => {
    const answer = majorityAnswer(pick(i).map((j) => extracted[i][j]));
    if (answer !== null && answersEqual(p.answer, answer)) correct++;
  });
  return correct / problems.length;
}

export function extractAll(problems: LlamaProblem[]): (string | null)[][] {
  return problems.map((p) => p.completions.map((c) => extractAnswer(c)));
}
