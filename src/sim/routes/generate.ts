// Shared by chat and completions: sample, shape, pace through the scheduler, and render.
import type { Sampling } from '../engine';
import { shapeOutput, tokenLogprobs } from '../output';
import type { PromptParts } from '../prompt';
import { hash32 } from '../random';
import { chatResponse, ChunkWriter, completionResponse, usageOf, type RenderedChoice, type ResponseHead } from '../render';
import type { Reply, RouteContext } from './context';

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
}

export function generatePolicy(
  context: RouteContext,
  request: OutputRequest,
  parts: PromptParts,
  sampling: Sampling,
  maxTokens: number,
  topLogprobs: number | null,
): Promise<Reply> {
  const fulls = context.sim.sample(parts, sampling);
  const choices: RenderedChoice[] = fulls.map((full, index) => {
    const shaped = shapeOutput(full, sampling.stops, maxTokens);
    const logprobs = topLogprobs === null ? null : tokenLogprobs(shaped.tokens, `${index}:${hash32(full)}`, topLogprobs);
    return { ...shaped, logprobs };
  });
  context.stats.generations += choices.length;
  return deliver(context, request, choices);
}

/** Answers with the choices, paced by the scheduler: at once as JSON, or token by token as SSE. */
export async function deliver(context: RouteContext, request: OutputRequest, choices: RenderedChoice[]): Promise<Reply> {
  context.stats.promptTokens += request.promptTokens;
  const head: ResponseHead = { id: context.id, created: context.created, model: request.model };
  const usage = usageOf(request.promptTokens, choices);
  const counts = choices.map((c) => c.tokens.length);
  if (!request.stream) {
    await context.runner.complete(counts, context.signal);
    const body = request.kind === 'chat' ? chatResponse(head, choices, usage) : completionResponse(head, choices, usage, request.echo);
    return { kind: 'json', body };
  }
  const writer = new ChunkWriter(head, request.kind, request.includeUsage);
  const spans = context.runner.stream(counts, context.signal);
  async function* events(): AsyncGenerator<unknown> {
    if (request.kind === 'chat') for (let i = 0; i < choices.length; i++) yield writer.role(i);
    const offsets = choices.map(() => request.echo.length);
    if (request.echo) for (let i = 0; i < choices.length; i++) yield writer.content(i, { ...choices[i], tokens: [request.echo], logprobs: null }, 0, 1, 0);
    const finished = new Set<number>();
    for await (const span of spans) {
      const choice = choices[span.choice];
      yield writer.content(span.choice, choice, span.from, span.to, offsets[span.choice]);
      offsets[span.choice] += choice.tokens.slice(span.from, span.to).join('').length;
      if (span.to === choice.tokens.length) {
        finished.add(span.choice);
        yield writer.finish(span.choice, choice);
      }
    }
    for (let i = 0; i < choices.length; i++) if (!finished.has(i)) yield writer.finish(i, choices[i]);
    if (request.includeUsage) yield writer.usage(usage);
  }
  return { kind: 'stream', events: events() };
}
