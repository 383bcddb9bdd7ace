// Response bodies and stream chunks in the OpenAI/vLLM shapes, for chat and completions.
import type { FinishReason, TokenLogprob } from './output';
import { utf8Bytes } from './output';

export interface RenderedChoice {
  text: string;
  tokens: string[];
  finishReason: FinishReason;
  stopReason: string | null;
  /** Present when the request asked for logprobs. */
  logprobs: TokenLogprob[] | null;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export function usageOf(promptTokens: number, choices: RenderedChoice[]): Usage {
  const completion = choices.reduce((sum, c) => sum + c.tokens.length, 0);
  return { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion };
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
      message: { role: 'assistant', content: c.text, tool_calls: [] },
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

  /** Tokens [from, to) of a choice. */
  content(index: number, choice: RenderedChoice, from: number, to: number, textOffset: number): unknown {
    const text = choice.tokens.slice(from, to).join('');
    const items = choice.logprobs?.slice(from, to) ?? null;
    if (this.kind === 'chat') {
      return this.chunk([{ index, delta: { content: text }, logprobs: items ? chatLogprobs(items) : null, finish_reason: null }]);
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
