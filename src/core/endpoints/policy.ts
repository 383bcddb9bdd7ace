// The policy endpoint on the official `openai` client: chat or completions, streamed, with
// `n`-batching up to what the server takes (learned from its answers), a run-wide concurrency limit,
// retries, and continuation of a partial answer (continue_final_message, or a raw prompt via a chat
// template), with the server recognised by behaviour (serverKind.ts).
import OpenAI from 'openai';
import type { BudgetMeter } from '../budget';
import type { Limiter } from '../limiter';
import { FatalEndpointError, httpStatus, isUnrecordedRefusal, mayBeNRefusal, statedMaxN } from './errors';
import { withRetries } from './retry';
import { renderChatPrompt, type ChatMessage } from './templates';
import { probeContinuation, type ContinuationProbe, type ContinuationMode } from './continuation';
import { addChoice, addThinking, addUsage, emptyStreamed, type Streamed } from './responses';
import {
  INSTRUCT_MAX_TOKENS,
  isReasoningApiRefusal,
  looksLikeReasoningModel,
  probeReasoning,
  REASONING_MAX_TOKENS,
  thinkingField,
  thinkingRelay,
  withOpenedThinking,
  type ReasoningProbe,
} from './reasoning';
import { detectServer, ollamaHasLogprobs, type ServerInfo } from './serverKind';
import type { StopKind } from './stops';
import type { PonderSettings } from '../../shared/settings';
import { splitThinking, THINK_CLOSE_TAG, THINK_OPEN_TAG, type ReasoningShape } from '../../shared/thinking';

export interface PolicyPrompt {
  messages: ChatMessage[];
  /** The assistant's partial answer to continue (step-level generation); needs a continuation mode. */
  prefix?: string;
}

export interface GenerateOptions {
  n: number;
  temperature: number;
  /** The token limit of each choice, thinking included; 0: by whether the policy reasons (INSTRUCT_MAX_TOKENS or REASONING_MAX_TOKENS). */
  maxTokens: number;
  stop?: string[];
  signal: AbortSignal;
  /**
   * Streamed text of choice `index`; `restart` means earlier text of that choice was discarded (a retry).
   * A reasoning model's thinking comes in `thinking`, never in `text` (which is the answer only).
   * Without it the request is not streamed (one JSON body: far less work per token for both sides), and
   * its timeout then covers the whole answer.
   */
  onDelta?: (index: number, text: string, restart: boolean, thinking?: string) => void;
  /** The `seed` of the first choice; a batch split into several requests gives each `seed + offset`. */
  seed?: number;
}

export type Completion =
  | {
      ok: true;
      /** The answer: without the thinking of a reasoning model. */
      text: string;
      /** A reasoning model's thinking (from its reasoning field or inline <think> tags), when it showed any. */
      thinking?: string;
      finishReason: string;
      /** How the choice ended, from what the server reports (stops.ts). */
      ended: StopKind;
    }
  | { ok: false; error: string };

/** What one run lends the client: its concurrency limit, its meter and its log. */
export interface RunResources {
  limiter: Limiter;
  meter: BudgetMeter;
  log: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;
}

type Log = RunResources['log'];

interface Listing {
  model: string;
  owner: string | undefined;
}

export class PolicyClient {
  readonly client: OpenAI;
  /** The largest `n` per request: from the settings, the server's stated limit, or learned from a refusal. */
  private maxN: number;
  /** Whether a streamed `n` request's usage came as one total (`total`) or one record per choice. */
  private usageShape: 'unknown' | 'total' | 'per-choice' = 'unknown';
  /** Whether the template trims a continued answer's trailing whitespace (probed, or learned from an empty step). */
  private trimsPrefix: boolean | null = null;
  private stopField: 'stop_reason' | 'matched_stop' | null = null;
  private listingPromise: Promise<Listing> | null = null;
  private serverPromise: Promise<ServerInfo> | null = null;
  private continuationPromise: Promise<ContinuationProbe> | null = null;
  private logprobsPromise: Promise<boolean> | null = null;
  private reasoningPromise: Promise<ReasoningProbe> | null = null;
  /** The reasoning shape probed or seen in a reply (with ponder.policy.reasoning auto); undefined: not known yet. */
  private seenReasoning: ReasoningShape | null | undefined = undefined;
  /** Replies showed </think> without <think>: the chat template opens the thinking in the prompt. */
  private thinkingOpensInPrompt = false;

  constructor(
    private readonly settings: PonderSettings,
    private readonly apiKey: string | undefined,
  ) {
    // Our own retries and timeouts (see retry.ts), so the client's are off.
    // The client's own log would print parse failures that our retries already report; keep it quiet.
    this.client = new OpenAI({
      baseURL: settings.policy.url,
      apiKey: apiKey || 'none',
      maxRetries: 0,
      timeout: 24 * 3600_000,
      logLevel: 'off',
    });
    this.maxN = settings.policy.supportsN === 'no' ? 1 : Infinity;
  }

  get url(): string {
    return this.settings.policy.url;
  }

  get supportsN(): boolean {
    return this.maxN > 1;
  }

  /** The largest `n` known to work, or null when not bounded (so far). */
  get nLimit(): number | null {
    return Number.isFinite(this.maxN) ? this.maxN : null;
  }

  get trimsContinuationPrefix(): boolean | null {
    return this.trimsPrefix;
  }

  get stopReporting(): 'stop_reason' | 'matched_stop' | 'finish_reason' {
    return this.stopField ?? 'finish_reason';
  }

  /** How the policy reasons, as far as is known (the setting, a probe, or the replies so far); null: it does not, or not known yet. */
  get reasoning(): ReasoningShape | null {
    const configured = this.settings.policy.reasoning;
    if (configured === 'off') return this.seenReasoning === 'openai' ? 'openai' : null;
    if (configured !== 'auto') return configured;
    return this.seenReasoning ?? null;
  }

  /**
   * The reasoning shape for `ponder check` and route reasons: from the setting, or probed once with a
   * short chat request (not during runs, whose generations must be the ones the server serves: runs
   * learn it from their replies). A failed probe is not cached.
   */
  reasoningProbe(signal?: AbortSignal, log?: Log): Promise<ReasoningProbe> {
    const configured = this.settings.policy.reasoning;
    if (configured !== 'auto') return Promise.resolve({ shape: this.reasoning, note: `ponder.policy.reasoning is ${configured}` });
    if (this.seenReasoning !== undefined)
      return Promise.resolve({
        shape: this.seenReasoning,
        note: this.seenReasoning ? 'seen in its replies' : 'its replies carried no thinking',
      });
    this.reasoningPromise ??= this.model(signal)
      .then((model) => probeReasoning(this.client, model, this.settings.request.timeoutMs, signal))
      .then((probe) => {
        this.seenReasoning ??= probe.shape;
        log?.('info', `${this.target}: reasoning ${probe.shape ?? 'none'} (probed): ${probe.note}`);
        return probe;
      })
      .catch((err: unknown) => {
        this.reasoningPromise = null;
        throw err;
      });
    return this.reasoningPromise;
  }

  /** The token limit of a generation: the one asked for, or by whether the policy reasons (its name hints before a reply has shown it). */
  private tokenLimit(asked: number, model: string): number {
    if (asked > 0) return asked;
    const known = this.settings.policy.reasoning === 'auto' && this.seenReasoning === undefined ? undefined : this.reasoning;
    const reasons = known === undefined ? looksLikeReasoningModel(model) : known !== null;
    return reasons ? REASONING_MAX_TOKENS : INSTRUCT_MAX_TOKENS;
  }

  /** The fields that bound a request and set its temperature: OpenAI's reasoning models take max_completion_tokens and only the default temperature. */
  private limitFields(maxTokens: number, temperature: number | undefined): LimitFields {
    const effort = this.settings.policy.reasoningEffort;
    const withEffort: LimitFields = effort === 'default' ? {} : { reasoning_effort: effort };
    if (this.reasoning === 'openai') return { max_completion_tokens: maxTokens, ...withEffort };
    return { max_tokens: maxTokens, ...(temperature === undefined ? {} : { temperature }), ...withEffort };
  }

  /** Whether a fresh answer's text starts inside the thinking: the raw prompt ends with <think>, or the replies showed the template opens it. */
  private startsInThinking(prompt: PolicyPrompt, mode: ContinuationMode | null): boolean {
    if (this.settings.policy.reasoning === 'off' || prompt.prefix !== undefined) return false;
    if (mode === 'completions') return /<think>\s*$/.test(renderChatPrompt(this.settings.policy.chatTemplate, prompt.messages));
    return this.thinkingOpensInPrompt;
  }

  /**
   * Learns OpenAI's reasoning API from its refusal of max_tokens or temperature (requests sent at the same
   * time are refused alike: each is sent again once); false for any other error.
   */
  private learnReasoningApi(err: unknown, log?: Log): boolean {
    if (!isReasoningApiRefusal(err)) return false;
    if (this.reasoning === 'openai') return true;
    this.seenReasoning = 'openai';
    log?.(
      'warn',
      `${this.target} refused ${err instanceof Error ? err.message : String(err)}: an OpenAI reasoning model, so requests use max_completion_tokens and the default temperature from now on (ponder.policy.reasoning: openai says so up front)`,
    );
    return true;
  }

  get target(): string {
    return `the policy endpoint at ${this.settings.policy.url}`;
  }

  /** The configured model, or the first one the server lists. Cached; a failure is not. */
  async model(signal?: AbortSignal): Promise<string> {
    if (this.settings.policy.model) return this.settings.policy.model;
    return (await this.listing(signal)).model;
  }

  private listing(signal?: AbortSignal): Promise<Listing> {
    this.listingPromise ??= withRetries(
      async (s) => {
        const page = await this.client.models.list({ signal: s });
        const wanted = this.settings.policy.model;
        const entry = (wanted ? page.data.find((m) => m.id === wanted) : undefined) ?? page.data[0];
        if (!entry && !wanted) throw new Error(`${this.target} lists no models; set ponder.policy.model (--policy-model)`);
        return { model: wanted || entry.id, owner: typeof entry?.owned_by === 'string' ? entry.owned_by : undefined };
      },
      { target: this.target, timeoutMs: this.settings.request.timeoutMs, signal, maxAttempts: 3 },
    ).catch((err: unknown) => {
      this.listingPromise = null;
      throw err;
    });
    return this.listingPromise;
  }

  /** The server behind the URL (serverKind.ts); its stated `n` limit applies from then on. Cached. */
  server(signal?: AbortSignal): Promise<ServerInfo> {
    this.serverPromise ??= this.listing(signal)
      .then(({ owner }) => detectServer(this.url, owner, this.authHeaders(), this.settings.request.timeoutMs, signal))
      .then((info) => {
        if (info.maxN !== null && this.settings.policy.supportsN !== 'yes') this.maxN = Math.min(this.maxN, info.maxN);
        return info;
      })
      .catch((err: unknown) => {
        this.serverPromise = null;
        throw err;
      });
    return this.serverPromise;
  }

  private authHeaders(): Record<string, string> {
    return this.apiKey ? { Authorization: `Bearer ${this.apiKey}` } : {};
  }

  /** How a partial answer is continued: from the settings, or probed once (`auto`). A failed probe is not cached. */
  async continuation(signal?: AbortSignal, log?: Log): Promise<ContinuationMode> {
    return (await this.continuationProbe(signal, log)).mode;
  }

  continuationProbe(signal?: AbortSignal, log?: Log): Promise<ContinuationProbe> {
    const configured = this.settings.policy.continuation;
    if (this.settings.policy.api === 'completions')
      return Promise.resolve({ mode: 'completions', trimsPrefix: null, note: 'ponder.policy.api is completions' });
    if (configured !== 'auto')
      return Promise.resolve({ mode: configured, trimsPrefix: this.trimsPrefix, note: `ponder.policy.continuation is ${configured}` });
    this.continuationPromise ??= Promise.all([this.model(signal), this.server(signal)])
      .then(([model, server]) => probeContinuation(this.client, model, server.kind, this.settings.request.timeoutMs, signal))
      .then((probe) => {
        this.trimsPrefix ??= probe.trimsPrefix;
        if (probe.stopField) this.stopField ??= probe.stopField;
        log?.('info', `${this.target}: continuation mode ${probe.mode} (probed): ${probe.note}`);
        return probe;
      })
      .catch((err: unknown) => {
        this.continuationPromise = null;
        throw err;
      });
    return this.continuationPromise;
  }

  /** Whether chat responses carry token logprobs (needed to use the policy as an llm-judge). Cached. */
  logprobs(signal?: AbortSignal): Promise<boolean> {
    this.logprobsPromise ??= Promise.all([this.model(signal), this.server(signal)]).then(async ([model, server]) => {
      if (server.kind === 'ollama' && !ollamaHasLogprobs(server.version)) return false;
      try {
        const response = await withRetries(
          (s) =>
            this.client.chat.completions.create(
              {
                model,
                messages: [{ role: 'user', content: 'Answer Yes or No: is 2 even?' }],
                ...this.limitFields(1, undefined),
                logprobs: true,
                top_logprobs: 1,
              },
              { signal: s },
            ),
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

  /** Whether one request for 2 choices returns 2 (for `ponder check`; what runs learn anyway). */
  async probeN(signal?: AbortSignal): Promise<boolean> {
    if (this.maxN <= 1) return false;
    const model = await this.model(signal);
    try {
      const reply = await withRetries(
        (s) =>
          this.client.chat.completions.create(
            { model, messages: [{ role: 'user', content: 'Say yes.' }], ...this.limitFields(1, 1), n: 2 },
            { signal: s },
          ),
        { target: this.target, timeoutMs: this.settings.request.timeoutMs, signal, passThrough: mayBeNRefusal },
      );
      if ((reply.choices ?? []).length < 2) this.maxN = 1;
    } catch (err) {
      if (!mayBeNRefusal(err)) throw err;
      // A strict replay refuses this prompt because it was not recorded, which says nothing about n.
      if (isUnrecordedRefusal(err)) return this.maxN > 1;
      this.maxN = statedMaxN(err instanceof Error ? err.message : '', 2);
    }
    return this.maxN > 1;
  }

  /** Generates `options.n` completions; failed ones come back as `{ok: false}` (already retried). */
  async generate(prompt: PolicyPrompt, options: GenerateOptions, run: RunResources): Promise<Completion[]> {
    await this.server(options.signal);
    const results: Completion[] = new Array(options.n);
    const batch = Math.max(1, run.limiter.capacity);
    const jobs: Promise<void>[] = [];
    for (let offset = 0; offset < options.n; offset += batch) {
      jobs.push(this.generateBatch(prompt, options, run, offset, Math.min(batch, options.n - offset), results));
    }
    await Promise.all(jobs);
    return this.continuePastLostSeparator(prompt, options, run, results);
  }

  /** Choices `offset..offset+size-1`: requests of up to `maxN` choices; one per choice once `n` is refused or ignored. */
  private async generateBatch(
    prompt: PolicyPrompt,
    options: GenerateOptions,
    run: RunResources,
    offset: number,
    size: number,
    out: Completion[],
  ): Promise<void> {
    const singles: Promise<void>[] = [];
    const single = (i: number) => singles.push(this.request(prompt, options, run, i, 1).then(([c]) => void (out[i] = c ?? noChoice())));
    let next = offset;
    const end = offset + size;
    while (next < end) {
      const n = Math.min(end - next, this.maxN);
      if (n <= 1) {
        for (; next < end; next++) single(next);
        break;
      }
      try {
        const got = await this.request(prompt, options, run, next, n, true);
        got.forEach((c, i) => (c ? (out[next + i] = c) : single(next + i)));
        if (got.some((c) => !c)) {
          this.maxN = 1;
          run.log(
            'warn',
            `${this.target} returned ${got.filter(Boolean).length} of ${n} choices for n=${n} (it ignores n); sending one request per generation from now on`,
          );
        }
      } catch (err) {
        if (!mayBeNRefusal(err)) throw err;
        // Was it `n`? The same prompt for one choice tells.
        const [first] = await this.request(prompt, options, run, next, 1);
        out[next] = first ?? noChoice();
        if (first?.ok) {
          this.maxN = Math.min(this.maxN, statedMaxN(err instanceof Error ? err.message : '', n));
          run.log(
            'warn',
            `${this.target} refused n=${n} (HTTP ${httpStatus(err)}: ${err instanceof Error ? err.message : String(err)}); asking for at most ${this.maxN} per request from now on`,
          );
          next += 1;
          continue;
        }
        for (let i = 1; i < n; i++) out[next + i] = { ok: false, error: first && !first.ok ? first.error : String(err) };
      }
      next += n;
    }
    await Promise.all(singles);
  }

  /**
   * A template that trims the partial answer (Llama 3.x, Gemma on vLLM/SGLang) loses its trailing
   * separator, so the model writes the separator first and the stop string ends the step empty. Seen
   * once, every continuation asks for `min_tokens: 1` and drops what it writes before the step; the
   * empty ones are asked again.
   */
  private async continuePastLostSeparator(
    prompt: PolicyPrompt,
    options: GenerateOptions,
    run: RunResources,
    results: Completion[],
  ): Promise<Completion[]> {
    const stop = options.stop?.find((s) => prompt.prefix?.endsWith(s));
    if (!stop || this.trimsPrefix === true || this.settings.policy.api === 'completions') return results;
    const lost = results.map((c, i) => (c.ok && c.text.trim() === '' && c.ended === 'stop-string' ? i : -1)).filter((i) => i >= 0);
    if (lost.length === 0) return results;
    this.trimsPrefix = true;
    run.log(
      'warn',
      `${this.target}: the chat template drops the partial answer's trailing separator; continuing with min_tokens: 1 from now on`,
    );
    await Promise.all(lost.map(async (i) => (results[i] = (await this.request(prompt, options, run, i, 1))[0] ?? noChoice())));
    return results;
  }

  /** One HTTP request for `n` choices (retried); entries are undefined where the server sent fewer. */
  private async request(
    prompt: PolicyPrompt,
    options: GenerateOptions,
    run: RunResources,
    offset: number,
    n: number,
    nMayBeRefused = false,
  ): Promise<(Completion | undefined)[]> {
    const model = await this.model(options.signal);
    const mode =
      prompt.prefix !== undefined || this.settings.policy.api === 'completions'
        ? await this.continuationFor(options.signal, run.log)
        : null;
    const release = await run.limiter.acquire(n, options.signal);
    let attempt = 0;
    try {
      return await withRetries(
        async (signal, alive) => {
          if (attempt++ > 0 && options.onDelta) for (let i = 0; i < n; i++) options.onDelta(offset + i, '', true);
          const seed = options.seed === undefined ? undefined : (options.seed + offset) % SEED_RANGE;
          const opened = this.startsInThinking(prompt, mode);
          const send = () =>
            mode === 'completions'
              ? this.sendCompletions(model, prompt, options, n, seed, signal, offset, alive)
              : this.sendChat(model, prompt, options, n, seed, signal, offset, mode, alive);
          // OpenAI's reasoning models refuse max_tokens and temperature: learned once, the request is sent again as they take it.
          const streamed = await send().catch((err: unknown) => {
            if (!this.learnReasoningApi(err, run.log)) throw err;
            return send();
          });
          this.learnFrom(streamed, n, run.log);
          // The server's usage counts every generated token, thinking included: nothing is subtracted.
          if (streamed.usage) run.meter.countTokens(streamed.usage.prompt_tokens, streamed.usage.completion_tokens);
          else run.meter.countTokens(0, estimateTokens([...streamed.texts, ...streamed.thinking]));
          return streamed.texts.map((text, i): Completion | undefined => {
            const finish = streamed.finish[i];
            if (text === undefined && finish === undefined) return undefined;
            // A choice without a finish reason was cut off mid-stream: treat the request as failed.
            if (finish === undefined) throw new Error(`${this.target} ended the stream before choice ${i} finished`);
            const split =
              this.settings.policy.reasoning === 'off'
                ? { thinking: null, answer: text ?? '' }
                : splitThinking(withOpenedThinking(text ?? '', opened));
            const thinking = [streamed.thinking[i], split.thinking].filter((t): t is string => Boolean(t)).join('\n\n');
            return {
              ok: true,
              text: this.continuationText(split.answer, prompt, mode),
              ...(thinking ? { thinking } : {}),
              finishReason: finish,
              ended: streamed.ended[i],
            };
          });
        },
        {
          target: this.target,
          timeoutMs: this.settings.request.timeoutMs,
          signal: options.signal,
          onAttempt: () => run.meter.countRequest(),
          log: run.log,
          // A possible `n` refusal goes back to generateBatch (a 5xx only once it repeats).
          passThrough: (err, tries) => nMayBeRefused && mayBeNRefusal(err) && ((httpStatus(err) ?? 500) < 500 || tries >= 2),
        },
      );
    } catch (err) {
      if (options.signal.aborted || err instanceof FatalEndpointError || (nMayBeRefused && mayBeNRefusal(err))) throw err;
      const message = err instanceof Error ? err.message : String(err);
      return Array.from({ length: n }, () => ({ ok: false, error: message }));
    } finally {
      release();
    }
  }

  private learnFrom(streamed: Streamed, n: number, log: Log): void {
    if (streamed.stopField) this.stopField = streamed.stopField;
    const shape = streamed.thinkingField ?? (streamed.texts.some((t) => t && splitThinking(t).thinking !== null) ? 'tags' : null);
    // A closing tag without an opening one: the chat template opens the thinking in the prompt (DeepSeek-R1 distills).
    if (streamed.texts.some((t) => t?.includes(THINK_CLOSE_TAG) && !t.trimStart().startsWith(THINK_OPEN_TAG)))
      this.thinkingOpensInPrompt = true;
    if (shape && this.settings.policy.reasoning === 'auto' && this.seenReasoning !== shape && this.seenReasoning !== 'openai') {
      this.seenReasoning = shape;
      log('info', `${this.target} reasons: its replies carry the thinking as ${shape}; it is kept apart from the answer`);
    }
    if (n > 1 && streamed.usageRecords > 0 && this.usageShape === 'unknown')
      this.usageShape = streamed.usageRecords > 1 ? 'per-choice' : 'total';
  }

  /** The new text of a continuation: without the prefix a server echoes (llama.cpp, unstreamed) or the separator a trimmed template makes the model write first. */
  private continuationText(text: string, prompt: PolicyPrompt, mode: ContinuationMode | null): string {
    if (mode !== 'continue-final-message' || !prompt.prefix) return text;
    const fresh = text.startsWith(prompt.prefix) ? text.slice(prompt.prefix.length) : text;
    return this.trimsPrefix === true ? fresh.replace(/^\s+/, '') : fresh;
  }

  private async continuationFor(signal: AbortSignal, log: Log): Promise<ContinuationMode> {
    if (this.settings.policy.api === 'completions') return 'completions';
    const mode = await this.continuation(signal, log);
    if (mode === 'none')
      throw new Error(`${this.target} cannot continue a partial answer (continuation: none); step-level strategies are unavailable`);
    return mode;
  }

  /** Unstreamed `n` requests need the server's usage to be a total; until that is known, stream them. */
  private streams(options: GenerateOptions, n: number): boolean {
    return options.onDelta !== undefined || (n > 1 && this.usageShape !== 'total');
  }

  private async sendChat(
    model: string,
    prompt: PolicyPrompt,
    options: GenerateOptions,
    n: number,
    seed: number | undefined,
    signal: AbortSignal,
    offset: number,
    mode: ContinuationMode | null,
    alive: () => void,
  ): Promise<Streamed> {
    const messages: ChatMessage[] =
      prompt.prefix !== undefined ? [...prompt.messages, { role: 'assistant', content: prompt.prefix }] : prompt.messages;
    // The extension for continuing the last (assistant) message (vLLM, SGLang, llama.cpp); other servers never see it.
    const continuing = mode === 'continue-final-message' && prompt.prefix !== undefined;
    const continuation = continuing
      ? { continue_final_message: true, add_generation_prompt: false, ...(this.trimsPrefix === true ? { min_tokens: 1 } : {}) }
      : {};
    const body = {
      model,
      messages,
      n,
      ...this.limitFields(this.tokenLimit(options.maxTokens, model), options.temperature),
      ...(options.stop ? { stop: options.stop } : {}),
      ...(seed === undefined ? {} : { seed }),
      ...continuation,
    };
    const out = emptyStreamed(n);
    const stops = options.stop ?? [];
    if (!this.streams(options, n)) {
      const response = await this.client.chat.completions.create({ ...body, stream: false }, { signal });
      for (const choice of response.choices ?? []) {
        const field = thinkingField(choice.message);
        if (field) addThinking(out, choice.index, field);
        addChoice(out, choice, choice.message?.content ?? '', stops);
      }
      addUsage(out, response.usage);
      return out;
    }
    const stream = await this.client.chat.completions.create(
      { ...body, stream: true, stream_options: { include_usage: true } },
      { signal },
    );
    const relay = thinkingRelay(options.onDelta, offset, n, this.settings.policy.reasoning !== 'off', this.startsInThinking(prompt, mode));
    for await (const chunk of stream) {
      alive();
      for (const choice of chunk.choices ?? []) {
        const field = thinkingField(choice.delta);
        if (field && choice.index >= 0 && choice.index < n) {
          addThinking(out, choice.index, field);
          relay.thinking(choice.index, field.text);
        }
        const text = choice.delta?.content ?? '';
        if (addChoice(out, choice, text, stops) && text) relay.text(choice.index, text);
      }
      addUsage(out, chunk.usage);
    }
    relay.flush();
    return out;
  }

  private async sendCompletions(
    model: string,
    prompt: PolicyPrompt,
    options: GenerateOptions,
    n: number,
    seed: number | undefined,
    signal: AbortSignal,
    offset: number,
    alive: () => void,
  ): Promise<Streamed> {
    const raw = renderChatPrompt(this.settings.policy.chatTemplate, prompt.messages) + (prompt.prefix ?? '');
    const body = {
      model,
      prompt: raw,
      n,
      temperature: options.temperature,
      max_tokens: this.tokenLimit(options.maxTokens, model),
      ...(options.stop ? { stop: options.stop } : {}),
      ...(seed === undefined ? {} : { seed }),
    };
    const out = emptyStreamed(n);
    const stops = options.stop ?? [];
    if (!this.streams(options, n)) {
      const response = await this.client.completions.create({ ...body, stream: false }, { signal });
      for (const choice of response.choices ?? []) addChoice(out, choice, choice.text ?? '', stops);
      addUsage(out, response.usage);
      return out;
    }
    const stream = await this.client.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal });
    const relay = thinkingRelay(
      options.onDelta,
      offset,
      n,
      this.settings.policy.reasoning !== 'off',
      this.startsInThinking(prompt, 'completions'),
    );
    for await (const chunk of stream) {
      alive();
      for (const choice of chunk.choices ?? []) {
        if (addChoice(out, choice, choice.text, stops) && choice.text) relay.text(choice.index, choice.text);
      }
      addUsage(out, chunk.usage);
    }
    relay.flush();
    return out;
  }
}

interface LimitFields {
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  reasoning_effort?: 'minimal' | 'low' | 'medium' | 'high';
}

/** Request seeds stay within a signed 32-bit integer, which every server accepts. */
export const SEED_RANGE = 2 ** 31;

function noChoice(): Completion {
  return { ok: false, error: 'the server returned no choice for this generation' };
}

/** Rough count (4 characters a token) for servers that report no usage. */
function estimateTokens(texts: (string | undefined)[]): number {
  return Math.ceil(texts.reduce((sum, t) => sum + (t?.length ?? 0), 0) / 4);
}
