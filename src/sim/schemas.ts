// Request bodies, parsed at the boundary. Unknown fields are ignored, as vLLM does.
import { z } from 'zod';

export const MAX_N = 128;

const stop = z.union([z.string(), z.array(z.string()).max(16)]).nullish();

const sampling = {
  model: z.string().nullish(),
  n: z.number().int().min(1).max(MAX_N).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  seed: z.number().int().nullish(),
  stop,
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  /** vLLM/SGLang: the fewest tokens to generate (used only with --emulate). */
  min_tokens: z.number().int().min(0).nullish(),
};

const contentPart = z.object({ type: z.string(), text: z.string().optional() });

const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'developer', 'tool']),
  content: z.union([z.string(), z.array(contentPart)]).nullish(),
});

export const chatRequestSchema = z.object({
  ...sampling,
  messages: z.array(chatMessageSchema).min(1),
  max_completion_tokens: z.number().int().min(1).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  continue_final_message: z.boolean().nullish(),
  add_generation_prompt: z.boolean().nullish(),
  /** OpenAI (and gpt-oss on vLLM): how long a reasoning model thinks. */
  reasoning_effort: z.enum(['minimal', 'low', 'medium', 'high']).nullish(),
});

export const completionRequestSchema = z.object({
  ...sampling,
  prompt: z.union([z.string(), z.array(z.string()).length(1)]),
  logprobs: z.number().int().min(0).max(20).nullish(),
  echo: z.boolean().nullish(),
});

export const poolingRequestSchema = z.object({
  model: z.string().nullish(),
  input: z.union([z.string(), z.array(z.string()).min(1).max(1024)]),
});

type ChatMessage = z.infer<typeof chatMessageSchema>;

/** The message text, joining text parts of multi-part content. */
export function messageText(message: ChatMessage): string {
  const content = message.content;
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}

/** A one-line description of the first problem zod found, naming the field. */
export function describeIssue(error: z.ZodError): { message: string; param: string | null } {
  const issue = error.issues[0];
  const path = issue.path.join('.');
  return { message: path ? `${path}: ${issue.message}` : issue.message, param: path || null };
}
