// Whether the configured verifier really scores steps: one tiny solution scored once, so a policy
// server mistaken for a PRM (the default URL), a judge without logprobs or a verifier that is down is
// found before a run rather than as one warning per candidate. A transient fault is not remembered.
import { describe, httpStatus, isUnrecordedRefusal, FatalEndpointError } from '../endpoints/errors';
import type { Verifier } from './types';

export type VerifierHealth = { ok: true } | { ok: false; reason: string };

const known = new WeakMap<Verifier, Promise<VerifierHealth>>();

export function verifierHealth(verifier: Verifier, signal?: AbortSignal): Promise<VerifierHealth> {
  if (verifier.kind === 'none') return Promise.resolve({ ok: false, reason: 'no verifier is configured (ponder.verifier.kind: none)' });
  let health = known.get(verifier);
  if (!health) {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    health = verifier
      .scoreSteps('What is 1 + 1?', ['1 + 1 = 2.', 'The answer is $\\boxed{2}$.'], { signal: controller.signal })
      .then((scores): VerifierHealth =>
        scores.every((s) => Number.isFinite(s)) ? { ok: true } : { ok: false, reason: 'it returned no usable scores' },
      )
      .catch((err: unknown): VerifierHealth => {
        // `ponder sim --replay F --strict` scores only recorded solutions and refuses this probe's (marked in
        // its replay header): it is a verifier all the same, and refuses unrecorded text in runs too.
        if (isUnrecordedRefusal(err)) return { ok: true };
        const definitive =
          err instanceof FatalEndpointError ||
          (httpStatus(err) ?? 0) >= 400 ||
          /logprobs|rejected the request|HTTP 4\d\d/.test(describe(err));
        if (!definitive || signal?.aborted) known.delete(verifier);
        return { ok: false, reason: describe(err) };
      })
      .finally(() => signal?.removeEventListener('abort', onAbort));
    known.set(verifier, health);
  }
  return health;
}

/** How to add a verifier, for route reasons, `ponder check` and the panel. */
export const ADD_VERIFIER =
  'to add one, serve a process reward model (e.g. vllm serve Qwen/Qwen2.5-Math-PRM-7B --runner pooling) and set ponder.verifier.url to it (--verifier-url), or set ponder.verifier.kind to llm-judge with a chat model that returns logprobs';
