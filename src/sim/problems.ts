// The problems the simulator knows (from --problems) and how it recognises one inside a prompt.
import { z } from 'zod';
import { readJsonl } from '../core/jsonl';
import { hash32 } from './random';

export interface Problem {
  /** The problem text as given (for known problems) or as extracted from the prompt. */
  text: string;
  /** Whitespace-normalised text: the problem's identity. */
  key: string;
  answer: string;
  /** 1 (easy) to 5 (hard). */
  level: number;
  known: boolean;
}

export function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const problemRow = z.object({
  problem: z.string().min(1),
  answer: z.union([z.string(), z.number()]).transform(String),
  level: z
    .union([z.number(), z.string()])
    .optional()
    .transform((v) => (v === undefined ? undefined : Number(String(v).replace(/^Level\s*/i, '')))),
});

/** Reads a JSONL file of {problem, answer, level?}; names the line of any bad row. */
export function loadProblems(path: string): Problem[] {
  return readJsonl(path, problemRow, '{problem, answer, level?}').map(({ value: { problem, answer, level } }) => {
    const key = normalizeText(problem);
    return { text: problem, key, answer, level: validLevel(level) ?? hashedLevel(key), known: true };
  });
}

function validLevel(level: number | undefined): number | undefined {
  return level !== undefined && Number.isInteger(level) && level >= 1 && level <= 5 ? level : undefined;
}

function hashedLevel(key: string): number {
  return 1 + (hash32('level', key) % 5);
}

/** An unknown problem: difficulty and answer derived from a hash of its text. */
export function unknownProblem(text: string): Problem {
  const key = normalizeText(text);
  return { text, key, answer: String(2 + (hash32('answer', key) % 998)), level: hashedLevel(key), known: false };
}

/** Problems' normalised prefix length used as the index key (short, so few distinct lengths to probe). */
const KEY_CHARS = 16;

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
}

/**
 * Finds known problems inside arbitrary prompt text: an index from each problem's first
 * characters, probed only at word starts of the normalised prompt, then confirmed in full.
 */
export class ProblemBank {
  private readonly byPrefix = new Map<string, Problem[]>();
  private readonly prefixLengths: number[];

  constructor(readonly problems: Problem[]) {
    const lengths = new Set<number>();
    for (const p of problems) {
      const length = Math.min(KEY_CHARS, p.key.length);
      lengths.add(length);
      const prefix = p.key.slice(0, length);
      const list = this.byPrefix.get(prefix);
      if (list) list.push(p);
      else this.byPrefix.set(prefix, [p]);
    }
    this.prefixLengths = [...lengths].sort((a, b) => b - a);
  }

  get size(): number {
    return this.problems.length;
  }

  /** The longest known problem contained in the text, with its span in the normalised text. */
  find(text: string): { problem: Problem; normalized: string; start: number; end: number } | null {
    if (this.problems.length === 0) return null;
    const normalized = normalizeText(text);
    let best: { problem: Problem; start: number } | null = null;
    for (let i = 0; i < normalized.length; i++) {
      if (i > 0 && isWordChar(normalized.charCodeAt(i - 1))) continue;
      for (const length of this.prefixLengths) {
        const candidates = this.byPrefix.get(normalized.substr(i, length));
        if (!candidates) continue;
        for (const p of candidates) {
          if ((!best || p.key.length > best.problem.key.length) && normalized.startsWith(p.key, i)) best = { problem: p, start: i };
        }
      }
    }
    return best && { problem: best.problem, normalized, start: best.start, end: best.start + best.problem.key.length };
  }

  /** Exact lookup by text (whitespace-insensitive). */
  get(text: string): Problem | undefined {
    const key = normalizeText(text);
    return this.byPrefix.get(key.slice(0, Math.min(KEY_CHARS, key.length)))?.find((p) => p.key === key);
  }
}
