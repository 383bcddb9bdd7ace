// POST /pooling (also /v1/pooling): step scores in vLLM's reward format.
import { SimHttpError } from '../errors';
import { POLICY_MODEL, resolveModel, VERIFIER_MODEL } from '../models';
import { poolingRequestSchema } from '../schemas';
import { countTokens } from '../tokenizer';
import { parsePoolingInput } from '../verifier-input';
import type { Handler } from './context';
import { parseBody } from './parse';
import { scoreProvenance } from './provenance';

export const pooling: Handler = async (context) => {
  const body = parseBody(poolingRequestSchema, context.body);
  if (resolveModel(body.model, 'verifier') === 'policy') {
    throw new SimHttpError(
      400,
      `${POLICY_MODEL} does not support the pooling API; use ${VERIFIER_MODEL}`,
      'invalid_request_error',
      'model',
    );
  }
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  const parsedInputs = inputs.map(parsePoolingInput);
  const score = (problemContext: string, steps: string[]) =>
    context.strict ? context.strict.scores(context.sim, problemContext, steps) : context.sim.scoreSolution(steps);
  const data = parsedInputs.map((parsed, index) => {
    const scores = parsed.steps.length ? score(parsed.problemContext, parsed.steps) : [];
    // Qwen2.5-Math-PRM: [p_neg, p_pos]; Math-Shepherd: [p(+), p(-)].
    const pairs = scores.map((s) => (parsed.tag === 'shepherd' ? [s, 1 - s] : [1 - s, s]));
    return { index, object: 'pooling', data: pairs };
  });
  const promptTokens = inputs.reduce((sum, input) => sum + countTokens(input), 0);
  context.stats.promptTokens += promptTokens;
  return {
    kind: 'json',
    body: {
      id: context.id,
      object: 'list',
      created: context.created,
      model: VERIFIER_MODEL,
      data,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0, prompt_tokens_details: null },
    },
    headers: scoreProvenance(
      context,
      parsedInputs.map((p) => p.steps),
    ),
  };
};
