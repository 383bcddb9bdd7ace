// OpenAI's API (api.openai.com). Closed source: behaviours are from the API reference and from the
// error bodies users report (cited in docs/servers.md).
import { SimHttpError } from '../errors';
import { jsonReply } from './shape';
import type { Emulation, EmulationSettings } from './types';

/** Request fields of the API reference (chat/create, completions/create); anything else is refused. */
const CHAT_FIELDS = new Set([
  'messages',
  'model',
  'audio',
  'frequency_penalty',
  'function_call',
  'functions',
  'logit_bias',
  'logprobs',
  'max_completion_tokens',
  'max_tokens',
  'metadata',
  'modalities',
  'n',
  'parallel_tool_calls',
  'prediction',
  'presence_penalty',
  'prompt_cache_key',
  'reasoning_effort',
  'response_format',
  'safety_identifier',
  'seed',
  'service_tier',
  'stop',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'user',
  'verbosity',
  'web_search_options',
]);
const COMPLETION_FIELDS = new Set([
  'model',
  'prompt',
  'best_of',
  'echo',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'max_tokens',
  'n',
  'presence_penalty',
  'seed',
  'stop',
  'stream',
  'stream_options',
  'suffix',
  'temperature',
  'top_p',
  'user',
]);

export function openai(settings: EmulationSettings): Emulation {
  return {
    name: 'openai',
    version: settings.version ?? '2024-10-21',
    settings,
    shape: {
      stopField: null,
      fingerprint: 'fp_ponder_sim',
      logprobTokenIds: false,
      logprobs: true,
      usageNullInChunks: true,
      roleChunkContent: '',
      contentIncludesPrefix: false,
    },
    // A trailing assistant message is context; the model answers in a new turn.
    continuation: 'fresh',
    // Chat models are refused on /v1/completions with 404.
    completions: 'chat-model-404',
    usage: 'total',
    minTokensDefersStops: false,
    pooling: false,
    eosTokenId: 0,
    modelList: ({ models, created }) => ({
      object: 'list',
      data: models.map((id) => ({ id, object: 'model', created, owned_by: 'system' })),
    }),
    info: () => undefined,
    error: (status, message, type, param, code) => jsonReply(status, { error: { message, type, param, code: code ?? null } }),
    notFound: (method, path) =>
      jsonReply(404, { error: { message: `Invalid URL (${method} ${path})`, type: 'invalid_request_error', param: null, code: null } }),
    unknownModel: (model) => ({
      status: 404,
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      type: 'invalid_request_error',
      param: null,
    }),
    checkRequest: (kind, body) => {
      const known = kind === 'chat' ? CHAT_FIELDS : COMPLETION_FIELDS;
      const unknown = Object.keys(body).find((key) => !known.has(key));
      if (unknown !== undefined) throw new SimHttpError(400, `Unrecognized request argument supplied: ${unknown}`, 'invalid_request_error');
      if (settings.reasoning && kind === 'chat') checkReasoningRequest(body);
    },
    choices: (n) => n,
  };
}

/**
 * OpenAI's reasoning models (o-series, GPT-5) refuse `max_tokens` (they take max_completion_tokens,
 * which also bounds the hidden reasoning) and any temperature but the default, with these bodies
 * (as reported verbatim in client issues, e.g. griptape-ai/ComfyUI-Griptape#312, holoviz/lumen#1087).
 */
function checkReasoningRequest(body: Record<string, unknown>): void {
  if ('max_tokens' in body && body.max_tokens !== null)
    throw new SimHttpError(
      400,
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      'invalid_request_error',
      'max_tokens',
      {},
      'unsupported_parameter',
    );
  const temperature = body.temperature;
  if (typeof temperature === 'number' && temperature !== 1)
    throw new SimHttpError(
      400,
      `Unsupported value: 'temperature' does not support ${temperature} with this model. Only the default (1) value is supported.`,
      'invalid_request_error',
      'temperature',
      {},
      'unsupported_value',
    );
}

export const CHAT_MODEL_ON_COMPLETIONS =
  'This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?';
