// Ollama's OpenAI compatibility layer (ollama/ollama: openai/openai.go, middleware/openai.go).
import { jsonReply } from './shape';
import type { Emulation, EmulationSettings } from './types';

/** Logprobs arrived in v0.12.11 (commit 59241c5, "server: add logprobs and top_logprobs support"). */
const FIRST_WITH_LOGPROBS = [0, 12, 11];

export function versionAtLeast(version: string, minimum: number[]): boolean {
  const parts = version
    .replace(/^v/, '')
    .split(/[.-]/)
    .map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < minimum.length; i++) {
    const part = Number.isFinite(parts[i]) ? parts[i] : 0;
    if (part !== minimum[i]) return part > minimum[i];
  }
  return true;
}

/** openai/openai.go NewError: the type follows the status; param and code are null. */
function errorType(status: number): string {
  return status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error';
}

export function ollama(settings: EmulationSettings): Emulation {
  const version = settings.version ?? '0.13.0';
  return {
    name: 'ollama',
    version,
    settings,
    // openai/openai.go ToChatCompletion: system_fingerprint "fp_ollama", only finish_reason, logprobs omitted when empty.
    shape: {
      stopField: null,
      fingerprint: 'fp_ollama',
      logprobTokenIds: false,
      logprobs: versionAtLeast(version, FIRST_WITH_LOGPROBS),
      usageNullInChunks: false,
      roleChunkContent: '',
      contentIncludesPrefix: false,
    },
    // openai/openai.go ChatCompletionRequest has no continue_final_message: the field is dropped, and
    // templates that close every turn (template/chatml.gotmpl, template/llama3-instruct.gotmpl) start a fresh answer.
    continuation: 'fresh',
    // server/routes.go GenerateHandler: without `raw`, the prompt becomes a user message of the model's template.
    completions: 'as-user-message',
    // middleware/openai.go ChatWriter: one final chunk with choices [] and the usage.
    usage: 'total',
    minTokensDefersStops: false,
    pooling: false,
    eosTokenId: 0,
    // openai/openai.go ToListCompletion: owned_by = model.ParseName(id).Namespace ("library" for registry models).
    modelList: ({ models, created }) => ({
      object: 'list',
      data: models.map((id) => ({ id, object: 'model', created, owned_by: 'library' })),
    }),
    // server/routes.go: GET /api/version -> {"version"}, GET /api/tags, GET / -> "Ollama is running".
    info: (path, { models }) => {
      if (path === '/api/version') return { body: { version } };
      if (path === '/api/tags')
        return {
          body: {
            models: models.map((name) => ({
              name,
              model: name,
              size: 0,
              digest: '',
              details: { format: 'simulated', family: 'ponder-sim' },
            })),
          },
        };
      return undefined;
    },
    error: (status, message) => jsonReply(status, { error: { message, type: errorType(status), param: null, code: null } }),
    // gin's default 404 for an unknown route: text/plain.
    notFound: () => ({ status: 404, text: '404 page not found', contentType: 'text/plain' }),
    // server/routes.go: `model "x" not found, try pulling it first`.
    unknownModel: (model) => ({
      status: 404,
      message: `model "${model}" not found, try pulling it first`,
      type: 'not_found_error',
      param: null,
    }),
    checkRequest: () => undefined,
    // openai/openai.go ChatCompletionRequest has no `n`: one choice, whatever was asked.
    choices: () => 1,
  };
}
