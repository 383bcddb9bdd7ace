// Any chat model as a verifier: per step, "Is the last step (step k) correct? Answer Yes or No." with
// logprobs; score = P(Yes) / (P(Yes) + P(No)). One call per step, sent concurrently.
import OpenAI from 'openai';
import { Limiter } from '../limiter';
import { judgePrompt } from '../prompts';
import { withRetries } from '../endpoints/retry';
import type { Verifier, VerifierContext } from './types';

const YES = new Set(['Yes', ' Yes', 'yes', ' yes', 'YES']);
const NO = new Set(['No', ' No', 'no', ' no', 'NO']);

export interface JudgeOptions {
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  concurrency: number;
}

/** P(Yes) / (P(Yes) + P(No)) from the first token's top logprobs; 0.5 when neither appears. */
export function judgeScore(topLogprobs: readonly { token: string; logprob: number }[]): number {
  let yes = 0;
  let no = 0;
  for (const { token, logprob } of topLogprobs) {
    if (YES.has(token)) yes += Math.exp(logprob);
    else if (NO.has(token)) no += Math.exp(logprob);
  }
  return yes + no > 0 ? yes / (yes + no) : 0.5;
}

/** The judge model answers without logprobs (e.g. Ollama before 0.12.11): asking again cannot help. */
class NoLogprobsError extends Error {}

export class JudgeVerifier implements Verifier {
  readonly kind = 'llm-judge' as const;
  private readonly client: OpenAI;
  private readonly limiter: Limiter;
  private modelPromise: Promise<string> | null = null;
  /** Set once the judge answered without logprobs: later steps fail at once instead of asking again. */
  private noLogprobs: NoLogprobsError | null = null;

  constructor(private readonly options: JudgeOptions) {
    this.client = new OpenAI({
      baseURL: options.url,
      apiKey: options.apiKey || 'none',
      maxRetries: 0,
      timeout: 24 * 3600_000,
      logLevel: 'off',
    });
    this.limiter = new Limiter(options.concurrency);
  }

  get url(): string {
    return this.options.url;
  }

  private get target(): string {
    return `the llm-judge verifier at ${this.options.url}`;
  }

  model(signal?: AbortSignal): Promise<string> {
    if (this.options.model) return Promise.resolve(this.options.model);
    this.modelPromise ??= withRetries(
      async (s) => {
        const page = await this.client.models.list({ signal: s });
        const first = page.data[0]?.id;
        if (!first) throw new Error(`${this.target} lists no models; set ponder.verifier.model (--verifier-model)`);
        return first;
      },
      { target: this.target, timeoutMs: this.options.timeoutMs, signal, maxAttempts: 3 },
    ).catch((err: unknown) => {
      this.modelPromise = null;
      throw err;
    });
    return this.modelPromise;
  }

  scoreSteps(problem: string, steps: readonly string[], context: VerifierContext): Promise<number[]> {
    return Promise.all(steps.map((_, k) => this.judge(problem, steps.slice(0, k + 1), context)));
  }

  scoreLastStep(problem: string, steps: readonly string[], context: VerifierContext): Promise<number> {
    return steps.length ? this.judge(problem, steps, context) : Promise.resolve(0);
  }

  private async judge(problem: string, steps: readonly string[], context: VerifierContext): Promise<number> {
    if (this.noLogprobs) throw this.noLogprobs;
    const model = await this.model(context.signal);
    const release = await this.limiter.acquire(1, context.signal);
    try {
      return await withRetries(
        async (signal) => {
          const response = await this.client.chat.completions.create(
            {
              model,
              messages: [{ role: 'user', content: judgePrompt(problem, steps) }],
              logprobs: true,
              top_logprobs: 5,
              max_tokens: 1,
              temperature: 0,
            },
            { signal },
          );
          const first = response.choices?.[0]?.logprobs?.content?.[0];
          if (!first)
            throw (this.noLogprobs ??= new NoLogprobsError(
              `${this.target} returned no logprobs; the judge model must return logprobs (Ollama does from 0.12.11 on)`,
            ));
          // top_logprobs already holds the sampled token; fall back to it alone when a server sends none.
          return judgeScore(first.top_logprobs?.length ? first.top_logprobs : [{ token: first.token, logprob: first.logprob }]);
        },
        {
          target: this.target,
          timeoutMs: this.options.timeoutMs,
          signal: context.signal,
          onAttempt: context.onCall,
          log: context.log,
          passThrough: (err) => err instanceof NoLogprobsError,
        },
      );
    } finally {
      release();
    }
  }
}
