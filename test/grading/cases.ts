// Loads the labelled answer-equivalence cases and grades them the way the engine would:
// whole responses (`kind: output`) go through extraction first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractAnswer, gradeAnswer } from '../../src/core/grading/index';

export const DATA_DIR = join(__dirname, '..', '..', '..', 'shared', 'data');

export interface EquivalenceCase {
  index: number;
  gold: string;
  pred: string;
  equal: boolean;
  kind: 'answer' | 'output';
  category: string;
  suspect: boolean;
}

export interface CaseOutcome {
  case: EquivalenceCase;
  verdict: boolean;
  /** The label, or our corrected label from expectations.json. */
  expected: boolean;
  goldAnswer: string | null;
  predAnswer: string | null;
  /** Grading ran out of time (on a loaded machine); such a case is graded once more. */
  exhausted: boolean;
}

export function loadCases(): EquivalenceCase[] {
  const text = readFileSync(join(DATA_DIR, 'answer-equivalence-cases.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      return {
        index,
        gold: String(row.gold),
        pred: String(row.pred),
        equal: row.equal === true,
        kind: row.kind === 'output' ? 'output' : 'answer',
        category: String(row.category),
        suspect: Boolean(row.suspect),
      };
    });
}

export interface Correction {
  index: number;
  expected: boolean;
  reason: string;
}

export function loadCorrections(): Map<number, Correction> {
  const list = JSON.parse(readFileSync(join(__dirname, 'expectations.json'), 'utf8')) as { corrections: Correction[] };
  return new Map(list.corrections.map((c) => [c.index, c]));
}

export function gradeCase(c: EquivalenceCase, corrections: Map<number, Correction>): CaseOutcome {
  const goldAnswer = c.kind === 'output' ? extractAnswer(c.gold) : c.gold;
  const predAnswer = c.kind === 'output' ? extractAnswer(c.pred) : c.pred;
  const result: { equal: boolean; exhausted?: boolean } =
    goldAnswer !== null && predAnswer !== null ? gradeAnswer(goldAnswer, predAnswer) : { equal: false };
  const exhausted = result.exhausted === true;
  return { case: c, verdict: result.equal, expected: corrections.get(c.index)?.expected ?? c.equal, goldAnswer, predAnswer, exhausted };
}
