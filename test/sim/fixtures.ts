// Shared helpers for the simulator's tests: MATH-500 rows, an openai client, raw JSON posts.
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { MATH500 } from '../helpers/sim';

export interface MathRow {
  problem: string;
  answer: string;
  level: number;
}

export const MATH_ROWS: MathRow[] = readFileSync(MATH500, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as MathRow);

export function client(url: string): OpenAI {
  return new OpenAI({ baseURL: url, apiKey: 'sk-sim', maxRetries: 0 });
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await r.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // Left as text: some tests expect malformed bodies.
  }
  return { status: r.status, json, headers: r.headers };
}

/** The `data:` payloads of a server-sent-events body, in order. */
export function sseData(body: string): string[] {
  return body
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice(6));
}

/** Polls /sim/stats until the predicate holds (a signal, not a sleep; gives up after many tries). */
export async function waitForStats<T>(read: () => Promise<T>, predicate: (s: T) => boolean, tries = 500): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const s = await read();
    if (predicate(s)) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`stats never satisfied the condition: ${JSON.stringify(await read())}`);
}

export function qwenPrmInput(problem: string, steps: string[]): string {
  return (
    '<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n' +
    `<|im_start|>user\n${problem}<|im_end|>\n<|im_start|>assistant\n${steps.map((s) => s + '<extra_0>').join('')}<|im_end|><|endoftext|>`
  );
}

export function judgeQuestion(problem: string, steps: string[]): string {
  return `Problem:\n${problem}\n\nSolution so far:\n${steps.join('\n\n')}\n\nIs the last step (step ${steps.length}) of the solution correct? Answer Yes or No.`;
}
