// What an emulated server is: the differences between real OpenAI-compatible servers that a client
// can observe, as data and small functions. One file per server (vllm.ts, sglang.ts, ...) fills this
// in, citing the server's source file for each behaviour; docs/servers.md has the table.
import type { ChatTemplate } from './template';

export const SERVER_NAMES = ['vllm', 'sglang', 'openai', 'ollama', 'llamacpp', 'lmstudio'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** An HTTP reply written as is (status, body text, content type). */
export interface RawReply {
  status: number;
  text: string;
  contentType: string;
}

/**
 * What a trailing assistant message means:
 * - `transformers`: continued only with `continue_final_message` (rendered by transformers'
 *   apply_chat_template rule: the text is cut right after the final message's content);
 * - `prefill`: always continued, the content appended verbatim after the generation prompt;
 * - `fresh`: never continued; the template closes the turn and the model answers anew.
 */
export type Continuation = 'transformers' | 'prefill' | 'fresh';

/** How `/v1/completions` treats its prompt. */
export type CompletionsMode = 'raw' | 'as-user-message' | 'chat-model-404';

export interface EmulationSettings {
  /** llama.cpp's slot count (--parallel). */
  parallel: number;
  /** llama.cpp before n was supported: any n > 1 is HTTP 500. */
  legacyN: boolean;
  /** The server version to report (null: the server's default). */
  version: string | null;
  template: ChatTemplate | null;
  /** The model reasons (--thinking): OpenAI's reasoning models then refuse max_tokens and temperature. */
  reasoning: boolean;
}

/** Everything an origin info endpoint may show. */
export interface InfoContext {
  settings: EmulationSettings;
  models: string[];
  created: number;
  maxModelLen: number;
}

/** Shape of a reply: fields that differ per server, applied to every JSON body and stream chunk. */
export interface ReplyShape {
  /** vLLM `stop_reason`, SGLang `matched_stop`, or only `finish_reason`. */
  stopField: 'stop_reason' | 'matched_stop' | null;
  /** `system_fingerprint`: a value, null, or absent (undefined). */
  fingerprint: string | null | undefined;
  /** llama.cpp adds the token `id` to chat logprobs. */
  logprobTokenIds: boolean;
  /** False: logprobs are never returned (Ollama before 0.12.11). */
  logprobs: boolean;
  /** Each stream chunk carries `usage: null` when usage was asked for (OpenAI, vLLM). */
  usageNullInChunks: boolean;
  /** The role chunk's `content`: '' (vLLM, OpenAI) or null (llama.cpp). */
  roleChunkContent: '' | null;
  /** llama.cpp: non-streamed `message.content` is the prefill + the new text. */
  contentIncludesPrefix: boolean;
}

export interface Emulation {
  readonly name: ServerName;
  readonly version: string;
  readonly settings: EmulationSettings;
  readonly shape: ReplyShape;
  readonly continuation: Continuation;
  readonly completions: CompletionsMode;
  /** Usage in stream and body: totals over all choices, or per choice (llama.cpp). */
  readonly usage: 'total' | 'per-choice';
  /** vLLM: stop strings are not checked until `min_tokens` tokens have been generated. */
  readonly minTokensDefersStops: boolean;
  /** Serves vLLM's `/pooling` (the simulated PRM). */
  readonly pooling: boolean;
  /** The EOS token id reported as SGLang's `matched_stop` at end of sequence. */
  readonly eosTokenId: number;
  modelList(context: InfoContext): unknown;
  /** GET endpoints at the origin (not under /v1); undefined when the server has none at `path`. */
  info(path: string, context: InfoContext): { body: unknown } | undefined;
  /** An error in the server's own shape (`code`: OpenAI's string code, where there is one). */
  error(status: number, message: string, type: string, param: string | null, code?: string | null): RawReply;
  /** An unknown route in the server's own shape. */
  notFound(method: string, path: string): RawReply;
  /** null: serve the default model; otherwise the error to answer. */
  unknownModel(model: string): { status: number; message: string; type: string; param: string | null } | null;
  /** Throws (as SimHttpError) for request fields the server refuses; called with the raw body. */
  checkRequest(kind: 'chat' | 'completion', body: Record<string, unknown>): void;
  /** The number of choices served for a request's `n` (throws when the server refuses it). */
  choices(n: number): number;
}
