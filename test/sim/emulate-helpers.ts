// Starts `ponder sim --emulate SERVER` for one test and stops it afterwards.
import { startSim, type Sim } from '../helpers/sim';

export async function withSim<T>(args: string[], run: (sim: Sim) => Promise<T>): Promise<T> {
  const sim = await startSim(args);
  try {
    return await run(sim);
  } finally {
    await sim.stop();
  }
}

export async function get(url: string): Promise<{ status: number; text: string; json: unknown; type: string }> {
  const r = await fetch(url);
  const text = await r.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: r.status, text, json, type: r.headers.get('content-type') ?? '' };
}

export type Json = Record<string, unknown>;

export const PROBLEM = 'Problem: What is the sum of 17 and 25?';
export const PARTIAL = 'Step 1: We line up the two numbers to add them.\n\n';
export const CONTINUE = [
  { role: 'user', content: PROBLEM },
  { role: 'assistant', content: PARTIAL },
];
