// `ponder serve` in-process in front of a `ponder sim` child, with its log lines collected, and the
// official `openai` client pointed at it.
import OpenAI from 'openai';
import { createEngine } from '../../src/core/index';
import { startServe, type RunningServe } from '../../src/serve/server';
import type { Secrets } from '../../src/shared/settings';
import { engineSettings } from '../engine/engineHarness';
import type { Sim } from '../helpers/sim';

export interface Served {
  url: string;
  serve: RunningServe;
  logs: string[];
  client(options?: { apiKey?: string }): OpenAI;
  close(): Promise<void>;
}

export async function serveInFront(
  sim: Pick<Sim, 'url'>,
  options: { maxConcurrentRuns?: number; token?: string; secrets?: Secrets; settings?: Record<string, unknown> } = {},
): Promise<Served> {
  const logs: string[] = [];
  const log = (level: string, message: string) => logs.push(`[${level}] ${message}`);
  const settings = engineSettings(sim.url, { budget: { generations: 8 }, ...options.settings });
  const engine = createEngine(settings, options.secrets ?? {}, { log });
  const serve = await startServe(engine, {
    host: '127.0.0.1',
    port: 0,
    maxConcurrentRuns: options.maxConcurrentRuns ?? 2,
    token: options.token,
    log,
  });
  return {
    url: serve.url,
    serve,
    logs,
    // No retries: a test sees each status as the server sent it.
    client: (o = {}) => new OpenAI({ baseURL: serve.url, apiKey: o.apiKey ?? options.token ?? 'unused', maxRetries: 0 }),
    close: () => serve.close(),
  };
}
