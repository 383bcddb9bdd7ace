// API keys in VS Code's SecretStorage. They leave it only for the language server (`ponder/setSecrets`);
// every value ever held in this session is remembered so the trace and log channels can redact it.
import * as vscode from 'vscode';
import type { SetSecretsParams } from '../shared/protocol';
import { SECRET_ENV } from '../shared/settings';

export type SecretName = keyof Required<SetSecretsParams>;

const STORAGE_KEYS: Record<SecretName, string> = {
  policyApiKey: 'ponder.policyApiKey',
  verifierApiKey: 'ponder.verifierApiKey',
};

export const SECRET_LABELS: Record<SecretName, string> = {
  policyApiKey: 'Policy endpoint (ponder.policy.url)',
  verifierApiKey: 'Verifier endpoint (ponder.verifier.url)',
};

export class ApiKeys implements vscode.Disposable {
  private readonly seen = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after a key was stored or cleared (here or in another window; possibly twice for one change). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly storage: vscode.SecretStorage) {
    this.subscription = storage.onDidChange((e) => {
      if (Object.values(STORAGE_KEYS).includes(e.key)) this.changed.fire();
    });
  }

  /**
   * Both keys: from SecretStorage, else from the environment VS Code was started with
   * (PONDER_API_KEY, PONDER_VERIFIER_API_KEY); a missing key is an empty string, which tells the
   * server to clear it.
   */
  async read(): Promise<Required<SetSecretsParams>> {
    const [policyApiKey, verifierApiKey] = await Promise.all([
      this.storage.get(STORAGE_KEYS.policyApiKey),
      this.storage.get(STORAGE_KEYS.verifierApiKey),
    ]);
    const keys = {
      policyApiKey: policyApiKey ?? process.env[SECRET_ENV.policyApiKey] ?? '',
      verifierApiKey: verifierApiKey ?? process.env[SECRET_ENV.verifierApiKey] ?? '',
    };
    this.remember(keys.policyApiKey, keys.verifierApiKey);
    return keys;
  }

  /** Stores a key; `onDidChange` fires before this resolves (SecretStorage's own event may come later). */
  async store(name: SecretName, value: string): Promise<void> {
    this.remember(value);
    await this.storage.store(STORAGE_KEYS[name], value);
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await Promise.all(Object.values(STORAGE_KEYS).map((key) => this.storage.delete(key)));
    this.changed.fire();
  }

  /** Every key value held in this session, longest first (so a key containing another is redacted whole). */
  knownValues(): string[] {
    return [...this.seen].sort((a, b) => b.length - a.length);
  }

  private remember(...values: string[]): void {
    for (const value of values) if (value !== '') this.seen.add(value);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Replaces every known key in `text` with a marker. */
export function redact(text: string, keys: readonly string[]): string {
  let out = text;
  for (const key of keys) out = out.split(key).join('[redacted]');
  return out;
}
