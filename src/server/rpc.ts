// Registration and sending of the `ponder/*` methods of src/shared/protocol.ts on the server's
// connection, by their typed RequestType/NotificationType constants.
import type { Connection } from 'vscode-languageserver';
import type { NotificationHandler, NotificationType, RequestHandler, RequestParam, RequestType } from 'vscode-languageserver-protocol';

/** Registers a request handler; params arrive unchecked (`unknown`) and are validated by the handler. */
export function onRequest<P, R>(connection: Connection, type: RequestType<P, R, void>, handler: RequestHandler<unknown, R, void>): void {
  connection.onRequest(type, handler);
}

/** Registers a notification handler; params arrive unchecked (`unknown`) and are validated by the handler. */
export function onNotification<P>(connection: Connection, type: NotificationType<P>, handler: NotificationHandler<unknown>): void {
  connection.onNotification(type, handler);
}

export function sendNotification<P>(connection: Connection, type: NotificationType<P>, params: RequestParam<P>): void {
  void connection.sendNotification(type, params).catch(() => {
    // The client went away; there is nobody to tell.
  });
}
