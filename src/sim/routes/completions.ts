// POST /v1/completions: a raw prompt (ChatML / Llama-3 template or plain text), continued as is.
import { SimHttpError } from '../errors';
import { modelName, resolveModel, VERIFIER_MODEL } from '../models';
import { completionPromptParts } from '../prompt';
import { completionRequestSchema } from '../schemas';
import { countTokens } from '../tokenizer';
import type { Handler } from './context';
import { DEFAULT_MAX_TOKENS, generatePolicy } from './generate';
import { parseBody, stopList } from './parse';

export const completions: Handler = async (context) => {
  const body = parseBody(completionRequestSchema, context.body);
  const role = resolveModel(body.model, 'policy');
  if (role === 'verifier') {
    throw new SimHttpError(400, `${VERIFIER_MODEL} is a reward model: use POST /pooling for step scores, or chat judge questions`, 'invalid_request_error', 'model');
  }
  const prompt = typeof body.prompt === 'string' ? body.prompt : body.prompt[0];
  const request = {
    kind: 'completion' as const,
    model: modelName(role),
    promptTokens: countTokens(prompt),
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    echo: body.echo ? prompt : '',
  };
  const sampling = { temperature: body.temperature ?? 1, seed: body.seed ?? null, n: body.n ?? 1, stops: stopList(body.stop) };
  const topLogprobs = body.logprobs == null ? null : Math.max(body.logprobs, 1);
  return generatePolicy(context, request, completionPromptParts(prompt), sampling, body.max_tokens ?? DEFAULT_MAX_TOKENS, topLogprobs);
};
