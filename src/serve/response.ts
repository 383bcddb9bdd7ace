// OpenAI-shaped answers built from a finished run: the chat completion, its streamed chunks, `usage`
// (the tokens really spent across every generation of the run) and the `ponder` object that says how
// the answer was reached (votes, route, difficulty, budget used).
import type { SolveResult, Usage, Vote } from '../shared/events';
import type { RunModel } from '../shared/runModel';
import { solutionMarkdown } from '../shared/runQueries';

export interface PonderSummary {
  run_id: string;
  answer: string | null;
  votes: Vote[];
  /** The strategy that ran (the router's pick for `ponder`), null when the run failed before routing. */
  strategy: string | null;
  route: { strategy: string; params: Record<string, number | string | boolean>; reason: string } | null;
  difficulty: { bin: number; signal: string; value: number } | null;
  budget: { generations: number; used: number; token_cap: number | null };
  /** Everything the run spent: generations, failed ones, tokens, requests, verifier calls. */
  usage: Usage;
  /** The run was cancelled or lost generations to errors. */
  partial: boolean;
  elapsed_ms: number;
}

export interface OpenAiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Identity of one completion: the same id, created time and model on every chunk. */
export interface CompletionIdentity {
  id: string;
  created: number;
  model: string;
}

export function openAiUsage(usage: Usage): OpenAiUsage {
  return { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.tokens };
}

/** The chosen solution as Markdown, or an explanation when no candidate finished. */
export function solutionText(model: RunModel, result: SolveResult): string {
  if (result.bestCandidateId && model.candidates.has(result.bestCandidateId)) return solutionMarkdown(model, result.bestCandidateId);
  return result.answer === null
    ? 'Ponder found no answer within the budget (see the reasoning and `ponder.votes`).\n'
    : `The final answer is $\\boxed{${result.answer}}$.\n`;
}

export function ponderSummary(model: RunModel, result: SolveResult, tokenCap: number | undefined): PonderSummary {
  const { route, difficulty } = model;
  return {
    run_id: result.runId,
    answer: result.answer,
    votes: result.votes,
    strategy: result.strategy,
    route: route && { strategy: route.strategy, params: route.params, reason: route.reason },
    difficulty: difficulty && { bin: difficulty.bin, signal: difficulty.signal, value: difficulty.value },
    budget: { generations: model.budget ?? result.usage.generations, used: result.usage.generations, token_cap: tokenCap ?? null },
    usage: result.usage,
    partial: result.partial,
    elapsed_ms: result.elapsedMs,
  };
}

export function chatCompletion(identity: CompletionIdentity, content: string, usage: Usage, ponder: PonderSummary) {
  return {
    ...identity,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: openAiUsage(usage),
    ponder,
  };
}

type Delta = { role?: 'assistant'; content?: string; reasoning_content?: string };

export function chunk(identity: CompletionIdentity, delta: Delta, finishReason: 'stop' | null = null, extra: object = {}) {
  return {
    ...identity,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  };
}

/** The last chunk with `stream_options.include_usage`: no choices, the run's usage. */
export function usageChunk(identity: CompletionIdentity, usage: Usage) {
  return { ...identity, object: 'chat.completion.chunk', choices: [], usage: openAiUsage(usage) };
}
