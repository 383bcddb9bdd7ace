// POST /v1/completions: a raw prompt (ChatML / Llama-3 template or plain text), continued as is.
// With --emulate, the emulated server may refuse it (OpenAI) or read it as a user message (Ollama).
import { emulatedCompletionPrompt, resolveEmulatedModel } from '../emulate/requests';
import { SimHttpError } from '../errors';
import { modelName, resolveModel, VERIFIER_MODEL } from '../models';
import { completionPromptParts } from '../prompt';
import { completionRequestSchema } from '../schemas';
import { countTokens } from '../tokenizer';
import type { Handler } from './context';
import { DEFAULT_MAX_TOKENS, generatePolicy } from './generate';
import { parseBody, stopList } from './parse';

export const completions: Handler = async (context) => {
  const emulation = context.emulation;
  const body = parseBody(completionRequestSchema, context.body);
  emulation?.checkRequest('completion', context.body as Record<string, unknown>);
  const role = emulation ? resolveEmulatedModel(emulation, body.model, 'policy') : resolveModel(body.model, 'policy');
  const prompt = typeof body.prompt === 'string' ? body.prompt : body.prompt[0];
  const emulated = emulation ? emulatedCompletionPrompt(emulation, prompt) : null;
  if (role === 'verifier') {
    throw new SimHttpError(
      400,
      `${VERIFIER_MODEL} is a reward model: use POST /pooling for step scores, or chat judge questions`,
      'invalid_request_error',
      'model',
    );
  }
  const parts = emulated?.parts ?? completionPromptParts(prompt);
  const request = {
    kind: 'completion' as const,
    model: modelName(role),
    promptTokens: emulated?.promptTokens ?? countTokens(prompt),
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    echo: body.echo ? prompt : '',
    prefix: parts.prefix,
    minTokens: emulation?.minTokensDefersStops ? (body.min_tokens ?? 0) : 0,
    thinkingOpened: /<think>\s*$/.test(prompt),
  };
  const n = emulation ? emulation.choices(body.n ?? 1) : (body.n ?? 1);
  const sampling = {
    temperature: body.temperature ?? 1,
    seed: body.seed ?? null,
    n,
    stops: stopList(body.stop),
    separatorFirst: emulation !== null,
  };
  const topLogprobs = body.logprobs == null ? null : Math.max(body.logprobs, 1);
  return generatePolicy(context, request, parts, sampling, body.max_tokens ?? DEFAULT_MAX_TOKENS, topLogprobs);
};
