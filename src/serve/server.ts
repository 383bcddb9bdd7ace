// The HTTP server of `ponder serve`: the bearer-token check, routing (GET /v1/models, POST
// /v1/chat/completions), the concurrency gate, OpenAI-shaped errors and one log line per request. Log
// lines carry the method, path, status, model and usage: never headers or bodies, so no key or token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../core/index';
import { readJsonBody } from '../sim/body';
import { bearerCheck } from './auth';
import { serveCompletion } from './completion';
import { fromBodyError, ServeError } from './errors';
import { RunGate } from './gate';
import { MODEL_IDS, modelEntry, modelList, strategyOfModel } from './models';
import { parseChatRequest } from './request';

export type ServeLog = (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;

export interface ServeOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  maxConcurrentRuns: number;
  /** PONDER_SERVE_TOKEN; undefined or empty: no token needed. */
  token?: string;
  log: ServeLog;
}

export interface RunningServe {
  /** Base URL ending in /v1. */
  url: string;
  /** Stops listening, cancels the runs in progress (their clients see the connection close) and waits for them. */
  close(): Promise<void>;
}

/** Request bodies are chat messages; a megabyte is far above any problem (at most 100,000 characters). */
const MAX_BODY_BYTES = 1_000_000;
const ROUTES = 'ponder serve serves GET /v1/models and POST /v1/chat/completions';

export async function startServe(engine: Engine, options: ServeOptions): Promise<RunningServe> {
  const gate = new RunGate(options.maxConcurrentRuns);
  const checkToken = bearerCheck(options.token);
  const runs = new Set<Promise<unknown>>();
  const created = Math.floor(Date.now() / 1000);
  const { log } = options;

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<string> {
    checkToken(req.headers);
    if (path === '/v1/models' || path.startsWith('/v1/models/')) {
      if (req.method !== 'GET') throw methodNotAllowed(req, path, 'GET');
      const id = path.length > '/v1/models/'.length ? modelIdOf(path.slice('/v1/models/'.length)) : null;
      if (id !== null) strategyOfModel(id); // the 404 for an unknown model
      sendJson(res, 200, id === null ? modelList(created) : modelEntry(id, created));
      return '';
    }
    if (path !== '/v1/chat/completions')
      throw new ServeError(404, `Unknown request URL: ${req.method} ${path}; ${ROUTES}`, 'invalid_request_error', 'unknown_url');
    if (req.method !== 'POST') throw methodNotAllowed(req, path, 'POST');
    const chat = parseChatRequest(await readBody(req));
    const leave = gate.enter();
    const run = serveCompletion(engine, chat, res).finally(leave);
    runs.add(run);
    try {
      const result = await run;
      const u = result.usage;
      return `model=${chat.model} run=${result.runId} strategy=${result.strategy ?? 'none'} generations=${u.generations} tokens=${u.tokens}${result.partial ? ' partial' : ''}${result.error ? ' failed' : ''}`;
    } finally {
      runs.delete(run);
    }
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
    route(req, res, path)
      .catch((err: unknown) => {
        const error =
          err instanceof ServeError
            ? err
            : new ServeError(500, `ponder serve: internal error: ${err instanceof Error ? err.message : String(err)}`, 'server_error');
        if (error.status >= 500) log('error', error.message);
        if (res.headersSent) res.destroy();
        else sendJson(res, error.status, error.body(), error.headers);
        return error.code ?? error.type;
      })
      .then((detail) =>
        log(
          'info',
          `${req.method} ${path} ${res.statusCode}${res.writableFinished ? '' : ' (client left)'} ${Date.now() - started} ms ${detail}`.trim(),
        ),
      );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  log(
    'debug',
    `models: ${MODEL_IDS.join(', ')}; at most ${gate.limit} concurrent run(s); ${options.token ? 'bearer token required' : 'no token'}`,
  );
  return {
    url: `http://${host}:${address.port}/v1`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.allSettled([...runs]);
      await closed;
    },
  };
}

/** The model id of a /v1/models/{id} path; a malformed escape is left as written (and so is an unknown model). */
function modelIdOf(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  try {
    return await readJsonBody(req, MAX_BODY_BYTES, 'ponder serve accepts up to 1 MB');
  } catch (err) {
    throw fromBodyError(err);
  }
}

function methodNotAllowed(req: IncomingMessage, path: string, allowed: string): ServeError {
  return new ServeError(405, `${req.method} ${path} is not allowed; use ${allowed}`, 'invalid_request_error', 'method_not_allowed', null, {
    Allow: allowed,
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
