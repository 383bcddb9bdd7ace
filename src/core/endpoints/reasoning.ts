// A reasoning policy: how its API returns the thinking (REASONING_SHAPES), how its requests must look,
// and how a streamed text with inline <think> tags is split as it arrives. The shape is set
// (ponder.policy.reasoning), probed (`ponder check`, one short chat request), or learned from the
// replies of a run: the field a reply carries, an inline tag, or OpenAI's refusal of max_tokens or
// temperature.
import type OpenAI from 'openai';
import { splitThinking, THINK_CLOSE_TAG, THINK_OPEN_TAG, type ReasoningShape } from '../../shared/thinking';
import { httpStatus } from './errors';
import { withRetries } from './retry';

/** The per-generation token limit when ponder.budget.maxTokensPerGeneration is 0 (auto). */
export const INSTRUCT_MAX_TOKENS = 1024;
/** Thinking traces run to thousands of tokens before the answer; 1,024 would cut most of them. */
export const REASONING_MAX_TOKENS = 8192;

/**
 * Model names of reasoning models, for the token limit of a run's first requests before a reply has
 * shown the shape (Qwen3 but its Instruct-2507 releases, DeepSeek-R1 and its distills, QwQ, gpt-oss,
 * OpenAI's o-series and GPT-5, Magistral, and names that say so).
 */
const REASONING_NAME = /qwen3(?!.*instruct)|deepseek-r1|r1-distill|qwq|gpt-oss|(^|\/)o[1-9](-|$)|gpt-5|magistral|reason|thinking/i;

export function looksLikeReasoningModel(model: string): boolean {
  return REASONING_NAME.test(model);
}

/**
 * OpenAI's refusal of a field its reasoning models do not take: `max_tokens` (code
 * unsupported_parameter) or a temperature other than 1 (code unsupported_value).
 */
export function isReasoningApiRefusal(err: unknown): boolean {
  if (httpStatus(err) !== 400) return false;
  const { param, code, message } = err as { param?: unknown; code?: unknown; message?: unknown };
  if (code === 'unsupported_parameter' && param === 'max_tokens') return true;
  if (code === 'unsupported_value' && param === 'temperature') return true;
  return typeof message === 'string' && /'max_tokens' is not supported with this model|'temperature' does not support/.test(message);
}

/** The thinking a message or delta carries in a field, and which field (vLLM, SGLang, DeepSeek: reasoning_content; Ollama, OpenRouter: reasoning). */
export function thinkingField(part: unknown): { shape: 'reasoning_content' | 'reasoning'; text: string } | null {
  if (typeof part !== 'object' || part === null) return null;
  const record = part as Record<string, unknown>;
  if (typeof record.reasoning_content === 'string') return { shape: 'reasoning_content', text: record.reasoning_content };
  if (typeof record.reasoning === 'string') return { shape: 'reasoning', text: record.reasoning };
  return null;
}

/**
 * Splits one choice's streamed text into thinking and answer as it arrives: text that opens with
 * <think> is thinking until </think> (a tag split across deltas is held back until it is whole).
 */
export class ThinkingStream {
  private raw = '';
  private consumed = 0;
  private state: 'start' | 'thinking' | 'answer' = 'start';
  private answerBegun = false;
  /** Whether the text opened with thinking. */
  private thought = false;

  /** `opened`: the prompt ends inside an opened <think> (DeepSeek-R1 distill templates), so the text starts as thinking. */
  constructor(private readonly opened = false) {}

  push(delta: string): { thinking: string; text: string } {
    this.raw += delta;
    return this.advance(false);
  }

  /** What is still held back once the stream ended. */
  flush(): { thinking: string; text: string } {
    return this.advance(true);
  }

  private advance(final: boolean): { thinking: string; text: string } {
    let thinking = '';
    let text = '';
    if (this.state === 'start') {
      const lead = this.raw.trimStart();
      if (!final && lead.length < THINK_OPEN_TAG.length && THINK_OPEN_TAG.startsWith(lead)) return { thinking, text };
      if (lead.startsWith(THINK_OPEN_TAG)) {
        this.state = 'thinking';
        this.consumed = this.raw.indexOf(THINK_OPEN_TAG) + THINK_OPEN_TAG.length;
      } else this.state = this.opened ? 'thinking' : 'answer';
    }
    if (this.state === 'thinking') {
      const close = this.raw.indexOf(THINK_CLOSE_TAG, this.consumed);
      if (close >= 0) {
        thinking = this.raw.slice(this.consumed, close);
        this.consumed = close + THINK_CLOSE_TAG.length;
        this.state = 'answer';
        this.thought = true;
      } else {
        const safe = final ? this.raw.length : Math.max(this.consumed, this.raw.length - (THINK_CLOSE_TAG.length - 1));
        thinking = this.raw.slice(this.consumed, safe);
        this.consumed = safe;
      }
    }
    if (this.state === 'answer') {
      let rest = this.raw.slice(this.consumed);
      // The blank line after </think> is not part of the answer.
      if (this.thought && !this.answerBegun) {
        const trimmed = rest.trimStart();
        this.consumed += rest.length - trimmed.length;
        rest = trimmed;
      }
      text = rest;
      this.consumed += rest.length;
      if (rest !== '') this.answerBegun = true;
    }
    return { thinking, text };
  }
}

/** A text whose prompt opened the thinking, with the opening tag restored so that it splits like any other. */
export function withOpenedThinking(text: string, opened: boolean): string {
  return opened && !text.trimStart().startsWith(THINK_OPEN_TAG) ? THINK_OPEN_TAG + text : text;
}

/**
 * Passes a request's streamed deltas to `onDelta` with the thinking apart from the answer: thinking from a
 * reasoning field as it comes, and inline <think> tags (when `splitInline`) split as they arrive.
 */
export function thinkingRelay(
  onDelta: ((index: number, text: string, restart: boolean, thinking?: string) => void) | undefined,
  offset: number,
  n: number,
  splitInline: boolean,
  opened = false,
) {
  const splitters = Array.from({ length: n }, () => (splitInline ? new ThinkingStream(opened) : null));
  const send = (index: number, part: { thinking: string; text: string }) => {
    if (part.text || part.thinking) onDelta?.(offset + index, part.text, false, part.thinking || undefined);
  };
  return {
    text: (index: number, text: string) => {
      const splitter = splitters[index];
      send(index, splitter ? splitter.push(text) : { thinking: '', text });
    },
    thinking: (index: number, thinking: string) => send(index, { thinking, text: '' }),
    flush: () => splitters.forEach((splitter, index) => splitter && send(index, splitter.flush())),
  };
}

export interface ReasoningProbe {
  shape: ReasoningShape | null;
  /** Why the shape is what it is, for `ponder check` and route reasons. */
  note: string;
}

/**
 * One chat request for one token (a reasoning model's first is its <think>): a reasoning field in the
 * reply (a string, even empty: servers without a parser send none or null), an inline tag, or OpenAI's
 * refusal of max_tokens says the shape. One token keeps the probe's cost at that of the other probes.
 */
export async function probeReasoning(client: OpenAI, model: string, timeoutMs: number, signal?: AbortSignal): Promise<ReasoningProbe> {
  const target = `the policy endpoint at ${client.baseURL}`;
  try {
    const reply = await withRetries(
      (s) =>
        client.chat.completions.create(
          { model, messages: [{ role: 'user', content: 'What is 2 + 3? Answer with the number.' }], max_tokens: 1 },
          { signal: s },
        ),
      { target, timeoutMs, signal, maxAttempts: 2, passThrough: isReasoningApiRefusal },
    );
    const message = reply.choices?.[0]?.message;
    const field = thinkingField(message);
    if (field) return { shape: field.shape, note: `its reply carried the thinking in \`${field.shape}\`` };
    if (splitThinking(message?.content ?? '').thinking !== null)
      return { shape: 'tags', note: 'its reply carried the thinking inline in <think>...</think>' };
    return { shape: null, note: 'its reply carried no thinking' };
  } catch (err) {
    if (!isReasoningApiRefusal(err)) throw err;
    return {
      shape: 'openai',
      note: "it refused max_tokens as OpenAI's reasoning models do, so requests use max_completion_tokens and the default temperature",
    };
  }
}
