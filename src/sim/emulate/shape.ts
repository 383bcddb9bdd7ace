// Applies a server's reply shape (types.ts ReplyShape) to a response body or stream chunk built in
// the simulator's own vLLM-like shape, so the routes and render.ts stay server-agnostic.
import { hash32 } from '../random';
import type { Emulation } from './types';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stable stand-in for a token id (in Qwen2's vocabulary range). */
export function tokenId(token: string): number {
  return hash32('token-id', token) % 151_936;
}

function addTokenIds(logprobs: unknown): void {
  if (!isObject(logprobs) || !Array.isArray(logprobs.content)) return;
  for (const item of logprobs.content) {
    if (!isObject(item) || typeof item.token !== 'string') continue;
    const { token, ...rest } = item;
    for (const key of Object.keys(item)) delete item[key];
    Object.assign(item, { id: tokenId(token), token, ...rest });
    if (Array.isArray(rest.top_logprobs))
      for (const top of rest.top_logprobs) if (isObject(top) && typeof top.token === 'string') top.id = tokenId(top.token);
  }
}

function shapeChoice(choice: Json, emulation: Emulation, prefix: string, streamed: boolean): void {
  const { shape } = emulation;
  if ('stop_reason' in choice) {
    const stopReason = choice.stop_reason;
    if (shape.stopField === 'matched_stop') {
      // SGLang: the matched stop string, or the EOS token id at end of sequence (FINISH_MATCHED_TOKEN).
      choice.matched_stop = choice.finish_reason === 'stop' ? (typeof stopReason === 'string' ? stopReason : emulation.eosTokenId) : null;
    }
    if (shape.stopField !== 'stop_reason') delete choice.stop_reason;
  }
  if (!shape.logprobs) delete choice.logprobs;
  else if (shape.logprobTokenIds) addTokenIds(choice.logprobs);
  const delta = choice.delta;
  if (isObject(delta) && delta.role === 'assistant' && delta.content === '') delta.content = shape.roleChunkContent;
  const message = choice.message;
  if (!streamed && shape.contentIncludesPrefix && prefix && isObject(message) && typeof message.content === 'string') {
    message.content = prefix + message.content;
  }
}

/** Reshapes one body or chunk in place and returns it. `prefix` is the continued partial answer. */
export function shapeReply(body: unknown, emulation: Emulation, prefix: string, streamed: boolean): unknown {
  if (!isObject(body)) return body;
  const { shape } = emulation;
  if (shape.fingerprint === undefined) delete body.system_fingerprint;
  else body.system_fingerprint = shape.fingerprint;
  if (streamed && !shape.usageNullInChunks && body.usage === null) delete body.usage;
  if (Array.isArray(body.choices))
    for (const choice of body.choices) if (isObject(choice)) shapeChoice(choice, emulation, prefix, streamed);
  return body;
}

/** A JSON reply with its status. */
export function jsonReply(status: number, body: unknown): { status: number; text: string; contentType: string } {
  return { status, text: JSON.stringify(body), contentType: 'application/json' };
}

/** Exception class names FastAPI servers (vLLM, SGLang) put in `type`. */
export function pythonErrorType(status: number): string {
  if (status === 400 || status === 413 || status === 422) return 'BadRequestError';
  if (status === 404) return 'NotFoundError';
  if (status === 429) return 'RateLimitError';
  return 'InternalServerError';
}
