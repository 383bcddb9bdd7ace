// POST /v1/chat/completions: the policy writes (or continues) a solution; the verifier model
// answers judge questions. With --emulate, the emulated server's rules decide the fields it accepts,
// the number of choices and how a trailing assistant message is read (src/sim/emulate/).
import { emulatedChatPrompt, resolveEmulatedModel } from '../emulate/requests';
import { SimHttpError } from '../errors';
import { modelName, resolveModel } from '../models';
import { chatPromptParts, type PromptParts } from '../prompt';
import { chatRequestSchema, messageText } from '../schemas';
import { countTokens } from '../tokenizer';
import type { Handler } from './context';
import { DEFAULT_MAX_TOKENS, deliver, generatePolicy, type OutputRequest } from './generate';
import { judgeChoice } from './judge';
import { parseBody, stopList } from './parse';

/** ChatML-like overhead per message, so prompt_tokens resembles a real template's count. */
const TOKENS_PER_MESSAGE = 4;

export const chatCompletions: Handler = async (context) => {
  const emulation = context.emulation;
  const body = parseBody(chatRequestSchema, context.body);
  emulation?.checkRequest('chat', context.body as Record<string, unknown>);
  const role = emulation ? resolveEmulatedModel(emulation, body.model, 'policy') : resolveModel(body.model, 'policy');
  const turns = body.messages.map((m) => ({ role: m.role, content: messageText(m) }));
  const continueFinal = body.continue_final_message === true;
  if (!emulation && continueFinal && body.add_generation_prompt === true) {
    throw new SimHttpError(
      400,
      'continue_final_message and add_generation_prompt cannot both be true',
      'invalid_request_error',
      'continue_final_message',
    );
  }
  if (!emulation && continueFinal && turns[turns.length - 1].role !== 'assistant') {
    throw new SimHttpError(
      400,
      'continue_final_message needs the last message to be the assistant message to continue',
      'invalid_request_error',
      'messages',
    );
  }
  const n = emulation ? emulation.choices(body.n ?? 1) : (body.n ?? 1);
  let parts: PromptParts;
  let promptTokens: number;
  if (emulation) {
    ({ parts, promptTokens } = emulatedChatPrompt(emulation, turns, continueFinal));
  } else {
    parts = chatPromptParts(turns, continueFinal);
    promptTokens = turns.reduce((sum, t) => sum + countTokens(t.content) + TOKENS_PER_MESSAGE, 2);
  }
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS;
  const topLogprobs = body.logprobs ? (body.top_logprobs ?? 0) : null;
  const request: OutputRequest = {
    kind: 'chat',
    model: modelName(role),
    promptTokens,
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    echo: '',
    prefix: parts.prefix,
    minTokens: emulation?.minTokensDefersStops ? (body.min_tokens ?? 0) : 0,
  };
  if (role === 'verifier') {
    const lastUser = [...turns].reverse().find((t) => t.role === 'user');
    const { choice, headers } = judgeChoice(context, lastUser?.content ?? '', maxTokens, topLogprobs);
    const reply = await deliver(
      context,
      request,
      Array.from({ length: n }, () => choice),
    );
    return { ...reply, headers };
  }
  const sampling = {
    temperature: body.temperature ?? 1,
    seed: body.seed ?? null,
    n,
    stops: stopList(body.stop),
    separatorFirst: emulation !== null,
    ...(body.reasoning_effort ? { effort: body.reasoning_effort } : {}),
  };
  return generatePolicy(context, request, parts, sampling, maxTokens, topLogprobs);
};
