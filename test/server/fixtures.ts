// Problems from MATH-500 (read from ../shared/data at test time) and a Markdown document built from one.
import { readFileSync } from 'node:fs';
import { MATH500 } from '../helpers/sim';

export interface MathProblem {
  problem: string;
  answer: string;
  level: number;
  solution: string;
}

let cache: MathProblem[] | null = null;

export function math500(): MathProblem[] {
  cache ??= readFileSync(MATH500, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as MathProblem);
  return cache;
}

/** A short, plain problem with a worked solution of a few paragraphs (no [asy] figures). */
export function plainProblem(): MathProblem {
  const found = math500().find((p) => !p.solution.includes('[asy]') && p.solution.split('\n\n').length >= 3 && p.problem.length < 300);
  if (!found) throw new Error('no plain problem in MATH-500');
  return found;
}

/** A Markdown document with one problem and its solution under the DESIGN.md headings. */
export function markdownDocument(p: MathProblem): string {
  return `# Homework\n\n## Problem 1\n\n${p.problem}\n\n## Solution\n\n${p.solution}\n`;
}
