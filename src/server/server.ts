// The language server's lifecycle: initialize (client features, initializationOptions), the first pull
// of the `ponder` configuration, configuration changes, shutdown; requests and documents are wired in
// their own modules.
import { DidChangeConfigurationNotification, type Connection, type InitializeResult } from 'vscode-languageserver';
import packageJson from '../../package.json';
import { clientFeaturesOf, SERVER_CAPABILITIES } from './clientFeatures';
import { ServerContext } from './context';
import { refreshDocumentFeatures, registerDocuments } from './documents';
import { errorMessage } from './log';
import { registerRequests } from './requests';

export function startServer(connection: Connection): ServerContext {
  const ctx = new ServerContext(connection);

  const applySettings = (changed: boolean, source: string) => {
    const { settings, problems } = ctx.config.current;
    ctx.log.setTrace(settings.trace.server);
    for (const problem of problems) ctx.log.warn(`${source}: ${problem}`);
    if (!changed) return;
    if (ctx.log.enabled('debug')) ctx.log.debug(`settings from ${source}: ${JSON.stringify(settings)}`);
    ctx.endpointsChanged();
    refreshDocumentFeatures(ctx);
  };

  const pullConfiguration = async (): Promise<boolean> => {
    try {
      const section: unknown = await connection.workspace.getConfiguration('ponder');
      return ctx.config.setClientSection(section);
    } catch (err) {
      ctx.log.warn(`could not read the ponder settings with workspace/configuration: ${errorMessage(err)}; keeping the previous ones`);
      return false;
    }
  };

  connection.onInitialize((params): InitializeResult => {
    ctx.client = clientFeaturesOf(params.capabilities);
    ctx.config.setInitializationOptions(params.initializationOptions);
    ctx.log.setTrace(ctx.settings.trace.server);
    return { capabilities: SERVER_CAPABILITIES, serverInfo: { name: 'ponder', version: packageJson.version } };
  });

  connection.onInitialized(async () => {
    if (ctx.client.dynamicConfigurationChange) {
      await connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'ponder' })
        .catch((err: unknown) => ctx.log.warn(`could not register for configuration changes: ${errorMessage(err)}`));
    }
    if (ctx.client.configuration) await pullConfiguration();
    applySettings(true, 'initialization');
    ctx.log.info(
      `Ponder language server ${packageJson.version} ready (policy ${ctx.settings.policy.url}, verifier ${ctx.settings.verifier.kind})`,
    );
    ctx.markReady();
  });

  connection.onDidChangeConfiguration(async (params) => {
    await ctx.ready;
    const changed = ctx.client.configuration ? await pullConfiguration() : ctx.config.setClientSection(params.settings);
    applySettings(changed, 'configuration change');
  });

  connection.onShutdown(() => ctx.runs.cancelAll());

  registerRequests(ctx);
  registerDocuments(ctx);
  return ctx;
}
