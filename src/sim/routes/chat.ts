// POST /v1/chat/completions: the policy writes (or continues) a solution; the verifier model
// answers judge questions.
import { SimHttpError } from '../errors';
import { modelName, resolveModel } from '../models';
import { chatPromptParts } from '../prompt';
import { chatRequestSchema, messageText } from '../schemas';
import { countTokens } from '../tokenizer';
import type { Handler } from './context';
import { DEFAULT_MAX_TOKENS, deliver, generatePolicy, type OutputRequest } from './generate';
import { judgeChoice } from './judge';
import { parseBody, stopList } from './parse';

/** ChatML-like overhead per message, so prompt_tokens resembles a real template's count. */
const TOKENS_PER_MESSAGE = 4;

export const chatCompletions: Handler = async (context) => {
  const body = parseBody(chatRequestSchema, context.body);
  const role = resolveModel(body.model, 'policy');
  const turns = body.messages.map((m) => ({ role: m.role, content: messageText(m) }));
  const continueFinal = body.continue_final_message === true;
  if (continueFinal && body.add_generation_prompt === true) {
    throw new SimHttpError(400, 'continue_final_message and add_generation_prompt cannot both be true', 'invalid_request_error', 'continue_final_message');
  }
  if (continueFinal && turns[turns.length - 1].role !== 'assistant') {
    throw new SimHttpError(400, 'continue_final_message needs the last message to be the assistant message to continue', 'invalid_request_error', 'messages');
  }
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS;
  const topLogprobs = body.logprobs ? (body.top_logprobs ?? 0) : null;
  const request: OutputRequest = {
    kind: 'chat',
    model: modelName(role),
    promptTokens: turns.reduce((sum, t) => sum + countTokens(t.content) + TOKENS_PER_MESSAGE, 2),
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    echo: '',
  };
  if (role === 'verifier') {
    const lastUser = [...turns].reverse().find((t) => t.role === 'user');
    const choice = judgeChoice(context, lastUser?.content ?? '', maxTokens, topLogprobs);
    return deliver(context, request, Array.from({ length: body.n ?? 1 }, () => choice));
  }
  const sampling = { temperature: body.temperature ?? 1, seed: body.seed ?? null, n: body.n ?? 1, stops: stopList(body.stop) };
  return generatePolicy(context, request, chatPromptParts(turns, continueFinal), sampling, maxTokens, topLogprobs);
};
