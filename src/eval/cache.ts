// The eval's on-disk cache: an append-only JSONL file in the output folder. Each finished unit of work
// (a chunk of a problem's sample pool, or one search run) is appended as soon as it ends, so an
// interrupted eval resumes without spending those generations again. A torn last line is ignored.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { z } from 'zod';
import { jsonlLines } from '../core/jsonl';

const cacheEntry = z.object({
  key: z.string(),
  /** Chunk index for pool chunks; 0 for single-shot entries. */
  part: z.number(),
  value: z.unknown(),
});

export type CacheEntry = z.infer<typeof cacheEntry>;

/** A stable key from any JSON-able description (object keys sorted). */
export function cacheKey(description: unknown): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(stable)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, stable(x)]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(stable(description)))
    .digest('hex')
    .slice(0, 32);
}

export class JobCache {
  private readonly entries = new Map<string, Map<number, unknown>>();
  /** A torn last line must not swallow the next entry. */
  private startWithNewline = false;

  constructor(private readonly path: string) {
    if (!existsSync(path)) return;
    const text = readFileSync(path, 'utf8');
    this.startWithNewline = text.length > 0 && !text.endsWith('\n');
    for (const entry of jsonlLines(text, cacheEntry, '{key, part, value}')) {
      // A bad line is the write an interrupt cut short; that unit is simply done again.
      if (entry.ok) this.remember(entry.value);
    }
  }

  private remember(entry: CacheEntry): void {
    let parts = this.entries.get(entry.key);
    if (!parts) this.entries.set(entry.key, (parts = new Map()));
    parts.set(entry.part, entry.value);
  }

  get(key: string, part = 0): unknown {
    return this.entries.get(key)?.get(part);
  }

  /** The consecutive parts 0, 1, ... stored under a key. */
  parts(key: string): unknown[] {
    const parts = this.entries.get(key);
    const out: unknown[] = [];
    while (parts?.has(out.length)) out.push(parts.get(out.length));
    return out;
  }

  /** Appends synchronously (one write call per line), so a Ctrl-C right after still finds it on disk. */
  put(key: string, part: number, value: unknown): void {
    const entry: CacheEntry = { key, part, value };
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, (this.startWithNewline ? '\n' : '') + JSON.stringify(entry) + '\n');
    this.startWithNewline = false;
    this.remember(entry);
  }
}
