// The engine the server hosts: created from the current settings and secrets, recreated (lazily) when
// either changes. Runs in progress keep the engine they started with.
import { createEngine, type Engine } from '../core/index';
import type { Capabilities } from '../shared/api';
import type { PonderSettings, Secrets } from '../shared/settings';
import type { Logger } from './log';

export class EngineHost {
  private engine: Engine | null = null;

  constructor(
    private readonly settings: () => PonderSettings,
    private readonly secrets: () => Secrets,
    private readonly log: Logger,
  ) {}

  /** The current engine; throws (with the engine's message) when the settings cannot make one. */
  get(): Engine {
    this.engine ??= createEngine(this.settings(), this.secrets(), {
      log: (level, message) => this.log.write(level, `engine: ${message}`),
    });
    return this.engine;
  }

  /** Forgets the engine so the next request builds one from the new settings or secrets. */
  reset(): void {
    this.engine = null;
  }

  /** What the endpoints can do: probed once per engine and cached by it; `refresh` probes again. */
  capabilities(refresh = false): Promise<Capabilities> {
    return this.get().capabilities({ refresh });
  }
}
