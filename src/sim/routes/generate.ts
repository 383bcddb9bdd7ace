// Shared by chat and completions: sample, shape, pace through the scheduler, and render.
import { shapeReply } from '../emulate/shape';
import type { Sampling } from '../engine';
import { shapeOutput, tokenLogprobs } from '../output';
import type { PromptParts } from '../prompt';
import { hash32 } from '../random';
import {
  chatResponse,
  ChunkWriter,
  completionResponse,
  usageOf,
  type RenderedChoice,
  type RenderedThinking,
  type ResponseHead,
} from '../render';
import { THINK_OPEN, thinkingSpan, type ThinkingMode } from '../thinking';
import { countTokens } from '../tokenizer';
import type { Reply, RouteContext } from './context';
import { policyProvenance } from './provenance';

/** vLLM's default when max_tokens is omitted is the rest of the context; solutions fit easily. */
export const DEFAULT_MAX_TOKENS = 4096;

export interface OutputRequest {
  kind: 'chat' | 'completion';
  model: string;
  promptTokens: number;
  stream: boolean;
  includeUsage: boolean;
  /** Text echoed before each completion (completions' `echo`). */
  echo: string;
  /** The partial answer being continued (llama.cpp repeats it in non-streamed content). */
  prefix?: string;
  /** `min_tokens`, honoured where the emulated server defers stop strings (vLLM). */
  minTokens?: number;
  /** The raw prompt ends with <think> (DeepSeek-R1 distill templates): a thinking model goes on from inside it. */
  thinkingOpened?: boolean;
}

export async function generatePolicy(
  context: RouteContext,
  request: OutputRequest,
  parts: PromptParts,
  sampling: Sampling,
  maxTokens: number,
  topLogprobs: number | null,
): Promise<Reply> {
  const fulls = context.strict
    ? context.strict.sample(context.sim, parts, sampling, request.kind === 'chat' ? 'messages' : 'prompt')
    : context.sim.sample(parts, sampling);
  const opened = (full: string) => (request.thinkingOpened && full.startsWith(THINK_OPEN) ? full.slice(THINK_OPEN.length) : full);
  const choices: RenderedChoice[] = fulls.map(opened).map((full, index) => {
    const shaped = shapeOutput(full, sampling.stops, maxTokens, request.minTokens ?? 0);
    const logprobs = topLogprobs === null ? null : tokenLogprobs(shaped.tokens, `${index}:${hash32(full)}`, topLogprobs);
    const thinking = request.kind === 'chat' ? renderedThinking(context.sim.options.thinking, shaped.text) : undefined;
    return { ...shaped, logprobs, ...(thinking ? { thinking } : {}) };
  });
  context.stats.generations += choices.length;
  const reply = await deliver(context, request, choices).catch((err: unknown) => {
    if (context.signal.aborted) context.stats.abandonedGenerations += choices.length;
    throw err;
  });
  return { ...reply, headers: policyProvenance(context, parts) };
}

/** Where a reasoning model's thinking goes in a chat reply; undefined when it stays inline (tags) or there is none. */
function renderedThinking(mode: ThinkingMode | null, text: string): RenderedThinking | undefined {
  if (mode === null || mode === 'tags') return undefined;
  const span = thinkingSpan(text);
  if (!span) return undefined;
  return { field: mode === 'hidden' ? null : mode, span, tokens: countTokens(text.slice(0, span.contentStart)) };
}

/** Answers with the choices, paced by the scheduler: at once as JSON, or token by token as SSE. */
export async function deliver(context: RouteContext, request: OutputRequest, choices: RenderedChoice[]): Promise<Reply> {
  context.stats.promptTokens += request.promptTokens;
  const head: ResponseHead = { id: context.id, created: context.created, model: request.model };
  const emulation = context.emulation;
  // llama.cpp counts one choice in a body's usage and sends one usage chunk per choice.
  const perChoice = emulation?.usage === 'per-choice';
  const usage = usageOf(request.promptTokens, perChoice ? choices.slice(0, 1) : choices);
  const counts = choices.map((c) => c.tokens.length);
  const shaped = (body: unknown, streamed: boolean) => (emulation ? shapeReply(body, emulation, request.prefix ?? '', streamed) : body);
  if (!request.stream) {
    await context.runner.complete(counts, context.signal);
    const body = request.kind === 'chat' ? chatResponse(head, choices, usage) : completionResponse(head, choices, usage, request.echo);
    return { kind: 'json', body: shaped(body, false) };
  }
  const writer = new ChunkWriter(head, request.kind, request.includeUsage);
  const spans = context.runner.stream(counts, context.signal);
  async function* raw(): AsyncGenerator<unknown> {
    if (request.kind === 'chat') for (let i = 0; i < choices.length; i++) yield writer.role(i);
    const offsets = choices.map(() => request.echo.length);
    if (request.echo)
      for (let i = 0; i < choices.length; i++) yield writer.content(i, { ...choices[i], tokens: [request.echo], logprobs: null }, 0, 1, 0);
    const finished = new Set<number>();
    for await (const span of spans) {
      const choice = choices[span.choice];
      const chunk = writer.content(span.choice, choice, span.from, span.to, offsets[span.choice]);
      if (chunk !== null) yield chunk;
      offsets[span.choice] += choice.tokens.slice(span.from, span.to).join('').length;
      if (span.to === choice.tokens.length) {
        finished.add(span.choice);
        yield writer.finish(span.choice, choice);
        if (perChoice && request.includeUsage) yield writer.usage(usageOf(request.promptTokens, [choice]));
      }
    }
    for (let i = 0; i < choices.length; i++) {
      if (finished.has(i)) continue;
      yield writer.finish(i, choices[i]);
      if (perChoice && request.includeUsage) yield writer.usage(usageOf(request.promptTokens, [choices[i]]));
    }
    if (request.includeUsage && !perChoice) yield writer.usage(usage);
  }
  async function* events(): AsyncGenerator<unknown> {
    for await (const event of raw()) yield shaped(event, true);
  }
  return { kind: 'stream', events: events() };
}
