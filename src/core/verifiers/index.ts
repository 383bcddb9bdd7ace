// The verifier factory: one backend per `ponder.verifier.kind`.
import { settingDefinition, settingProblem, type PonderSettings, type Secrets } from '../../shared/settings';
import { JudgeVerifier } from './llm-judge';
import { noVerifier } from './none';
import { PoolingVerifier } from './vllm-pooling';
import type { Verifier } from './types';

export type { Verifier, VerifierContext } from './types';

export function createVerifier(settings: PonderSettings, secrets: Secrets): Verifier {
  const { verifier, request, budget } = settings;
  const common = {
    url: verifier.url,
    model: verifier.model,
    apiKey: secrets.verifierApiKey,
    timeoutMs: request.timeoutMs,
    concurrency: budget.concurrency,
  };
  switch (verifier.kind) {
    case 'vllm-pooling':
      return new PoolingVerifier({ ...common, format: verifier.format });
    case 'llm-judge':
      return new JudgeVerifier(common);
    case 'none':
      return noVerifier;
    default: {
      const never: never = verifier.kind;
      // Unreachable from merged settings (the schema rejects an unknown kind); says what to use if built in code.
      throw new Error(settingProblem(settingDefinition('verifier.kind'), never));
    }
  }
}
