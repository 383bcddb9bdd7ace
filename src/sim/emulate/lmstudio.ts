// LM Studio's server (closed source; lmstudio.ai/docs/developer). Behaviours from its documentation
// and from reports of its replies (docs/servers.md); the rest is marked unverified there.
import { jsonReply } from './shape';
import type { Emulation, EmulationSettings } from './types';

export function lmstudio(settings: EmulationSettings): Emulation {
  const version = settings.version ?? '0.3.30';
  return {
    name: 'lmstudio',
    version,
    settings,
    shape: {
      stopField: null,
      fingerprint: undefined,
      logprobTokenIds: false,
      logprobs: true,
      usageNullInChunks: false,
      roleChunkContent: '',
      contentIncludesPrefix: false,
    },
    // Unverified: continue_final_message is not a documented field (ignored); the answer starts afresh.
    continuation: 'fresh',
    completions: 'raw',
    usage: 'total',
    minTokensDefersStops: false,
    pooling: false,
    eosTokenId: 0,
    // Observed (JetBrains/koog#139): data[] = {id, object: "model", owned_by: "organization_owner"}, no `created`.
    modelList: ({ models }) => ({ data: models.map((id) => ({ id, object: 'model', owned_by: 'organization_owner' })), object: 'list' }),
    // docs/developer/rest/endpoints (REST API v0): GET /api/v0/models.
    info: (path, { models, maxModelLen }) =>
      path === '/api/v0/models'
        ? {
            body: {
              object: 'list',
              data: models.map((id) => ({
                id,
                object: 'model',
                type: 'llm',
                publisher: 'ponder-sim',
                arch: 'simulated',
                compatibility_type: 'gguf',
                quantization: 'none',
                state: 'loaded',
                max_context_length: maxModelLen,
              })),
            },
          }
        : undefined,
    error: (status, message) => jsonReply(status, { error: message }),
    // Reported (lmstudio-bug-tracker#618): unknown routes answer HTTP 200 with an error string.
    notFound: (method, path) => jsonReply(200, { error: `Unexpected endpoint or method. (${method} ${path})` }),
    unknownModel: (model) => ({
      status: 404,
      message: `Model "${model}" not found (simulated LM Studio)`,
      type: 'not_found',
      param: 'model',
    }),
    // Undocumented fields are ignored.
    checkRequest: () => undefined,
    // `n` is not a documented field: one choice.
    choices: () => 1,
  };
}
