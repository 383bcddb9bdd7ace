// --replay: recorded real completions (and, where the file has them, recorded step scores in
// scores[completion][step]) served for their problems. Steps are the pieces between blank lines,
// which is also how the recorded scores were aligned.
import { z } from 'zod';
import { readJsonl } from '../core/jsonl';
import { normalizeText, type Problem } from './problems';
import { hash32 } from './random';

const replayRow = z.object({
  problem: z.string().min(1),
  answer: z.union([z.string(), z.number()]).transform(String).optional(),
  level: z.union([z.number(), z.string()]).optional(),
  completions: z.array(z.string()).min(1),
  scores: z.array(z.array(z.number())).optional(),
});

export interface Recording {
  /** Non-empty steps of the recorded text, verbatim. */
  steps: string[];
  normalizedSteps: string[];
}

export interface ReplayProblem {
  problemText: string;
  answer?: string;
  level?: number;
  recordings: Recording[];
}

function splitRecorded(text: string): string[] {
  return text.split('\n\n').filter((s) => s.trim().length > 0);
}

function stepPrefixKey(normalizedSteps: string[], count: number): string {
  return normalizedSteps.slice(0, count).join('\u241e');
}

export class ReplayBank {
  private readonly byProblem = new Map<string, ReplayProblem>();
  private readonly scores = new Map<number, Array<{ key: string; score: number }>>();

  get problems(): ReplayProblem[] {
    return [...this.byProblem.values()];
  }

  static load(path: string): ReplayBank {
    const bank = new ReplayBank();
    for (const { value } of readJsonl(path, replayRow, '{problem, completions[], scores?[][]}')) bank.add(value);
    return bank;
  }

  private add(row: z.infer<typeof replayRow>): void {
    const key = normalizeText(row.problem);
    const level = row.level === undefined ? undefined : Number(String(row.level).replace(/^Level\s*/i, ''));
    const entry = this.byProblem.get(key) ?? {
      problemText: row.problem,
      answer: row.answer,
      level: Number.isInteger(level) ? level : undefined,
      recordings: [],
    };
    this.byProblem.set(key, entry);
    row.completions.forEach((text, i) => {
      const steps = splitRecorded(text);
      const normalizedSteps = steps.map(normalizeText);
      entry.recordings.push({ steps, normalizedSteps });
      const recorded = row.scores?.[i];
      // Scores only count when they line up one-to-one with the steps.
      if (recorded && recorded.length === steps.length) {
        recorded.forEach((score, s) => this.putScore(stepPrefixKey(normalizedSteps, s + 1), score));
      }
    });
  }

  private putScore(key: string, score: number): void {
    const h = hash32(key);
    const list = this.scores.get(h) ?? [];
    if (!list.some((e) => e.key === key)) list.push({ key, score });
    this.scores.set(h, list);
  }

  forProblem(problem: Problem): ReplayProblem | undefined {
    return this.byProblem.get(problem.key);
  }

  /** The recorded score of the last of these steps, if a recording has exactly this step prefix. */
  recordedScore(steps: string[]): number | undefined {
    const key = stepPrefixKey(steps.map(normalizeText), steps.length);
    return this.scores.get(hash32(key))?.find((e) => e.key === key)?.score;
  }
}

/** Recordings that begin with the given steps and have more to say. */
export function recordingsContinuing(entry: ReplayProblem, prefixSteps: string[]): Recording[] {
  const normalized = prefixSteps.map(normalizeText);
  return entry.recordings.filter((r) => r.steps.length > normalized.length && normalized.every((s, i) => r.normalizedSteps[i] === s));
}
