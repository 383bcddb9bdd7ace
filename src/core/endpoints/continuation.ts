// Probes once how a policy endpoint continues a partial answer (the `auto` continuation mode).
import type OpenAI from 'openai';
import { FatalEndpointError, httpStatus, isAbort } from './errors';
import { withRetries } from './retry';

export type ContinuationMode = 'continue-final-message' | 'completions' | 'none';

const PROBE_MESSAGES = [
  { role: 'user' as const, content: 'Count to three.' },
  { role: 'assistant' as const, content: 'One, two,' },
];

/**
 * vLLM's `continue_final_message` first (chat stays chat), then a raw prompt on /v1/completions,
 * else `none`. Each probe asks for one token; an endpoint that errors on it lacks the mode.
 */
export async function probeContinuation(client: OpenAI, model: string, timeoutMs: number, signal?: AbortSignal): Promise<ContinuationMode> {
  const attempt = async (call: (s: AbortSignal) => Promise<unknown>): Promise<boolean> => {
    try {
      await withRetries(call, { target: `the policy endpoint at ${client.baseURL}`, timeoutMs, signal, maxAttempts: 2 });
      return true;
    } catch (err) {
      if (isAbort(err, signal) || err instanceof FatalEndpointError) throw err;
      const status = httpStatus(err);
      if (status === undefined) throw err;
      return false;
    }
  };
  const body = { model, messages: PROBE_MESSAGES, max_tokens: 1, temperature: 0, continue_final_message: true, add_generation_prompt: false };
  if (await attempt((s) => client.chat.completions.create(body, { signal: s }))) return 'continue-final-message';
  if (await attempt((s) => client.completions.create({ model, prompt: 'One, two,', max_tokens: 1, temperature: 0 }, { signal: s }))) return 'completions';
  return 'none';
}
