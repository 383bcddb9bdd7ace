// Reads a JSONL file whose rows must match a schema; a bad row is named by file and line.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export interface JsonlRow<T> {
  value: T;
  /** 1-based line number in the file. */
  line: number;
}

/** Every non-blank line parsed and validated; `expected` describes the row shape in error messages. */
export function readJsonl<S extends z.ZodType>(path: string, schema: S, expected: string): JsonlRow<z.output<S>>[] {
  const rows: JsonlRow<z.output<S>>[] = [];
  readFileSync(path, 'utf8').split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${path}:${index + 1}: not valid JSON`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new Error(`${path}:${index + 1}: expected ${expected}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    rows.push({ value: parsed.data, line: index + 1 });
  });
  return rows;
}
