// SGLang's OpenAI-compatible server (sgl-project/sglang).
import { jsonReply, pythonErrorType } from './shape';
import type { Emulation, EmulationSettings } from './types';

export function sglang(settings: EmulationSettings): Emulation {
  const version = settings.version ?? '0.5.3';
  const modelInfo = (models: string[]) => ({
    model_path: models[0],
    tokenizer_path: models[0],
    is_generation: true,
    preferred_sampling_params: null,
  });
  return {
    name: 'sglang',
    version,
    settings,
    // python/sglang/srt/entrypoints/openai/protocol.py: choices carry `matched_stop` (Union[None, int, str]):
    // the stop string (FINISH_MATCHED_STR) or the EOS token id (FINISH_MATCHED_TOKEN), see
    // python/sglang/srt/managers/schedule_batch.py Req.check_finished.
    shape: {
      stopField: 'matched_stop',
      fingerprint: undefined,
      logprobTokenIds: false,
      logprobs: true,
      usageNullInChunks: false,
      roleChunkContent: '',
      contentIncludesPrefix: false,
    },
    // python/sglang/srt/entrypoints/openai/serving_chat.py renders through apply_chat_template with
    // continue_final_message (the transformers rule); add_generation_prompt is not a request field.
    continuation: 'transformers',
    completions: 'raw',
    usage: 'total',
    // min_tokens becomes min_new_tokens, enforced by a logit penalty on EOS/stop tokens only
    // (python/sglang/srt/sampling/penaltylib/min_new_tokens.py); Req.check_finished still matches
    // stop strings from the first token.
    minTokensDefersStops: false,
    pooling: false,
    eosTokenId: 151_645,
    // python/sglang/srt/entrypoints/openai/protocol.py ModelCard: owned_by = "sglang".
    modelList: ({ models, created, maxModelLen }) => ({
      object: 'list',
      data: models.map((id) => ({ id, object: 'model', created, owned_by: 'sglang', root: id, parent: null, max_model_len: maxModelLen })),
    }),
    // python/sglang/srt/entrypoints/http_server.py: /get_server_info (/server_info), /get_model_info (/model_info), /health.
    info: (path, { models, maxModelLen, settings: s }) => {
      if (path === '/get_server_info' || path === '/server_info') {
        return {
          body: {
            version,
            model_path: models[0],
            served_model_name: models[0],
            context_length: maxModelLen,
            chat_template: s.template?.name ?? null,
            internal_states: [],
          },
        };
      }
      if (path === '/get_model_info' || path === '/model_info') return { body: modelInfo(models) };
      if (path === '/health') return { body: null };
      return undefined;
    },
    // python/sglang/srt/entrypoints/openai/protocol.py ErrorResponse {object: "error", message, type, param, code}.
    error: (status, message, _type, param) =>
      jsonReply(status, { object: 'error', message, type: pythonErrorType(status), param, code: status }),
    notFound: () => jsonReply(404, { detail: 'Not Found' }),
    // Observed by others (not verified in source here): the chat route serves the loaded model whatever `model` says.
    unknownModel: () => null,
    checkRequest: () => undefined,
    choices: (n) => n,
  };
}
