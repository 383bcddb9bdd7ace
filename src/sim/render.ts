// Response bodies and stream chunks in the OpenAI/vLLM shapes, for chat and completions.
import type { FinishReason, TokenLogprob } from './output';
import { utf8Bytes } from './output';
import { splitRange, type ThinkingSpan } from './thinking';

/** A reasoning model's chat choice: where its thinking lies and the field it goes in (null: hidden, OpenAI). */
export interface RenderedThinking {
  field: 'reasoning_content' | 'reasoning' | null;
  span: ThinkingSpan;
  /** Tokens spent before the answer (OpenAI's completion_tokens_details.reasoning_tokens). */
  tokens: number;
}

export interface RenderedChoice {
  text: string;
  tokens: string[];
  finishReason: FinishReason;
  stopReason: string | null;
  /** Present when the request asked for logprobs. */
  logprobs: TokenLogprob[] | null;
  /** Set for a chat choice of a reasoning model whose thinking is not inline (--thinking, src/sim/thinking.ts). */
  thinking?: RenderedThinking;
}

export interface Usage {
  prompt_tokens: number;
  /** Every generated token, thinking included (as every real server counts them). */
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens: number };
}

export function usageOf(promptTokens: number, choices: RenderedChoice[]): Usage {
  const completion = choices.reduce((sum, c) => sum + c.tokens.length, 0);
  const usage: Usage = { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion };
  // OpenAI's reasoning models say how many of the completion tokens were hidden reasoning.
  if (choices.some((c) => c.thinking?.field === null))
    usage.completion_tokens_details = { reasoning_tokens: choices.reduce((sum, c) => sum + (c.thinking?.tokens ?? 0), 0) };
  return usage;
}

/** A chat message or delta's text fields for characters [from, to) of a choice: the answer, and the thinking in its field. */
function chatFields(choice: RenderedChoice, from: number, to: number): Record<string, string> {
  const thinking = choice.thinking;
  if (!thinking) return { content: choice.text.slice(from, to) };
  const parts = splitRange(thinking.span, choice.text, from, to);
  return {
    ...(thinking.field && parts.thinking ? { [thinking.field]: parts.thinking } : {}),
    ...(parts.content ? { content: parts.content } : {}),
  };
}

/** The whole message: content is null while the thinking never closed (cut by max_tokens), as vLLM's parsers return it. */
function chatMessage(choice: RenderedChoice): Record<string, unknown> {
  const fields = chatFields(choice, 0, choice.text.length);
  const thinking = choice.thinking;
  const open = thinking !== undefined && thinking.span.thinkingEnd === choice.text.length;
  // The reasoning field is there (possibly empty) whenever the model opened its thinking, as vLLM's parsers return it.
  const field = thinking?.field ? { [thinking.field]: fields[thinking.field] ?? '' } : {};
  return { role: 'assistant', ...fields, ...field, content: fields.content ?? (open ? null : ''), tool_calls: [] };
}

export interface ResponseHead {
  id: string;
  created: number;
  model: string;
}

function chatLogprobs(items: TokenLogprob[]): unknown {
  return {
    content: items.map((t) => ({
      token: t.token,
      logprob: t.logprob,
      bytes: utf8Bytes(t.token),
      top_logprobs: t.top.map((a) => ({ token: a.token, logprob: a.logprob, bytes: utf8Bytes(a.token) })),
    })),
  };
}

function completionLogprobs(items: TokenLogprob[], offset: number): unknown {
  const text_offset: number[] = [];
  let at = offset;
  for (const t of items) {
    text_offset.push(at);
    at += t.token.length;
  }
  return {
    tokens: items.map((t) => t.token),
    token_logprobs: items.map((t) => t.logprob),
    top_logprobs: items.map((t) => Object.fromEntries(t.top.map((a) => [a.token, a.logprob]))),
    text_offset,
  };
}

export function chatResponse(head: ResponseHead, choices: RenderedChoice[], usage: Usage): unknown {
  return {
    id: head.id,
    object: 'chat.completion',
    created: head.created,
    model: head.model,
    system_fingerprint: 'ponder-sim',
    choices: choices.map((c, index) => ({
      index,
      message: chatMessage(c),
      logprobs: c.logprobs ? chatLogprobs(c.logprobs) : null,
      finish_reason: c.finishReason,
      stop_reason: c.stopReason,
    })),
    usage,
  };
}

export function completionResponse(head: ResponseHead, choices: RenderedChoice[], usage: Usage, echo: string): unknown {
  return {
    id: head.id,
    object: 'text_completion',
    created: head.created,
    model: head.model,
    system_fingerprint: 'ponder-sim',
    choices: choices.map((c, index) => ({
      index,
      text: echo + c.text,
      logprobs: c.logprobs ? completionLogprobs(c.logprobs, echo.length) : null,
      finish_reason: c.finishReason,
      stop_reason: c.stopReason,
    })),
    usage,
  };
}

/** Stream chunks; `usage: null` on each when the final usage chunk was asked for. */
export class ChunkWriter {
  constructor(
    private readonly head: ResponseHead,
    private readonly kind: 'chat' | 'completion',
    private readonly includeUsage: boolean,
  ) {}

  private chunk(choices: unknown[], usage?: Usage): unknown {
    const object = this.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    const base = {
      id: this.head.id,
      object,
      created: this.head.created,
      model: this.head.model,
      system_fingerprint: 'ponder-sim',
      choices,
    };
    return this.includeUsage ? { ...base, usage: usage ?? null } : base;
  }

  /** The chat stream's opening chunk for a choice (role only). */
  role(index: number): unknown {
    return this.chunk([{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
  }

  /** Tokens [from, to) of a choice; null when they carry nothing to send (thinking tags, hidden thinking). */
  content(index: number, choice: RenderedChoice, from: number, to: number, textOffset: number): unknown {
    const text = choice.tokens.slice(from, to).join('');
    const items = choice.logprobs?.slice(from, to) ?? null;
    if (this.kind === 'chat') {
      const start = choice.thinking ? choice.tokens.slice(0, from).join('').length : 0;
      const delta = choice.thinking ? chatFields(choice, start, start + text.length) : { content: text };
      if (Object.keys(delta).length === 0) return null;
      return this.chunk([{ index, delta, logprobs: items ? chatLogprobs(items) : null, finish_reason: null }]);
    }
    return this.chunk([{ index, text, logprobs: items ? completionLogprobs(items, textOffset) : null, finish_reason: null }]);
  }

  finish(index: number, choice: RenderedChoice): unknown {
    const end = { logprobs: null, finish_reason: choice.finishReason, stop_reason: choice.stopReason };
    if (this.kind === 'chat') return this.chunk([{ index, delta: {}, ...end }]);
    return this.chunk([{ index, text: '', ...end }]);
  }

  usage(usage: Usage): unknown {
    return this.chunk([], usage);
  }
}
