// A chat completion request, validated with zod and turned into one Ponder run: the problem is the last
// user message, the strategy comes from the model (or `ponder.strategy`), the budget from `ponder.budget`
// (or the server's `ponder.budget.generations`), and `max_completion_tokens` / `max_tokens` cap the tokens.
// Fields Ponder has no use for (temperature, top_p, tools, ...) are accepted and ignored, as chat clients
// send them unasked.
import { z } from 'zod';
import { solveRequestSchema } from '../shared/solveRequest';
import { STRATEGY_NAMES, type StrategyChoice } from '../shared/strategies';
import { badRequest } from './errors';
import { ROUTER_MODEL, strategyOfModel } from './models';

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const message = z.object({
  role: z.string().min(1),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()]).optional(),
});
const tokenLimit = z.number().int().min(1).nullable().optional();

const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_completion_tokens: tokenLimit,
  max_tokens: tokenLimit,
  n: z.literal(1, 'ponder serve answers with one choice; leave n out or set it to 1').nullable().optional(),
  seed: z.number().int().nullable().optional(),
  ponder: z
    .strictObject({
      budget: z.number().int().min(1).max(100_000).optional(),
      strategy: z.enum(['auto', ...STRATEGY_NAMES]).optional(),
    })
    .optional(),
});

export interface ChatRun {
  model: string;
  problem: string;
  strategy: StrategyChoice;
  budget?: number;
  tokenCap?: number;
  seed?: number;
  stream: boolean;
  includeUsage: boolean;
}

/** Checks a parsed JSON body; a problem is a 400 naming the field, or the model's 404. */
export function parseChatRequest(body: unknown): ChatRun {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue.path.map(String).join('.') || null;
    throw badRequest(`${param ? `\`${param}\`: ` : 'the body: '}${issue.message}`, param);
  }
  const request = parsed.data;
  const fromModel = strategyOfModel(request.model);
  const asked = request.ponder?.strategy;
  if (asked && fromModel !== 'auto' && asked !== fromModel)
    throw badRequest(
      `the model \`${request.model}\` runs ${fromModel} but \`ponder.strategy\` asks for ${asked}; use the model \`${ROUTER_MODEL}\` with ponder.strategy, or drop ponder.strategy`,
      'ponder.strategy',
    );
  const tokenCap = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  return {
    model: request.model,
    problem: lastUserText(request.messages),
    strategy: asked ?? fromModel,
    ...(request.ponder?.budget === undefined ? {} : { budget: request.ponder.budget }),
    ...(tokenCap === undefined ? {} : { tokenCap }),
    ...(request.seed == null ? {} : { seed: request.seed }),
    stream: request.stream === true,
    includeUsage: request.stream_options?.include_usage === true,
  };
}

/** The text of the last user message (its text parts joined), which is the problem to solve. */
function lastUserText(messages: z.infer<typeof message>[]): string {
  const index = messages.findLastIndex((m) => m.role === 'user');
  if (index < 0) throw badRequest('`messages` has no user message; put the problem in a message with role "user"', 'messages');
  const { content } = messages[index];
  const text =
    typeof content === 'string'
      ? content
      : (content ?? [])
          .map((part) => textPart.safeParse(part))
          .filter((part) => part.success)
          .map((part) => part.data.text)
          .join('\n');
  const param = `messages.${index}.content`;
  if (!text.trim()) throw badRequest(`\`${param}\`: the last user message has no text; put the problem in it as text`, param);
  const checked = solveRequestSchema.shape.problem.safeParse(text);
  if (!checked.success) throw badRequest(`\`${param}\`: the problem ${checked.error.issues[0].message}`, param);
  return text;
}
