// What the client said it supports in `initialize`, and the capabilities the server announces back.
import { TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver';
import { SERVER_STATUS_CAPABILITY } from '../shared/protocol';

export interface ClientFeatures {
  /** The client answers `workspace/configuration`. */
  configuration: boolean;
  /** The client accepts a dynamic registration for `workspace/didChangeConfiguration`. */
  dynamicConfigurationChange: boolean;
  inlayHintRefresh: boolean;
  codeLensRefresh: boolean;
  /** The client follows `ponder/serverStatus` (experimental capability, as rust-analyzer's). */
  serverStatus: boolean;
}

export const NO_CLIENT_FEATURES: ClientFeatures = {
  configuration: false,
  dynamicConfigurationChange: false,
  inlayHintRefresh: false,
  codeLensRefresh: false,
  serverStatus: false,
};

export function clientFeaturesOf(capabilities: ClientCapabilities): ClientFeatures {
  const experimental: unknown = capabilities.experimental;
  const serverStatus =
    typeof experimental === 'object' &&
    experimental !== null &&
    (experimental as Record<string, unknown>)[SERVER_STATUS_CAPABILITY] === true;
  return {
    configuration: capabilities.workspace?.configuration === true,
    dynamicConfigurationChange: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    inlayHintRefresh: capabilities.workspace?.inlayHint?.refreshSupport === true,
    codeLensRefresh: capabilities.workspace?.codeLens?.refreshSupport === true,
    serverStatus,
  };
}

export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  codeLensProvider: { resolveProvider: false },
  inlayHintProvider: { resolveProvider: false },
};
