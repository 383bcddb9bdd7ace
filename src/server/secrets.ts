// API keys from `ponder/setSecrets`, held in memory only, and the redaction every outgoing text goes
// through (log lines, error messages, error events) as defence in depth.
import type { Secrets } from '../shared/settings';
import type { SetSecretsParams } from '../shared/protocol';

const REDACTED = '[redacted]';

export class SecretStore {
  private secrets: Secrets = {};

  get(): Secrets {
    return { ...this.secrets };
  }

  /** Applies a `ponder/setSecrets`: absent fields keep their key, empty strings clear it. Returns whether anything changed. */
  set(params: SetSecretsParams): boolean {
    const next: Secrets = { ...this.secrets };
    for (const name of ['policyApiKey', 'verifierApiKey'] as const) {
      const value = params[name];
      if (value === undefined) continue;
      if (value === '') delete next[name];
      else next[name] = value;
    }
    const changed = next.policyApiKey !== this.secrets.policyApiKey || next.verifierApiKey !== this.secrets.verifierApiKey;
    this.secrets = next;
    return changed;
  }

  /** Replaces every occurrence of a held key (and of its Bearer header form) in `text`. */
  redact(text: string): string {
    let out = text;
    // Longest first, so a key that contains the other is replaced whole.
    const keys = Object.values(this.secrets)
      .filter((k): k is string => typeof k === 'string' && k.length > 0)
      .sort((a, b) => b.length - a.length);
    for (const key of keys) out = out.split(key).join(REDACTED);
    return out;
  }
}
