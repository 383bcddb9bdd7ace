// A process reward model served by vLLM: POST <url>/pooling {model, input} with the PRM's input format;
// the response holds one [p_neg, p_pos] pair per step tag (Qwen2.5-Math-PRM) or [p(+), p(-)] (Math-Shepherd).
import { z } from 'zod';
import { Limiter } from '../limiter';
import { mathShepherdInput, qwenPrmInput } from '../prompts';
import { withRetries } from '../endpoints/retry';
import { EndpointRejection } from '../endpoints/errors';
import type { Verifier, VerifierContext } from './types';

const PoolingResponse = z.object({
  data: z.array(z.object({ data: z.array(z.array(z.number()).min(2)) })).min(1),
});
const ModelsResponse = z.object({ data: z.array(z.object({ id: z.string() })) });

/** Inputs sent in one /pooling request at most (keeps bodies well under servers' size limits). */
const MAX_BATCH = 32;

interface PendingScore {
  input: string;
  steps: number;
  context: VerifierContext;
  resolve(scores: number[]): void;
  reject(err: unknown): void;
}

export interface PoolingOptions {
  url: string;
  model: string;
  format: 'qwen-prm' | 'math-shepherd';
  apiKey?: string;
  timeoutMs: number;
  concurrency: number;
}

/** `http://host:8000/v1/` -> `http://host:8000`: `/pooling` lives at the server root. */
export function poolingBase(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export class PoolingVerifier implements Verifier {
  readonly kind = 'vllm-pooling' as const;
  private readonly limiter: Limiter;
  private modelPromise: Promise<string> | null = null;
  private readonly pending = new Map<AbortSignal, PendingScore[]>();

  constructor(private readonly options: PoolingOptions) {
    this.limiter = new Limiter(options.concurrency);
  }

  get url(): string {
    return this.options.url;
  }

  private get target(): string {
    return `the verifier at ${poolingBase(this.options.url)}/pooling`;
  }

  model(signal?: AbortSignal): Promise<string> {
    if (this.options.model) return Promise.resolve(this.options.model);
    this.modelPromise ??= withRetries(
      async (s) => {
        const body = ModelsResponse.parse(await this.getJson(`${poolingBase(this.options.url)}/v1/models`, s));
        const first = body.data[0]?.id;
        if (!first) throw new Error(`the verifier at ${this.options.url} lists no models; set ponder.verifier.model (--verifier-model)`);
        return first;
      },
      { target: `the verifier at ${this.options.url}`, timeoutMs: this.options.timeoutMs, signal, maxAttempts: 3 },
    ).catch((err: unknown) => {
      this.modelPromise = null;
      throw err;
    });
    return this.modelPromise;
  }

  /**
   * Calls made in the same turn of the event loop for the same run (signal) go out as one request with an
   * array `input` (vLLM's /pooling accepts one): a beam round or a batch of samples costs one HTTP call.
   */
  async scoreSteps(problem: string, steps: readonly string[], context: VerifierContext): Promise<number[]> {
    if (steps.length === 0) return [];
    const model = await this.model(context.signal);
    const input = this.options.format === 'math-shepherd' ? mathShepherdInput(problem, steps) : qwenPrmInput(problem, steps);
    return new Promise<number[]>((resolve, reject) => {
      let queue = this.pending.get(context.signal);
      if (!queue) {
        queue = [];
        this.pending.set(context.signal, queue);
        setImmediate(() => this.flush(context.signal, model));
      }
      queue.push({ input, steps: steps.length, context, resolve, reject });
    });
  }

  private flush(signal: AbortSignal, model: string): void {
    const queue = this.pending.get(signal) ?? [];
    this.pending.delete(signal);
    for (let i = 0; i < queue.length; i += MAX_BATCH) void this.send(model, queue.slice(i, i + MAX_BATCH));
  }

  private async send(model: string, batch: PendingScore[]): Promise<void> {
    const { context } = batch[0];
    let parsed: z.infer<typeof PoolingResponse>;
    try {
      const release = await this.limiter.acquire(1, context.signal);
      try {
        const input = batch.length === 1 ? batch[0].input : batch.map((p) => p.input);
        parsed = await withRetries(
          async (signal) => {
            const json = await this.postJson(`${poolingBase(this.options.url)}/pooling`, { model, input }, signal);
            const result = PoolingResponse.safeParse(json);
            if (!result.success)
              throw new Error(`${this.target} sent an unexpected response: ${result.error.issues[0]?.message ?? 'invalid'}`);
            if (result.data.data.length < batch.length)
              throw new Error(`${this.target} returned ${result.data.data.length} results for ${batch.length} inputs`);
            return result.data;
          },
          { target: this.target, timeoutMs: this.options.timeoutMs, signal: context.signal, onAttempt: context.onCall, log: context.log },
        );
      } finally {
        release();
      }
    } catch (err) {
      // One input the server refuses (e.g. longer than the PRM's context) must not fail the others:
      // halve the batch until the refusal is the offending input's alone.
      if (batch.length > 1 && err instanceof EndpointRejection && !context.signal.aborted) {
        const half = Math.ceil(batch.length / 2);
        await Promise.all([this.send(model, batch.slice(0, half)), this.send(model, batch.slice(half))]);
        return;
      }
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const pairs = parsed.data[i].data;
      if (pairs.length < p.steps) return p.reject(new Error(`${this.target} returned ${pairs.length} scores for ${p.steps} steps`));
      // Some servers also pool the tokens after the last tag; the step scores are the last `steps` ones.
      const mine = pairs.slice(pairs.length - p.steps);
      p.resolve(mine.map((pair) => clamp01(this.options.format === 'math-shepherd' ? pair[0] : pair[1])));
    });
  }

  async scoreLastStep(problem: string, steps: readonly string[], context: VerifierContext): Promise<number> {
    const scores = await this.scoreSteps(problem, steps, context);
    return scores[scores.length - 1] ?? 0;
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    return headers;
  }

  private async postJson(url: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    const response = await fetch(url, { method: 'POST', headers: this.headers(), body: JSON.stringify(body), signal });
    return readJson(response);
  }

  private async getJson(url: string, signal: AbortSignal): Promise<unknown> {
    return readJson(await fetch(url, { headers: this.headers(), signal }));
  }
}

/** An HTTP error carrying status and headers the way retry.ts expects (the openai client's shape). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw new HttpStatusError(response.status, response.headers, `HTTP ${response.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`malformed JSON from ${response.url}: ${text.slice(0, 80)}`);
  }
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
