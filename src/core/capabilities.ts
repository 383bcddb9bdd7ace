// What the configured endpoints can do, probed without spending a run's budget. Never rejects.
import type { Capabilities } from '../shared/api';
import { describe } from './endpoints/errors';
import type { PolicyClient } from './endpoints/policy';
import type { Verifier } from './verifiers/types';

export async function probeCapabilities(policy: PolicyClient, verifier: Verifier, signal?: AbortSignal): Promise<Capabilities> {
  const [policyPart, verifierPart] = await Promise.all([probePolicy(policy, signal), probeVerifier(verifier, signal)]);
  return { policy: policyPart, verifier: verifierPart };
}

async function probePolicy(policy: PolicyClient, signal?: AbortSignal): Promise<Capabilities['policy']> {
  try {
    const model = await policy.model(signal);
    const continuation = await policy.continuation(signal);
    return { url: policy.url, model, reachable: true, continuation, supportsN: policy.supportsN, logprobs: await policy.logprobs(signal) };
  } catch (err) {
    return { url: policy.url, model: null, reachable: false, error: describe(err), continuation: 'none', supportsN: false, logprobs: false };
  }
}

async function probeVerifier(verifier: Verifier, signal?: AbortSignal): Promise<Capabilities['verifier']> {
  if (verifier.kind === 'none') return { kind: 'none', url: null, model: null, reachable: false };
  try {
    return { kind: verifier.kind, url: verifier.url, model: await verifier.model(signal), reachable: true };
  } catch (err) {
    return { kind: verifier.kind, url: verifier.url, model: null, reachable: false, error: describe(err) };
  }
}
