// The simulated policy as a reasoning model (--thinking): before a new answer it thinks inside
// <think>...</think>, longer on harder problems, and the server returns that thinking the way real
// servers do:
// - `reasoning_content`: vLLM's reasoning parsers before v0.12 (vllm/entrypoints/openai/protocol.py
//   DeltaMessage.reasoning_content, vllm/reasoning/qwen3_reasoning_parser.py), SGLang
//   (python/sglang/srt/entrypoints/openai/protocol.py, --reasoning-parser), DeepSeek's API and
//   llama.cpp's server with --reasoning-format deepseek (tools/server/server-common.cpp);
// - `reasoning`: Ollama's OpenAI-compatible endpoint (openai/openai.go Message.Reasoning), OpenRouter,
//   and vLLM since the rename of vllm-project/vllm#27752;
// - `tags`: the thinking inline in `content` (llama.cpp with --reasoning-format none, any server
//   without a reasoning parser, and every raw /v1/completions text);
// - `hidden`: OpenAI's reasoning models: the thinking is never returned, only counted in
//   usage.completion_tokens and completion_tokens_details.reasoning_tokens.
// Thinking tokens count in usage.completion_tokens and against max_tokens, as on every real server.
import { hash32, Rng } from './random';

export const THINKING_MODES = ['reasoning_content', 'reasoning', 'tags', 'hidden'] as const;
export type ThinkingMode = (typeof THINKING_MODES)[number];

export const THINK_OPEN = '<think>\n';
export const THINK_CLOSE = '\n</think>\n\n';

/**
 * A boxed answer the thinking entertains and rejects: a client that reads answers from the thinking
 * picks it up (no simulated problem has it as its answer: gold answers are small integers or text).
 */
export const THINKING_DECOY_ANSWER = '-7919/3';

/** OpenAI's reasoning_effort scales how long the model thinks (none: medium). */
const EFFORT_SCALE: Record<string, number> = { minimal: 0.25, low: 0.5, medium: 1, high: 2 };

const OPENINGS = [
  'Okay, let me think about what the problem is asking.',
  'Alright, I need to work out this problem carefully.',
  'Let me start by restating what is given.',
];
const MIDDLES = [
  'Maybe I should try a small case first to see the pattern.',
  'Hmm, wait, let me double-check that computation.',
  'Another approach would be to rewrite the expression and simplify it.',
  'Let me check whether the constraints rule anything out.',
  'So the key quantity depends on the terms I found above.',
  'I should be careful with the signs here.',
  'That seems consistent with the earlier step, so I can keep going.',
];
const DECOY = `At first I thought the answer might be \\boxed{${THINKING_DECOY_ANSWER}}, but that does not survive a check.`;
const CLOSING = 'Okay, I am confident now; let me write the solution step by step.';

/** Paragraphs of thinking: more of them, and longer, as the problem's level (1-5) rises. */
export function thinkingText(level: number, effort: string | undefined, key: string): string {
  const rng = Rng.fromKey('thinking', key);
  const scale = EFFORT_SCALE[effort ?? 'medium'] ?? 1;
  const paragraphs = Math.max(1, Math.round((1 + level) * scale));
  const body = Array.from({ length: paragraphs }, (_, p) => {
    const sentences = 2 + level + rng.int(3);
    const words = Array.from({ length: sentences }, (_, s) => (p === 0 && s === 0 ? rng.pick(OPENINGS) : rng.pick(MIDDLES)));
    if (p === Math.floor(paragraphs / 2) && paragraphs > 1) words.push(DECOY);
    return words.join(' ');
  });
  return [...body, CLOSING].join('\n\n');
}

/** A new answer written by a reasoning model: thinking in tags, then the answer. */
export function withThinking(level: number, effort: string | undefined, answer: string): string {
  return THINK_OPEN + thinkingText(level, effort, String(hash32(answer))) + THINK_CLOSE + answer;
}

/**
 * Where the parts of an output text lie: thinking [thinkingStart, thinkingEnd), answer from
 * contentStart (text.length while the thinking is still open, e.g. cut by max_tokens).
 */
export interface ThinkingSpan {
  thinkingStart: number;
  thinkingEnd: number;
  contentStart: number;
}

export function thinkingSpan(text: string): ThinkingSpan | null {
  if (!text.startsWith(THINK_OPEN.slice(0, Math.min(text.length, THINK_OPEN.length)))) return null;
  const thinkingStart = Math.min(text.length, THINK_OPEN.length);
  const close = text.indexOf(THINK_CLOSE.trimEnd(), thinkingStart);
  if (close < 0) return { thinkingStart, thinkingEnd: text.length, contentStart: text.length };
  const after = text.slice(close + THINK_CLOSE.trimEnd().length);
  return {
    thinkingStart,
    thinkingEnd: close,
    contentStart: close + THINK_CLOSE.trimEnd().length + (after.length - after.trimStart().length),
  };
}

/** The parts of text [from, to) that fall in the thinking and in the answer. */
export function splitRange(span: ThinkingSpan, text: string, from: number, to: number): { thinking: string; content: string } {
  const cut = (start: number, end: number) => text.slice(Math.max(from, start), Math.min(to, end));
  return { thinking: cut(span.thinkingStart, span.thinkingEnd), content: cut(span.contentStart, text.length) };
}
