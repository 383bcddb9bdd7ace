// `ponder/serverStatus`: the server's health (endpoints reachable, settings valid) and whether runs
// are in progress, sent only when it changes and only to clients that asked for it.
import type { Capabilities } from '../shared/api';
import type { ServerHealth, ServerStatusParams } from '../shared/protocol';

export interface StatusInputs {
  capabilities: Capabilities | null;
  /** Why the engine or the probe failed, when it did. */
  failure: string | null;
  settingProblems: string[];
  runs: number;
}

export function statusOf(inputs: StatusInputs): ServerStatusParams {
  const { capabilities, failure, settingProblems, runs } = inputs;
  const quiescent = runs === 0;
  const messages: string[] = [];
  let health: ServerHealth = 'ok';
  const worsen = (to: ServerHealth, message: string) => {
    if (to === 'error' || health === 'ok') health = to;
    messages.push(message);
  };
  if (failure) worsen('error', failure);
  if (capabilities && !capabilities.policy.reachable) {
    worsen(
      'error',
      `The policy endpoint ${capabilities.policy.url} is not reachable${capabilities.policy.error ? ` (${capabilities.policy.error})` : ''}. Start it, or fix ponder.policy.url.`,
    );
  }
  if (capabilities && capabilities.verifier.kind !== 'none' && !capabilities.verifier.reachable) {
    worsen(
      'warning',
      `The verifier (${capabilities.verifier.kind}) at ${capabilities.verifier.url ?? '(no URL)'} is not reachable${capabilities.verifier.error ? ` (${capabilities.verifier.error})` : ''}; only verifier-free strategies will work. Fix ponder.verifier.url or set ponder.verifier.kind to none.`,
    );
  }
  if (settingProblems.length) worsen('warning', `Some settings were ignored: ${settingProblems.join('; ')}.`);
  return { health, quiescent, runs, ...(messages.length ? { message: messages.join('\n') } : {}) };
}

export class StatusReporter {
  private inputs: StatusInputs = { capabilities: null, failure: null, settingProblems: [], runs: 0 };
  private lastSent = '';

  constructor(
    private readonly enabled: () => boolean,
    private readonly send: (status: ServerStatusParams) => void,
  ) {}

  update(change: Partial<StatusInputs>): void {
    this.inputs = { ...this.inputs, ...change };
    if (!this.enabled()) return;
    const status = statusOf(this.inputs);
    const key = JSON.stringify(status);
    if (key === this.lastSent) return;
    this.lastSent = key;
    this.send(status);
  }
}
