// Reads a chat or completions response, streamed or not, into per-choice texts, how each ended and the
// usage. Usage chunks are summed: llama.cpp sends one per choice of an `n` request, each for that
// choice alone, where vLLM, SGLang and OpenAI send one with the totals.
import { stopKind, type StopKind } from './stops';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface Streamed {
  /** Each choice's text as the server sent it (inline <think> tags included). */
  texts: (string | undefined)[];
  /** Each choice's thinking from a reasoning field (reasoning_content, reasoning), when the server sent one. */
  thinking: (string | undefined)[];
  /** The reasoning field the server used, when it sent one. */
  thinkingField?: 'reasoning_content' | 'reasoning';
  finish: (string | undefined)[];
  ended: StopKind[];
  usage?: Usage;
  /** How many usage records the response carried (1 for totals; one per choice on llama.cpp). */
  usageRecords: number;
  /** Which stop field the server reports, when it sent one. */
  stopField?: 'stop_reason' | 'matched_stop';
}

interface ChoiceLike {
  index: number;
  finish_reason?: string | null;
}

export function emptyStreamed(n: number): Streamed {
  return {
    texts: new Array(n).fill(undefined),
    thinking: new Array(n).fill(undefined),
    finish: new Array(n).fill(undefined),
    ended: new Array(n).fill('unknown'),
    usageRecords: 0,
  };
}

export function addUsage(out: Streamed, usage: Usage | null | undefined): void {
  if (!usage) return;
  out.usageRecords++;
  out.usage = {
    prompt_tokens: (out.usage?.prompt_tokens ?? 0) + (usage.prompt_tokens ?? 0),
    completion_tokens: (out.usage?.completion_tokens ?? 0) + (usage.completion_tokens ?? 0),
  };
}

/** Appends a choice's thinking from a reasoning field (a delta, or the whole of it). */
export function addThinking(out: Streamed, index: number, field: { shape: 'reasoning_content' | 'reasoning'; text: string }): void {
  if (index < 0 || index >= out.thinking.length || field.text === '') return;
  out.thinking[index] = (out.thinking[index] ?? '') + field.text;
  out.thinkingField = field.shape;
}

/** Appends a choice's text (a delta, or the whole text) and records how it ended when it did. */
export function addChoice(out: Streamed, choice: ChoiceLike, text: string | null | undefined, stops: readonly string[]): boolean {
  if (choice.index < 0 || choice.index >= out.texts.length) return false;
  out.texts[choice.index] = (out.texts[choice.index] ?? '') + (text ?? '');
  if (choice.finish_reason) {
    out.finish[choice.index] = choice.finish_reason;
    out.ended[choice.index] = stopKind(choice, stops);
    if ('stop_reason' in choice) out.stopField = 'stop_reason';
    else if ('matched_stop' in choice) out.stopField = 'matched_stop';
  }
  return true;
}
