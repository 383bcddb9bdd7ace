// The server's state in one place: settings, secrets, the engine, runs, document scores, client
// features, logging and status. Handlers (requests.ts, documents.ts) receive it; server.ts builds it.
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { runEvents, serverStatus } from '../shared/protocol';
import { NO_CLIENT_FEATURES, type ClientFeatures } from './clientFeatures';
import { ConfigurationStore } from './configuration';
import { DocumentScores } from './documentScores';
import { EngineHost } from './engineHost';
import { errorMessage, Logger } from './log';
import { sendNotification } from './rpc';
import { RunRegistry } from './runs';
import { SecretStore } from './secrets';
import { StatusReporter } from './status';

export class ServerContext {
  readonly secrets = new SecretStore();
  readonly config = new ConfigurationStore();
  readonly documents = new TextDocuments(TextDocument);
  readonly scores = new DocumentScores();
  readonly log: Logger;
  readonly engines: EngineHost;
  readonly status: StatusReporter;
  readonly runs: RunRegistry;
  client: ClientFeatures = NO_CLIENT_FEATURES;
  /** Resolves after `initialized` and the first configuration pull; requests wait for it. */
  readonly ready: Promise<void>;
  markReady: () => void = () => {};
  private probeGeneration = 0;

  constructor(readonly connection: Connection) {
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve));
    const redact = (text: string) => this.secrets.redact(text);
    this.log = new Logger(connection.console, redact);
    this.engines = new EngineHost(
      () => this.config.current.settings,
      () => this.secrets.get(),
      this.log,
    );
    this.status = new StatusReporter(
      () => this.client.serverStatus,
      (status) => sendNotification(connection, serverStatus, status),
    );
    this.runs = new RunRegistry({
      send: (params) => sendNotification(connection, runEvents, params),
      log: this.log,
      redact,
      onActiveChange: (runs) => this.status.update({ runs }),
    });
  }

  get settings() {
    return this.config.current.settings;
  }

  /** Probes the endpoints again (in the background) and reports the outcome in the server status. */
  probe(): void {
    if (!this.client.serverStatus) return; // nobody is watching; `ponder/capabilities` probes on demand
    const generation = ++this.probeGeneration;
    // Never before the first configuration pull: keys must only reach the endpoints the user configured.
    this.ready
      .then(() => (generation === this.probeGeneration ? this.engines.capabilities() : null))
      .then(
        (capabilities) => {
          if (capabilities && generation === this.probeGeneration) this.status.update({ capabilities, failure: null });
        },
        (err: unknown) => {
          if (generation === this.probeGeneration)
            this.status.update({
              capabilities: null,
              failure: this.secrets.redact(`Ponder cannot use its settings: ${errorMessage(err)}`),
            });
        },
      );
  }

  /** After settings or secrets changed: a new engine for new requests, a new probe, fresh editor features. */
  endpointsChanged(): void {
    this.engines.reset();
    this.status.update({ settingProblems: this.config.current.problems });
    this.probe();
  }
}
