// vLLM's OpenAI-compatible server (vllm-project/vllm).
import { SimHttpError } from '../errors';
import { jsonReply, pythonErrorType } from './shape';
import type { Emulation, EmulationSettings } from './types';

export function vllm(settings: EmulationSettings): Emulation {
  const version = settings.version ?? '0.11.0';
  return {
    name: 'vllm',
    version,
    settings,
    // vllm/entrypoints/openai/chat_completion/protocol.py: choices carry `stop_reason` (the matched
    // stop string, a stop token id, or None at end of sequence); system_fingerprint is None.
    shape: {
      stopField: 'stop_reason',
      fingerprint: null,
      logprobTokenIds: false,
      logprobs: true,
      usageNullInChunks: true,
      roleChunkContent: '',
      contentIncludesPrefix: false,
    },
    // vllm/entrypoints/chat_utils.py applies the HF template through transformers' apply_chat_template.
    continuation: 'transformers',
    completions: 'raw',
    usage: 'total',
    // vllm/v1/engine/detokenizer.py: stop strings are not checked while len(output) <= min_tokens.
    minTokensDefersStops: true,
    pooling: true,
    eosTokenId: 151_645,
    // vllm/entrypoints/openai/engine/protocol.py ModelCard: owned_by = "vllm".
    modelList: ({ models, created, maxModelLen }) => ({
      object: 'list',
      data: models.map((id) => ({
        id,
        object: 'model',
        created,
        owned_by: 'vllm',
        root: id,
        parent: null,
        max_model_len: maxModelLen,
        permission: [],
      })),
    }),
    // vllm/entrypoints/openai/api_server.py: GET /version -> {"version": VLLM_VERSION}; GET /health -> 200.
    info: (path) => (path === '/version' ? { body: { version } } : path === '/health' ? { body: null } : undefined),
    // vllm/entrypoints/openai/engine/protocol.py ErrorResponse {"error": ErrorInfo{message, type, param, code: int}}.
    error: (status, message, _type, param) => jsonReply(status, { error: { message, type: pythonErrorType(status), param, code: status } }),
    // FastAPI's default for an unknown route.
    notFound: () => jsonReply(404, { detail: 'Not Found' }),
    // vllm/entrypoints/openai/engine/serving.py _check_model.
    unknownModel: (model) => ({ status: 404, message: `The model \`${model}\` does not exist.`, type: 'NotFoundError', param: 'model' }),
    checkRequest: (kind, body) => {
      // vllm/entrypoints/openai/chat_completion/protocol.py check_generation_prompt (only when both are given true).
      if (kind === 'chat' && body.continue_final_message === true && body.add_generation_prompt === true) {
        throw new SimHttpError(400, 'Cannot set both `continue_final_message` and `add_generation_prompt` to True.', 'BadRequestError');
      }
    },
    choices: (n) => n,
  };
}
