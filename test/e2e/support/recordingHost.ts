// Loopback HTTP listeners that record the Authorization header of every request: a proxy in front of
// `ponder sim` (the user's configured endpoint), and a stand-in for "another host" that a workspace
// might try to send the API key to. Each record names the model in its JSON body and the process that
// connected, so a failure says which requests went wrong and who sent them.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** The body's `model`, once the body has arrived (undefined for a body without one). */
  model?: string;
  /** The body's `max_tokens` (1 marks the server's capability probes), once the body has arrived. */
  maxTokens?: number;
  /** The connecting process as "pid (command line)" with its parent, once looked up; '?' if it could not be. */
  sender?: string;
}

export interface RecordingHost {
  /** http://127.0.0.1:PORT */
  origin: string;
  requests: RecordedRequest[];
  /** Resolves once every recorded request's sender has been looked up. */
  sendersKnown(): Promise<void>;
  close(): Promise<void>;
}

/** One line per request, for assertion messages. */
export function describeRequests(requests: readonly RecordedRequest[]): string {
  return requests
    .map(
      (r) =>
        `${r.method} ${r.path} model=${r.model ?? '-'} auth=${r.authorization === undefined ? 'none' : redactKey(r.authorization)} from ${r.sender ?? '?'}`,
    )
    .join('\n');
}

// The header itself is a secret: show only whether it is a bearer token and its last characters.
function redactKey(authorization: string): string {
  return authorization.replace(/^(Bearer )?.*(.{6})$/s, (_, bearer: string | undefined, tail: string) => `${bearer ?? ''}…${tail}`);
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('listener has no port');
  return `http://127.0.0.1:${address.port}`;
}

function commandLine(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 160);
  } catch {
    return 'ended';
  }
}

function parentOf(pid: string): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  } catch {
    return '?';
  }
}

const senders = new WeakMap<Socket, Promise<string>>();

/** The process on the other end of a loopback connection (ss shows the owner of the client's socket). */
function senderOf(socket: Socket): Promise<string> {
  let sender = senders.get(socket);
  if (!sender) {
    const port = socket.remotePort;
    sender = new Promise((resolve) => {
      execFile('ss', ['-tnpH', 'state', 'established', `sport = :${port}`], (error, stdout) => {
        const pid = /pid=(\d+)/.exec(stdout)?.[1];
        if (error || !pid) return resolve(`port ${port}`);
        const parent = parentOf(pid);
        resolve(`pid ${pid} (${commandLine(pid)}), parent ${parent} (${commandLine(parent)})`);
      });
    });
    senders.set(socket, sender);
  }
  return sender;
}

interface Recorder {
  requests: RecordedRequest[];
  lookups: Promise<unknown>[];
}

function newRecorder(): Recorder {
  return { requests: [], lookups: [] };
}

function record(req: IncomingMessage, recorder: Recorder): RecordedRequest {
  const entry: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization };
  recorder.requests.push(entry);
  recorder.lookups.push(senderOf(req.socket).then((sender) => (entry.sender = sender)));
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (typeof body === 'object' && body !== null && 'model' in body && typeof body.model === 'string') entry.model = body.model;
      if (typeof body === 'object' && body !== null && 'max_tokens' in body && typeof body.max_tokens === 'number')
        entry.maxTokens = body.max_tokens;
    } catch {
      // not JSON (e.g. a GET): no model
    }
  });
  return entry;
}

/** Forwards every request to `target` (an origin) and records it. */
export async function startRecordingProxy(target: string): Promise<RecordingHost> {
  const recorder = newRecorder();
  const server = createServer((req, res) => {
    record(req, recorder);
    const upstream = request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
  });
  const origin = await listen(server);
  return {
    origin,
    requests: recorder.requests,
    sendersKnown: async () => void (await Promise.all(recorder.lookups)),
    close: () => closeServer(server),
  };
}

/** Answers every request with 503 and records it. */
export async function startOtherHost(): Promise<RecordingHost> {
  const recorder = newRecorder();
  const server = createServer((req, res) => {
    record(req, recorder);
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"the other host"}}');
  });
  const origin = await listen(server);
  return {
    origin,
    requests: recorder.requests,
    sendersKnown: async () => void (await Promise.all(recorder.lookups)),
    close: () => closeServer(server),
  };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
