// JSONL, read one way everywhere (data sets, the eval's cache and results, `ponder grade --pairs`, the
// simulator's problems and recordings): each non-blank line is one JSON value checked against a schema,
// and a bad line is named by its 1-based line number (and its file, when there is one).
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export interface JsonlRow<T> {
  value: T;
  /** 1-based line number in the file. */
  line: number;
}

/** One non-blank line: its value, or what is wrong with it (for readers that go on past a bad line). */
export type JsonlLine<T> = ({ ok: true } & JsonlRow<T>) | { ok: false; line: number; problem: string };

/** Each non-blank line of `text`, parsed and checked, in order; `expected` describes a row in problems. */
export function* jsonlLines<S extends z.ZodType>(text: string, schema: S, expected: string): Generator<JsonlLine<z.output<S>>> {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index].trim();
    if (!raw) continue;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      yield { ok: false, line, problem: 'not valid JSON' };
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) yield { ok: true, line, value: parsed.data };
    else yield { ok: false, line, problem: `expected ${expected}: ${describeIssue(parsed.error.issues[0])}` };
  }
}

/**
 * Every non-blank line of `text` (from `source`, a path) parsed and checked; throws `source:line: problem`
 * at the first bad line. With `limit`, stops after that many rows (later lines are not read).
 */
export function parseJsonl<S extends z.ZodType>(
  text: string,
  schema: S,
  expected: string,
  source: string,
  limit?: number,
): JsonlRow<z.output<S>>[] {
  const rows: JsonlRow<z.output<S>>[] = [];
  for (const entry of jsonlLines(text, schema, expected)) {
    if (limit !== undefined && rows.length >= limit) break;
    if (!entry.ok) throw new Error(`${source}:${entry.line}: ${entry.problem}`);
    rows.push({ value: entry.value, line: entry.line });
  }
  return rows;
}

export interface ReadJsonlOptions {
  /** Stop after this many rows. */
  limit?: number;
  /** What the file is, for the error when it cannot be read, e.g. "data set". */
  what?: string;
  /** What to do when it cannot be read, e.g. "run ponder eval --out DIR first". */
  hint?: string;
}

/** A JSONL file's rows (see `parseJsonl`); an unreadable file throws `cannot read [what] path: reason (hint)`. */
export function readJsonl<S extends z.ZodType>(
  path: string,
  schema: S,
  expected: string,
  options: ReadJsonlOptions = {},
): JsonlRow<z.output<S>>[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const what = options.what ? `${options.what} ` : '';
    const hint = options.hint ? ` (${options.hint})` : '';
    throw new Error(`cannot read ${what}${path}: ${err instanceof Error ? err.message : String(err)}${hint}`);
  }
  return parseJsonl(text, schema, expected, path, options.limit);
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
