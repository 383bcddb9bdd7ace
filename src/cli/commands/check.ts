// `ponder check [--json]`: probes the configured policy and verifier and says, per strategy, whether it
// runs as configured, degraded (how), or not at all, with the reason and the setting that fixes it.
import { createEngine } from '../../core/index';
import type { Capabilities } from '../../shared/api';
import { ENDPOINT_HELP, parseCommand, stderrLogger, UsageError } from '../view/engineCli';

const HELP = `Usage: ponder check [--json]

Probes the policy and verifier endpoints (a few one-token requests; no run budget is spent) and prints
what the server is, what it can do, and for each strategy: ok, degraded (how) or unavailable (why),
with the setting that fixes it. Exit code 0 when the policy is usable, 1 when it is not.

  --json    print the capabilities as one JSON object (the ponder/capabilities result)

${ENDPOINT_HELP}`;

export async function run(args: string[]): Promise<number> {
  let command;
  try {
    command = parseCommand(args, { json: { type: 'boolean' } });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`ponder check: ${err.message}\n\n${HELP}\n`);
    return 2;
  }
  if (command.values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const { settings, secrets, values } = command;
  const engine = createEngine(settings, secrets, { log: stderrLogger(settings) });
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted'));
  process.on('SIGINT', onSigint);
  try {
    const caps = await engine.capabilities({ signal: controller.signal });
    process.stdout.write(values.json ? JSON.stringify(caps) + '\n' : describeCapabilities(caps));
    return caps.policy.reachable ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

const MARK = { ok: 'ok', degraded: 'degraded', unavailable: 'unavailable' } as const;

export function describeCapabilities(caps: Capabilities): string {
  const { policy, verifier } = caps;
  const lines: string[] = [];
  if (policy.reachable) {
    lines.push(`policy    ${policy.url}  model ${policy.model}  server ${policy.server}`);
    const n = policy.supportsN ? (policy.maxN === null ? 'n: yes' : `n: up to ${policy.maxN}`) : 'n: no (one request per generation)';
    const trims = policy.trimsPrefix ? ' (template trims the partial answer; worked around)' : '';
    lines.push(
      `          continuation: ${policy.continuation}${trims}; ${n}; logprobs: ${policy.logprobs ? 'yes' : 'no'}; stops reported by ${policy.stopReporting}`,
      `          reasoning: ${policy.reasoning ?? 'none'}${policy.reasoningNote ? ` (${policy.reasoningNote})` : ''}`,
    );
  } else lines.push(`policy    ${policy.url}  NOT USABLE: ${policy.error ?? 'unreachable'}`);
  if (verifier.kind === 'none') lines.push('verifier  none (ponder.verifier.kind: none)');
  else
    lines.push(
      `verifier  ${verifier.kind} at ${verifier.url}  ${verifier.reachable ? `model ${verifier.model}` : `NOT REACHABLE: ${verifier.error ?? ''}`}`,
    );
  lines.push('');
  for (const row of caps.strategies) {
    lines.push(`${row.strategy.padEnd(20)} ${MARK[row.status]}${row.reason ? `: ${row.reason}` : ''}`);
    if (row.fix) lines.push(`${''.padEnd(20)} fix: ${row.fix}`);
  }
  return lines.join('\n') + '\n';
}
