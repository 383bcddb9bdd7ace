// The real Llama-3.1-8B completions (100 MATH-500 problems x 44 samples) and the majority vote over them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from './cases';
import { answersEqual, extractAnswer, groupAnswers } from '../../src/core/grading/index';

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

/** A deterministic pseudo-random generator (mulberry32), so subsets are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleIndices(n: number, k: number, random: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, k);
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
