// Probes once how a policy endpoint continues a partial answer (the `auto` continuation mode), and
// whether its chat template keeps the partial answer's trailing whitespace. Only an answer that says
// "not supported" (a 4xx) rules a mode out; a transient fault is retried, and if it persists the probe
// fails without being cached, so it never decides a capability.
import type OpenAI from 'openai';
import type { ServerKind } from '../../shared/api';
import { EndpointRejection, httpStatus, isAbort } from './errors';
import { withRetries } from './retry';
import { stopKind } from './stops';

export type ContinuationMode = 'continue-final-message' | 'completions' | 'none';

export interface ContinuationProbe {
  mode: ContinuationMode;
  /** See Capabilities.policy.trimsPrefix. */
  trimsPrefix: boolean | null;
  /** Why the mode is what it is, for `ponder check` and route reasons. */
  note: string;
  /** The stop field the probe's answer carried (vLLM stop_reason, SGLang matched_stop), if any. */
  stopField?: 'stop_reason' | 'matched_stop';
}

const SEPARATOR = '\n\n';
const PROBE_MESSAGES = [
  { role: 'user' as const, content: 'Write the numbers one to five in words, one per paragraph.' },
  { role: 'assistant' as const, content: `One${SEPARATOR}Two${SEPARATOR}` },
];

/** A 4xx (but 408/429) means the server does not take this request; anything else is a fault. */
const unsupported = (err: unknown) => {
  const status = httpStatus(err);
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
};

export async function probeContinuation(
  client: OpenAI,
  model: string,
  server: ServerKind,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ContinuationProbe> {
  if (server === 'ollama') {
    return {
      mode: 'none',
      trimsPrefix: null,
      note: 'Ollama ignores continue_final_message and applies the chat template again on /v1/completions, so a partial answer cannot be continued through its OpenAI API',
    };
  }
  const options = { target: `the policy endpoint at ${client.baseURL}`, timeoutMs, signal, passThrough: unsupported };
  const attempt = async <T>(call: (s: AbortSignal) => Promise<T>): Promise<T | null> => {
    try {
      return await withRetries(call, options);
    } catch (err) {
      if (isAbort(err, signal) || !(unsupported(err) || err instanceof EndpointRejection)) throw err;
      return null;
    }
  };
  if (server !== 'lmstudio' && server !== 'openai') {
    const body = {
      model,
      messages: PROBE_MESSAGES,
      max_tokens: 8,
      temperature: 0,
      stop: [SEPARATOR],
      continue_final_message: true,
      add_generation_prompt: false,
    };
    const reply = await attempt((s) => client.chat.completions.create(body, { signal: s }));
    if (reply) {
      const choice = reply.choices?.[0];
      const text = (choice?.message?.content ?? '').replace(PROBE_MESSAGES[1].content, '');
      const stop = choice ? stopKind(choice, [SEPARATOR]) : 'unknown';
      const stopField =
        choice && 'stop_reason' in choice
          ? ('stop_reason' as const)
          : choice && 'matched_stop' in choice
            ? ('matched_stop' as const)
            : undefined;
      const trimsPrefix = text.trim() === '' ? (stop === 'stop-string' ? true : null) : false;
      if (trimsPrefix && server === 'sglang') {
        // SGLang's min_tokens holds back only EOS, never stop strings (sampling/penaltylib/min_new_tokens.py), so the step would end empty.
        return {
          mode: 'none',
          trimsPrefix,
          stopField,
          note: "SGLang renders continue_final_message with a template that trims the partial answer's trailing whitespace, and its min_tokens does not hold back stop strings, so every continued step would end empty; set ponder.policy.api to completions with ponder.policy.chatTemplate set to the model's template (e.g. llama3)",
        };
      }
      const note = trimsPrefix
        ? "continue_final_message works, but the chat template trims the partial answer's trailing whitespace; continuations ask for min_tokens: 1 and drop the separator the model writes first"
        : 'continue_final_message works';
      return { mode: 'continue-final-message', trimsPrefix, note, ...(stopField ? { stopField } : {}) };
    }
  }
  const raw = await attempt((s) => client.completions.create({ model, prompt: 'One, two,', max_tokens: 1, temperature: 0 }, { signal: s }));
  if (raw) {
    const why =
      server === 'openai' || server === 'lmstudio'
        ? `${server === 'openai' ? "OpenAI's API rejects" : 'LM Studio ignores'} continue_final_message`
        : 'the server rejected continue_final_message';
    return {
      mode: 'completions',
      trimsPrefix: null,
      note: `${why}; partial answers go to /v1/completions as raw prompts rendered with ponder.policy.chatTemplate`,
    };
  }
  const none =
    server === 'openai'
      ? "OpenAI's API rejects continue_final_message and serves chat models on /v1/chat/completions only"
      : 'the server rejected both continue_final_message and /v1/completions';
  return { mode: 'none', trimsPrefix: null, note: none };
}
