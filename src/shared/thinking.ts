// A reasoning model's output is its thinking, then its answer. Servers without a reasoning parser
// (llama.cpp with --reasoning-format none, raw /v1/completions) leave the thinking inline in
// <think>...</think>; DeepSeek-R1 distill templates open the tag in the prompt, so the text holds only
// the closing tag. Steps, scores and answers are read from the answer part alone.

export const THINK_OPEN_TAG = '<think>';
export const THINK_CLOSE_TAG = '</think>';

export interface SplitThinking {
  /** The thinking, or null when the text has none. */
  thinking: string | null;
  /** The answer: the text after the thinking (all of it when there is none). */
  answer: string;
}

export function splitThinking(text: string): SplitThinking {
  const start = answerStart(text);
  if (start === 0) return { thinking: null, answer: text };
  const lead = text.trimStart();
  const open = lead.startsWith(THINK_OPEN_TAG) ? text.length - lead.length + THINK_OPEN_TAG.length : 0;
  const close = text.indexOf(THINK_CLOSE_TAG, open);
  return { thinking: text.slice(open, close < 0 ? text.length : close).trim(), answer: text.slice(start) };
}

/** Where the answer begins in a text: after the thinking and the blank space that follows it; 0 when there is no thinking. */
export function answerStart(text: string): number {
  const lead = text.trimStart();
  const opened = lead.startsWith(THINK_OPEN_TAG);
  const close = text.indexOf(THINK_CLOSE_TAG);
  // Cut inside the thinking (max_tokens): all of it is thinking, there is no answer yet.
  if (opened && close < 0) return text.length;
  if (close < 0 || (!opened && text.slice(0, close).includes(THINK_OPEN_TAG))) return 0;
  const after = text.slice(close + THINK_CLOSE_TAG.length);
  return text.length - after.trimStart().length;
}

/**
 * How a reasoning policy's API returns its thinking (`ponder.policy.reasoning`, `ponder check`):
 * `reasoning_content` (vLLM before its rename, SGLang, DeepSeek, llama.cpp), `reasoning` (Ollama,
 * OpenRouter, recent vLLM), `tags` (inline <think>...</think>), `openai` (OpenAI's reasoning models:
 * hidden thinking, `max_completion_tokens`, no temperature, `reasoning_effort`).
 */
export const REASONING_SHAPES = ['reasoning_content', 'reasoning', 'tags', 'openai'] as const;
export type ReasoningShape = (typeof REASONING_SHAPES)[number];
