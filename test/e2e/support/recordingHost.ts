// Loopback HTTP listeners that record the Authorization header of every request: a proxy in front of
// `ponder sim` (the user's configured endpoint), and a stand-in for "another host" that a workspace
// might try to send the API key to.
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface RecordingHost {
  /** http://127.0.0.1:PORT */
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('listener has no port');
  return `http://127.0.0.1:${address.port}`;
}

function recordOf(req: IncomingMessage): RecordedRequest {
  return { method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization };
}

/** Forwards every request to `target` (an origin) and records it. */
export async function startRecordingProxy(target: string): Promise<RecordingHost> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push(recordOf(req));
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
  });
  const origin = await listen(server);
  return { origin, requests, close: () => closeServer(server) };
}

/** Answers every request with 503 and records it. */
export async function startOtherHost(): Promise<RecordingHost> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push(recordOf(req));
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"the other host"}}');
  });
  const origin = await listen(server);
  return { origin, requests, close: () => closeServer(server) };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
