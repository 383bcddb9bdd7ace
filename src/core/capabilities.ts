// What the configured endpoints can do, probed without spending a run's budget. Never rejects.
import type { Capabilities } from '../shared/api';
import type { PonderSettings } from '../shared/settings';
import { strategyChecks } from './check';
import { describe, FatalEndpointError } from './endpoints/errors';
import type { PolicyClient } from './endpoints/policy';
import { verifierHealth } from './verifiers/health';
import type { Verifier } from './verifiers/types';

export async function probeCapabilities(
  settings: PonderSettings,
  policy: PolicyClient,
  verifier: Verifier,
  signal?: AbortSignal,
): Promise<Capabilities> {
  const [policyPart, verifierPart, health] = await Promise.all([
    probePolicy(policy, signal),
    probeVerifier(verifier, signal),
    verifierHealth(verifier, signal),
  ]);
  const probed = {
    policy: policyPart,
    verifier: verifierPart,
    verifierOk: health.ok,
    chatTemplate: settings.policy.chatTemplate,
    ...(health.ok ? {} : { verifierProblem: health.reason }),
  };
  return { policy: policyPart, verifier: verifierPart, strategies: strategyChecks(probed) };
}

async function probePolicy(policy: PolicyClient, signal?: AbortSignal): Promise<Capabilities['policy']> {
  try {
    const model = await policy.model(signal);
    const server = await policy.server(signal);
    // First: OpenAI's reasoning models refuse the max_tokens of the probes below until it is known.
    const reasoning = await policy.reasoningProbe(signal).catch((err: unknown) => {
      if (signal?.aborted || err instanceof FatalEndpointError) throw err;
      return { shape: null, note: `the reasoning probe failed (${describe(err)}); runs learn it from their replies` };
    });
    const continuation = await policy.continuationProbe(signal);
    const supportsN = await policy.probeN(signal);
    const logprobs = await policy.logprobs(signal);
    return {
      url: policy.url,
      model,
      reachable: true,
      server: server.kind,
      continuation: continuation.mode,
      continuationNote: continuation.note,
      trimsPrefix: policy.trimsContinuationPrefix,
      supportsN,
      maxN: policy.nLimit,
      logprobs,
      stopReporting: policy.stopReporting,
      reasoning: reasoning.shape,
      reasoningNote: reasoning.note,
    };
  } catch (err) {
    return {
      url: policy.url,
      model: null,
      reachable: false,
      error: describe(err),
      server: 'unknown',
      continuation: 'none',
      trimsPrefix: null,
      supportsN: false,
      maxN: null,
      logprobs: false,
      stopReporting: 'finish_reason',
    };
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
