// Reads evaluation data sets: JSONL problems (MATH-500 shape) and ProcessBench JSON (first-error task).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { readJsonl } from '../core/jsonl';

export interface EvalProblem {
  uniqueId: string;
  problem: string;
  answer: string;
  level: number | null;
}

const problemLine = z.object({
  problem: z.string().min(1),
  answer: z.union([z.string(), z.number()]).transform(String),
  unique_id: z.string().optional(),
  level: z.union([z.number(), z.string()]).optional(),
});

function parseLevel(level: number | string | undefined): number | null {
  if (level === undefined) return null;
  const n = typeof level === 'number' ? level : Number(/\d+/.exec(level)?.[0]);
  return Number.isFinite(n) ? n : null;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${what} ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Problems from a JSONL file with `problem`, `answer` and optional `unique_id`, `level`; `limit` keeps the first N. */
export function loadProblems(path: string, limit?: number): EvalProblem[] {
  const rows = readJsonl(path, problemLine, '{problem, answer, unique_id?, level?}', { limit, what: 'data set' });
  const problems: EvalProblem[] = rows.map(({ value: { problem, answer, unique_id, level }, line }) => ({
    uniqueId: unique_id ?? `line-${line}`,
    problem,
    answer,
    level: parseLevel(level),
  }));
  const ids = new Set<string>();
  for (const p of problems) {
    if (ids.has(p.uniqueId)) throw new Error(`${path}: unique_id ${p.uniqueId} appears twice; ids key the cache and the folds`);
    ids.add(p.uniqueId);
  }
  return problems;
}

/** One ProcessBench solution: `label` is the index of the earliest wrong step, -1 when every step is right. */
export interface ProcessBenchItem {
  id: string;
  generator: string;
  problem: string;
  steps: string[];
  label: number;
  finalAnswerCorrect: boolean;
}

const processBenchItem = z.object({
  id: z.string(),
  generator: z.string().default('unknown'),
  problem: z.string(),
  steps: z.array(z.string()).min(1),
  label: z.number().int().min(-1),
  final_answer_correct: z.boolean().default(false),
});

export function loadProcessBench(path: string, limit?: number): ProcessBenchItem[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readText(path, 'ProcessBench file'));
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = z.array(processBenchItem).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${path}: expected a ProcessBench JSON array of {id, problem, steps[], label}: ${issue?.path.join('.')} ${issue?.message}`,
    );
  }
  const items = parsed.data.map((d) => ({
    id: d.id,
    generator: d.generator,
    problem: d.problem,
    steps: d.steps,
    label: d.label,
    finalAnswerCorrect: d.final_answer_correct,
  }));
  return limit === undefined ? items : items.slice(0, limit);
}
