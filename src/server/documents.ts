// Document features wired to the connection: code lenses, inlay hints, and the low-score diagnostic
// kept in step with edits, settings changes and closed documents.
import { CodeLensRefreshRequest } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { codeLenses, inlayHints, isPonderDocument, lowScoreDiagnostics } from './documentFeatures';

export function publishDiagnostics(ctx: ServerContext, uri: string): void {
  const document = ctx.documents.get(uri);
  if (!document || !ctx.scores.has(uri)) return;
  void ctx.connection.sendDiagnostics({
    uri,
    version: document.version,
    diagnostics: lowScoreDiagnostics(document, ctx.scores, ctx.settings),
  });
}

export function refreshInlayHints(ctx: ServerContext): void {
  if (ctx.client.inlayHintRefresh)
    void ctx.connection.languages.inlayHint.refresh().catch((err: unknown) => ctx.log.debug(`inlay hint refresh failed: ${String(err)}`));
}

/** After a settings change: lens titles show the budget, hints and diagnostics use the threshold. */
export function refreshDocumentFeatures(ctx: ServerContext): void {
  if (ctx.client.codeLensRefresh)
    void ctx.connection
      .sendRequest(CodeLensRefreshRequest.type)
      .catch((err: unknown) => ctx.log.debug(`code lens refresh failed: ${String(err)}`));
  refreshInlayHints(ctx);
  for (const document of ctx.documents.all()) publishDiagnostics(ctx, document.uri);
}

export function registerDocuments(ctx: ServerContext): void {
  const { connection, documents } = ctx;
  // Lens titles and hints depend on the settings: wait for the first configuration pull.
  connection.onCodeLens(async (params) => {
    await ctx.ready;
    const document = documents.get(params.textDocument.uri);
    return document ? codeLenses(document, ctx.settings) : [];
  });
  connection.languages.inlayHint.on(async (params) => {
    await ctx.ready;
    const document = documents.get(params.textDocument.uri);
    return document && isPonderDocument(document) ? inlayHints(document, ctx.scores, params.range, ctx.settings) : [];
  });
  documents.onDidChangeContent((change) => publishDiagnostics(ctx, change.document.uri));
  documents.onDidClose((event) => {
    if (!ctx.scores.has(event.document.uri)) return;
    ctx.scores.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });
  documents.listen(connection);
}
