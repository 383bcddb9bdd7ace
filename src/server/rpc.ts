// Typed registration and sending of the `ponder/*` methods of src/shared/protocol.ts. That file's
// RequestType/NotificationType come from the vscode-languageserver-protocol the extension's client
// uses (3.18.5), while vscode-languageserver 10 bundles its own (3.18.4), whose classes TypeScript
// does not accept in their place; on the wire only the method name matters, so register by name.
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Registers a request handler; params arrive unchecked (`unknown`) and are validated by the handler. */
export function onRequest<P, R>(connection: Connection, type: RequestType<P, R, void>, handler: (params: unknown, token: CancellationToken) => Promise<R>): void {
  connection.onRequest(type.method, (params: unknown, token: CancellationToken) => handler(params, token));
}

export function onNotification<P>(connection: Connection, type: NotificationType<P>, handler: (params: unknown) => void): void {
  connection.onNotification(type.method, (params: unknown) => handler(params));
}

export function sendNotification<P>(connection: Connection, type: NotificationType<P>, params: P): void {
  void connection.sendNotification(type.method, params).catch(() => {
    // The client went away; there is nobody to tell.
  });
}
