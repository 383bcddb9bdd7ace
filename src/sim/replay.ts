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
  /** The recorded score of each step, when the file has them and they line up with the steps. */
  scores?: number[];
}

export interface ReplayProblem {
  problemText: string;
  answer?: string;
  level?: number;
  recordings: Recording[];
}

/** The non-empty steps, and the index of each in the raw split (scores may include empty pieces, e.g. a trailing one). */
function splitRecorded(text: string): { steps: string[]; pieces: number[] } {
  const raw = text.split('\n\n');
  const pieces = raw.map((s, i) => (s.trim().length > 0 ? i : -1)).filter((i) => i >= 0);
  return { steps: pieces.map((i) => raw[i]), pieces };
}

/** Scores line up with the non-empty steps, or with the raw pieces (two search-and-learn beams end in a scored empty step). */
function alignScores(recorded: number[] | undefined, steps: string[], pieces: number[], rawCount: number): number[] | undefined {
  if (!recorded) return undefined;
  if (recorded.length === steps.length) return recorded;
  if (recorded.length === rawCount) return pieces.map((i) => recorded[i]);
  return undefined;
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
      const { steps, pieces } = splitRecorded(text);
      const normalizedSteps = steps.map(normalizeText);
      // Scores only count when they line up one-to-one with the steps.
      const scores = alignScores(row.scores?.[i], steps, pieces, text.split('\n\n').length);
      entry.recordings.push({ steps, normalizedSteps, ...(scores ? { scores } : {}) });
      scores?.forEach((score, s) => this.putScore(stepPrefixKey(normalizedSteps, s + 1), score));
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

  /** By a problem's key (its whitespace-normalised text). */
  forKey(key: string): ReplayProblem | undefined {
    return this.byProblem.get(key);
  }

  /** The recorded score of the last of these steps, if a recording has exactly this step prefix. */
  recordedScore(steps: string[]): number | undefined {
    const key = stepPrefixKey(steps.map(normalizeText), steps.length);
    return this.scores.get(hash32(key))?.find((e) => e.key === key)?.score;
  }
}

/**
 * The recorded score of each of these steps for this problem (undefined where none was recorded): a
 * recording with exactly these steps gives its own scores; otherwise each step's score comes from the
 * first recording, in file order, that begins with the steps up to it. The first wins where the same text
 * was recorded twice with different scores (4 of the 3B beams, in the last bf16 digit).
 */
export function recordedStepScores(entry: ReplayProblem, steps: string[]): (number | undefined)[] {
  const normalized = steps.map(normalizeText);
  const begins = (r: Recording, count: number) =>
    r.scores !== undefined && normalized.slice(0, count).every((s, i) => r.normalizedSteps[i] === s);
  const whole = entry.recordings.find((r) => r.steps.length === normalized.length && begins(r, normalized.length));
  if (whole?.scores) return [...whole.scores];
  return normalized.map((_, i) => entry.recordings.find((r) => r.steps.length > i && begins(r, i + 1))?.scores?.[i]);
}

/** Recordings that begin with the given steps and have more to say. */
export function recordingsContinuing(entry: ReplayProblem, prefixSteps: string[]): Recording[] {
  const normalized = prefixSteps.map(normalizeText);
  return entry.recordings.filter((r) => r.steps.length > normalized.length && normalized.every((s, i) => r.normalizedSteps[i] === s));
}
