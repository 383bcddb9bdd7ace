// The per-strategy verdict of `ponder check`, Check Endpoints and `ponder/capabilities`: whether each
// strategy runs as configured, degraded (and how), or not at all, with the reason and the fix.
import type { Capabilities, StrategyCheck } from '../shared/api';
import { STEP_STRATEGIES, STRATEGY_NAMES, VERIFIER_STRATEGIES, type StrategyName } from '../shared/strategies';
import { ADD_VERIFIER } from './verifiers/health';

type Probed = Omit<Capabilities, 'strategies'> & { verifierOk: boolean; verifierProblem?: string; chatTemplate: string };

export function strategyChecks(caps: Probed): StrategyCheck[] {
  return STRATEGY_NAMES.map((strategy) => check(strategy, caps));
}

function check(strategy: StrategyName, caps: Probed): StrategyCheck {
  const { policy } = caps;
  if (!policy.reachable)
    return {
      strategy,
      status: 'unavailable',
      reason: `the policy endpoint cannot be used: ${policy.error ?? 'unreachable'}`,
      fix: 'check ponder.policy.url (--policy-url), the model name and the API key',
    };
  const degraded: string[] = [];
  const fixes: string[] = [];
  if (VERIFIER_STRATEGIES.includes(strategy) && !caps.verifierOk) {
    return {
      strategy,
      status: 'unavailable',
      reason: `needs a verifier: ${caps.verifierProblem ?? 'none is configured'}; the router picks a verifier-free strategy instead`,
      fix: ADD_VERIFIER,
    };
  }
  if (strategy === 'revisions' && !caps.verifierOk) {
    degraded.push('without a verifier the final answer is a majority vote over all attempts');
    fixes.push(ADD_VERIFIER);
  }
  if (STEP_STRATEGIES.includes(strategy) && policy.reasoning)
    return {
      strategy,
      status: 'unavailable',
      reason: `the policy reasons before it answers (${policy.reasoning}), and step-level search cannot continue a partial answer past its thinking; the router picks weighted best-of-N or majority instead`,
      fix: 'serve an instruct model for step-level search, or set ponder.policy.reasoning to off if the policy does not reason',
    };
  if (STEP_STRATEGIES.includes(strategy)) {
    const step = continuationCheck(caps);
    if (step.unavailable) return { strategy, status: 'unavailable', reason: step.unavailable, fix: step.fix };
    degraded.push(...step.degraded);
    if (step.fix) fixes.push(step.fix);
  }
  if (!policy.supportsN) degraded.push('the server refuses or ignores n > 1, so every generation is its own request');
  else if (policy.maxN !== null)
    degraded.push(`at most ${policy.maxN} choices per request (the server's limit), so larger batches are split`);
  if (degraded.length === 0) return { strategy, status: 'ok' };
  return fixes.length
    ? { strategy, status: 'degraded', reason: degraded.join('; '), fix: fixes.join('; ') }
    : { strategy, status: 'degraded', reason: degraded.join('; ') };
}

function continuationCheck(caps: Probed): { unavailable?: string; degraded: string[]; fix?: string } {
  const { policy } = caps;
  if (policy.continuation === 'none') {
    const why =
      policy.server === 'ollama'
        ? 'Ollama ignores continue_final_message and re-applies the chat template on /v1/completions, so a partial answer cannot be continued'
        : policy.server === 'openai'
          ? "OpenAI's API rejects continue_final_message and has no raw completions for chat models"
          : (policy.continuationNote ??
            'the server continues no partial answer (continue_final_message and /v1/completions were both refused)');
    return {
      unavailable: why,
      degraded: [],
      fix: 'serve the model with vLLM, SGLang or llama.cpp for step-level search, or set ponder.policy.api to completions with ponder.policy.chatTemplate if the server takes raw prompts',
    };
  }
  const degraded: string[] = [];
  let fix: string | undefined;
  if (policy.continuation === 'completions') {
    degraded.push(`partial answers go to /v1/completions as raw prompts in the ${JSON.stringify(caps.chatTemplate)} chat template`);
    fix = "set ponder.policy.chatTemplate to your model's template (chatml, llama3 or a template string)";
  }
  if (policy.trimsPrefix === true)
    degraded.push(
      "the chat template trims the partial answer's trailing whitespace; continuations ask for min_tokens: 1 and drop the separator the model writes first",
    );
  if (policy.stopReporting === 'finish_reason')
    degraded.push(
      'the server does not say whether a step ended at a stop string or at the end of the sequence, so a finished path may take one more (empty) step',
    );
  return { degraded, fix };
}
