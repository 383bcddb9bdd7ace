// llama.cpp's llama-server (ggml-org/llama.cpp, tools/server/). Checked against the real server in
// /work/shared/servers/llama.cpp (release v0.5.0, commit de3ff815) with curl.
import { SimHttpError } from '../errors';
import { jsonReply } from './shape';
import type { Emulation, EmulationSettings } from './types';

/** tools/server/server-common.cpp format_error_response: the type follows the status. */
function errorType(status: number): string {
  if (status === 400) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 404) return 'not_found_error';
  if (status === 501) return 'not_supported_error';
  if (status === 503) return 'unavailable_error';
  return 'server_error';
}

export function llamacpp(settings: EmulationSettings): Emulation {
  const build = settings.version ?? 'b6500';
  return {
    name: 'llamacpp',
    version: build,
    settings,
    // tools/server/server-task.cpp: only finish_reason; chat logprobs carry the token `id`; the role
    // chunk has content null; chunks carry no `usage` field except the usage chunks.
    shape: {
      stopField: null,
      fingerprint: `${build}-ponder-sim`,
      logprobTokenIds: true,
      logprobs: true,
      usageNullInChunks: false,
      roleChunkContent: null,
      contentIncludesPrefix: true,
    },
    // common/chat.cpp: a trailing assistant message is a prefill, appended verbatim after the generation prompt.
    continuation: 'prefill',
    completions: 'raw',
    // Observed: one usage chunk per choice, right after it finishes; non-streamed usage counts one choice.
    usage: 'per-choice',
    minTokensDefersStops: false,
    pooling: false,
    eosTokenId: 151_645,
    // tools/server/server-context.cpp: {"owned_by", "llamacpp"} (and an Ollama-style `models` list).
    modelList: ({ models, created, maxModelLen }) => ({
      models: models.map((name) => ({ name, model: name, type: 'model', capabilities: ['completion'] })),
      object: 'list',
      data: models.map((id) => ({
        id,
        aliases: [id],
        tags: [],
        object: 'model',
        created,
        owned_by: 'llamacpp',
        meta: { n_ctx: maxModelLen, n_ctx_train: maxModelLen },
      })),
    }),
    // tools/server/server-context.cpp get_props: total_slots = --parallel, chat_template; GET /health -> {"status":"ok"}.
    info: (path, { models, maxModelLen, settings: s }) => {
      if (path === '/health') return { body: { status: 'ok' } };
      if (path === '/props') {
        return {
          body: {
            default_generation_settings: { n_ctx: maxModelLen, params: { n_predict: -1, temperature: 0.8 } },
            total_slots: s.parallel,
            model_alias: models[0],
            model_path: `${models[0]} (simulated)`,
            chat_template: s.template?.source ?? '',
            bos_token: s.template?.bosToken ?? '',
            eos_token: s.template?.eosToken ?? '',
            build_info: `${build}-ponder-sim`,
            modalities: { vision: false, audio: false },
          },
        };
      }
      return undefined;
    },
    error: (status, message) => jsonReply(status, { error: { code: status, message, type: errorType(status) } }),
    notFound: () => jsonReply(404, { error: { message: 'File Not Found', type: 'not_found_error', code: 404 } }),
    // Observed: the `model` field is not checked.
    unknownModel: () => null,
    checkRequest: (kind, body) => {
      // tools/server/server-common.cpp oaicompat_chat_params_parse (observed with curl): add_generation_prompt
      // defaults to true, and both true is a 400.
      if (kind === 'chat' && body.continue_final_message === true && body.add_generation_prompt !== false) {
        throw new SimHttpError(400, 'Cannot set both add_generation_prompt and continue_final_message to true.');
      }
    },
    choices: (n) => {
      // Releases before multi-choice support: tools/server/utils.hpp "Only one completion choice is allowed" (HTTP 500).
      if (settings.legacyN && n !== 1) throw new SimHttpError(500, 'Only one completion choice is allowed');
      // tools/server/server-schema.cpp (observed): n is capped at the slot count.
      if (n > settings.parallel)
        throw new SimHttpError(400, `Field 'n': Value must be between 1 <= value <= ${settings.parallel}, but got ${n}`);
      return n;
    },
  };
}
