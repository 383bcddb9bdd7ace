// The policy endpoint on the official `openai` client: chat or completions, streamed, with
// `n`-batching that falls back to parallel requests, a run-wide concurrency limit, retries, and
// continuation of a partial answer (vLLM's continue_final_message, or a raw prompt via a chat template).
import OpenAI from 'openai';
import type { BudgetMeter } from '../budget';
import type { Limiter } from '../limiter';
import { FatalEndpointError, isNRefusal } from './errors';
import { withRetries } from './retry';
import { renderChatPrompt, type ChatMessage } from './templates';
import { probeContinuation, type ContinuationMode } from './continuation';
import type { PonderSettings } from '../../shared/settings';

export interface PolicyPrompt {
  messages: ChatMessage[];
  /** The assistant's partial answer to continue (step-level generation); needs a continuation mode. */
  prefix?: string;
}

export interface GenerateOptions {
  n: number;
  temperature: number;
  maxTokens: number;
  stop?: string[];
  signal: AbortSignal;
  /**
   * Streamed text of choice `index`; `restart` means earlier text of that choice was discarded (a retry).
   * Without it the request is not streamed (one JSON body: far less work per token for both sides), and
   * its timeout then covers the whole answer.
   */
  onDelta?: (index: number, text: string, restart: boolean) => void;
  /** The `seed` of the first choice; a batch split into several requests gives each `seed + offset`. */
  seed?: number;
}

export type Completion =
  | {
      ok: true;
      text: string;
      finishReason: string;
      /** vLLM's `stop_reason`: the stop string that ended the text, null for end-of-sequence; undefined when the server does not say. */
      stopReason?: string | number | null;
    }
  | { ok: false; error: string };

/** What one run lends the client: its concurrency limit, its meter and its log. */
export interface RunResources {
  limiter: Limiter;
  meter: BudgetMeter;
  log: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;
}

type Log = RunResources['log'];

export class PolicyClient {
  readonly client: OpenAI;
  /** Learned at run time: false after a server refused or ignored `n` > 1. */
  private nBatching: boolean;
  private modelPromise: Promise<string> | null = null;
  private continuationPromise: Promise<ContinuationMode> | null = null;
  private logprobsPromise: Promise<boolean> | null = null;

  constructor(
    private readonly settings: PonderSettings,
    apiKey: string | undefined,
  ) {
    // Our own retries and timeouts (see retry.ts), so the client's are off.
    // The client's own log would print parse failures that our retries already report; keep it quiet.
    this.client = new OpenAI({ baseURL: settings.policy.url, apiKey: apiKey || 'none', maxRetries: 0, timeout: 24 * 3600_000, logLevel: 'off' });
    this.nBatching = settings.policy.supportsN !== 'no';
  }

  get url(): string {
    return this.settings.policy.url;
  }

  get supportsN(): boolean {
    return this.nBatching;
  }

  get target(): string {
    return `the policy endpoint at ${this.settings.policy.url}`;
  }

  /** The configured model, or the first one the server lists. Cached; a failure is not. */
  model(signal?: AbortSignal): Promise<string> {
    if (this.settings.policy.model) return Promise.resolve(this.settings.policy.model);
    this.modelPromise ??= withRetries(
      async (s) => {
        const page = await this.client.models.list({ signal: s });
        const first = page.data[0]?.id;
        if (!first) throw new Error(`${this.target} lists no models; set ponder.policy.model (--policy-model)`);
        return first;
      },
      { target: this.target, timeoutMs: this.settings.request.timeoutMs, signal, maxAttempts: 3 },
    ).catch((err: unknown) => {
      this.modelPromise = null;
      throw err;
    });
    return this.modelPromise;
  }

  /** How a partial answer is continued: from the settings, or probed once (`auto`). */
  continuation(signal?: AbortSignal, log?: Log): Promise<ContinuationMode> {
    const configured = this.settings.policy.continuation;
    if (configured !== 'auto') return Promise.resolve(configured);
    if (this.settings.policy.api === 'completions') return Promise.resolve('completions');
    this.continuationPromise ??= this.model(signal)
      .then((model) => probeContinuation(this.client, model, this.settings.request.timeoutMs, signal))
      .then((mode) => {
        log?.('info', `${this.target}: continuation mode ${mode} (probed)`);
        return mode;
      })
      .catch((err: unknown) => {
        this.continuationPromise = null;
        throw err;
      });
    return this.continuationPromise;
  }

  /** Whether chat responses carry token logprobs (needed to use the policy as an llm-judge). Cached. */
  logprobs(signal?: AbortSignal): Promise<boolean> {
    this.logprobsPromise ??= this.model(signal).then(async (model) => {
      try {
        const response = await withRetries(
          (s) => this.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Answer Yes or No: is 2 even?' }], max_tokens: 1, logprobs: true, top_logprobs: 1 }, { signal: s }),
          { target: this.target, timeoutMs: this.settings.request.timeoutMs, signal, maxAttempts: 2 },
        );
        return Boolean(response.choices?.[0]?.logprobs?.content?.length);
      } catch (err) {
        if (signal?.aborted || err instanceof FatalEndpointError) throw err;
        return false;
      }
    });
    return this.logprobsPromise;
  }

  /** Generates `options.n` completions; failed ones come back as `{ok: false}` (already retried). */
  async generate(prompt: PolicyPrompt, options: GenerateOptions, run: RunResources): Promise<Completion[]> {
    const results: Completion[] = new Array(options.n);
    const batch = Math.max(1, run.limiter.capacity);
    const jobs: Promise<void>[] = [];
    for (let offset = 0; offset < options.n; offset += batch) {
      const size = Math.min(batch, options.n - offset);
      jobs.push(this.generateBatch(prompt, options, run, offset, size, results));
    }
    await Promise.all(jobs);
    return results;
  }

  private async generateBatch(prompt: PolicyPrompt, options: GenerateOptions, run: RunResources, offset: number, size: number, out: Completion[]): Promise<void> {
    if (size > 1 && this.nBatching) {
      try {
        const got = await this.request(prompt, options, run, offset, size);
        const missing: number[] = [];
        got.forEach((c, i) => (c ? (out[offset + i] = c) : missing.push(i)));
        if (missing.length === 0) return;
        this.nBatching = false;
        run.log('warn', `${this.target} returned ${size - missing.length} of ${size} choices for n=${size}; sending one request per generation from now on`);
        await Promise.all(missing.map(async (i) => (out[offset + i] = (await this.request(prompt, options, run, offset + i, 1))[0] ?? noChoice())));
        return;
      } catch (err) {
        if (!isNRefusal(err)) throw err;
        this.nBatching = false;
        run.log('warn', `${this.target} refused n=${size} (${err instanceof Error ? err.message : String(err)}); sending one request per generation from now on`);
      }
    }
    await Promise.all(
      Array.from({ length: size }, async (_, i) => {
        out[offset + i] = (await this.request(prompt, options, run, offset + i, 1))[0] ?? noChoice();
      }),
    );
  }

  /** One HTTP request for `n` choices (retried); entries are undefined where the server sent fewer. */
  private async request(prompt: PolicyPrompt, options: GenerateOptions, run: RunResources, offset: number, n: number): Promise<(Completion | undefined)[]> {
    const model = await this.model(options.signal);
    const mode = prompt.prefix !== undefined || this.settings.policy.api === 'completions' ? await this.continuationFor(prompt, options.signal, run.log) : null;
    const release = await run.limiter.acquire(n, options.signal);
    let attempt = 0;
    try {
      return await withRetries(
        async (signal, alive) => {
          if (attempt++ > 0 && options.onDelta) for (let i = 0; i < n; i++) options.onDelta(offset + i, '', true);
          const seed = options.seed === undefined ? undefined : (options.seed + offset) % SEED_RANGE;
          const streamed =
            mode === 'completions' ? await this.streamCompletions(model, prompt, options, n, seed, signal, offset, alive) : await this.streamChat(model, prompt, options, n, seed, signal, offset, mode, alive);
          if (streamed.usage) run.meter.countTokens(streamed.usage.prompt_tokens, streamed.usage.completion_tokens);
          else run.meter.countTokens(0, estimateTokens(streamed.texts));
          return streamed.texts.map((text, i): Completion | undefined => {
            const finish = streamed.finish[i];
            if (text === undefined && finish === undefined) return undefined;
            // A choice without a finish reason was cut off mid-stream: treat the request as failed.
            if (finish === undefined) throw new Error(`${this.target} ended the stream before choice ${i} finished`);
            const stopReason = streamed.stopReason[i];
            return stopReason === undefined ? { ok: true, text: text ?? '', finishReason: finish } : { ok: true, text: text ?? '', finishReason: finish, stopReason };
          });
        },
        { target: this.target, timeoutMs: this.settings.request.timeoutMs, signal: options.signal, onAttempt: () => run.meter.countRequest(), log: run.log },
      );
    } catch (err) {
      if (options.signal.aborted || isNRefusal(err) || err instanceof FatalEndpointError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      return Array.from({ length: n }, () => ({ ok: false, error: message }));
    } finally {
      release();
    }
  }

  private async continuationFor(prompt: PolicyPrompt, signal: AbortSignal, log: Log): Promise<ContinuationMode> {
    if (this.settings.policy.api === 'completions') return 'completions';
    const mode = await this.continuation(signal, log);
    if (mode === 'none') throw new Error(`${this.target} cannot continue a partial answer (continuation: none); step-level strategies are unavailable`);
    return mode;
  }

  private async streamChat(model: string, prompt: PolicyPrompt, options: GenerateOptions, n: number, seed: number | undefined, signal: AbortSignal, offset: number, mode: ContinuationMode | null, alive: () => void): Promise<Streamed> {
    const messages: ChatMessage[] = prompt.prefix !== undefined ? [...prompt.messages, { role: 'assistant', content: prompt.prefix }] : prompt.messages;
    // vLLM's extension for continuing the last (assistant) message; other servers never see it.
    const continuation = mode === 'continue-final-message' && prompt.prefix !== undefined ? { continue_final_message: true, add_generation_prompt: false } : {};
    const body = {
      model,
      messages,
      n,
      temperature: options.temperature,
      max_tokens: options.maxTokens,
      ...(options.stop ? { stop: options.stop } : {}),
      ...(seed === undefined ? {} : { seed }),
      ...continuation,
    };
    if (!options.onDelta) {
      const response = await this.client.chat.completions.create({ ...body, stream: false }, { signal });
      const out = emptyStreamed(n);
      for (const choice of response.choices ?? []) {
        if (choice.index >= n) continue;
        out.texts[choice.index] = choice.message?.content ?? '';
        if (choice.finish_reason) recordFinish(out, choice.index, choice.finish_reason, choice);
      }
      if (response.usage) out.usage = response.usage;
      return out;
    }
    const stream = await this.client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal });
    const out = emptyStreamed(n);
    for await (const chunk of stream) {
      alive();
      for (const choice of chunk.choices ?? []) {
        if (choice.index >= n) continue;
        const text = choice.delta?.content;
        if (text) {
          out.texts[choice.index] = (out.texts[choice.index] ?? '') + text;
          options.onDelta?.(offset + choice.index, text, false);
        } else out.texts[choice.index] ??= '';
        if (choice.finish_reason) recordFinish(out, choice.index, choice.finish_reason, choice);
      }
      if (chunk.usage) out.usage = chunk.usage;
    }
    return out;
  }

  private async streamCompletions(model: string, prompt: PolicyPrompt, options: GenerateOptions, n: number, seed: number | undefined, signal: AbortSignal, offset: number, alive: () => void): Promise<Streamed> {
    const raw = renderChatPrompt(this.settings.policy.chatTemplate, prompt.messages) + (prompt.prefix ?? '');
    const body = {
      model,
      prompt: raw,
      n,
      temperature: options.temperature,
      max_tokens: options.maxTokens,
      ...(options.stop ? { stop: options.stop } : {}),
      ...(seed === undefined ? {} : { seed }),
    };
    if (!options.onDelta) {
      const response = await this.client.completions.create({ ...body, stream: false }, { signal });
      const out = emptyStreamed(n);
      for (const choice of response.choices ?? []) {
        if (choice.index >= n) continue;
        out.texts[choice.index] = choice.text ?? '';
        if (choice.finish_reason) recordFinish(out, choice.index, choice.finish_reason, choice);
      }
      if (response.usage) out.usage = response.usage;
      return out;
    }
    const stream = await this.client.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal });
    const out = emptyStreamed(n);
    for await (const chunk of stream) {
      alive();
      for (const choice of chunk.choices ?? []) {
        if (choice.index >= n) continue;
        if (choice.text) {
          out.texts[choice.index] = (out.texts[choice.index] ?? '') + choice.text;
          options.onDelta?.(offset + choice.index, choice.text, false);
        } else out.texts[choice.index] ??= '';
        if (choice.finish_reason) recordFinish(out, choice.index, choice.finish_reason, choice);
      }
      if (chunk.usage) out.usage = chunk.usage;
    }
    return out;
  }
}

/** Request seeds stay within a signed 32-bit integer, which every server accepts. */
export const SEED_RANGE = 2 ** 31;

interface Streamed {
  texts: (string | undefined)[];
  finish: (string | undefined)[];
  stopReason: (string | number | null | undefined)[];
  usage?: { prompt_tokens: number; completion_tokens: number };
}

function emptyStreamed(n: number): Streamed {
  return { texts: new Array(n).fill(undefined), finish: new Array(n).fill(undefined), stopReason: new Array(n).fill(undefined) };
}

function recordFinish(out: Streamed, index: number, finishReason: string, choice: object): void {
  out.finish[index] = finishReason;
  // vLLM adds `stop_reason` (not in the OpenAI types): which stop string matched, or null at end of sequence.
  const stopReason: unknown = (choice as { stop_reason?: unknown }).stop_reason;
  if (stopReason === null || typeof stopReason === 'string' || typeof stopReason === 'number') out.stopReason[index] = stopReason;
}

function noChoice(): Completion {
  return { ok: false, error: 'the server returned no choice for this generation' };
}

/** Rough count (4 characters a token) for servers that report no usage. */
function estimateTokens(texts: (string | undefined)[]): number {
  return Math.ceil(texts.reduce((sum, t) => sum + (t?.length ?? 0), 0) / 4);
}
