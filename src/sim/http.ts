// The HTTP server: routing, request bookkeeping (stats, client aborts), fault injection and
// writing JSON or server-sent events.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { readJsonBody } from './body';
import type { Emulation, InfoContext } from './emulate/types';
import type { Simulator } from './engine';
import { SimHttpError } from './errors';
import { FAULT_HEADER, FaultPicker, faultError } from './faults';
import { modelList, OWNER, POLICY_MODEL, STRICT_REPLAY_OWNER, VERIFIER_MODEL } from './models';
import { chatCompletions } from './routes/chat';
import { completions } from './routes/completions';
import type { Handler, Reply } from './routes/context';
import { pooling } from './routes/pooling';
import { Scheduler } from './scheduler';
import { SequenceRunner } from './sequences';
import { emptyStats, type FaultKind, type SimStats } from './stats';
import { StrictReplay } from './strict-replay';

const POST_ROUTES: Record<string, Handler> = {
  '/v1/chat/completions': chatCompletions,
  '/v1/completions': completions,
  '/pooling': pooling,
  '/v1/pooling': pooling,
};

export class SimServer {
  readonly stats: SimStats = emptyStats();
  private readonly server: Server;
  private readonly runner: SequenceRunner;
  private readonly faults: FaultPicker;
  private readonly strict: StrictReplay | null;
  private readonly started = Math.floor(Date.now() / 1000);
  private responses = 0;

  constructor(
    private readonly sim: Simulator,
    /** The real server imitated (--emulate), or null. */
    private readonly emulation: Emulation | null = null,
  ) {
    const o = sim.options;
    this.runner = new SequenceRunner(new Scheduler(o.capacity, o.ttftMs, o.tokensPerSecond, this.stats), this.stats);
    this.faults = new FaultPicker(o);
    this.strict = o.strict && sim.replay && o.replay ? new StrictReplay(sim.replay, o.replay, o.shuffle) : null;
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  /** Listens and resolves with the base URL (ending in /v1). */
  async listen(): Promise<string> {
    const { host, port } = this.sim.options;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${shownHost}:${address.port}/v1`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
    if (path === '/sim/stats' && req.method === 'GET') return this.sendJson(res, 200, this.stats);
    this.stats.requests++;
    this.stats.inFlight++;
    const abort = new AbortController();
    let counted = true;
    const done = () => {
      if (counted) this.stats.inFlight--;
      counted = false;
    };
    res.on('close', () => {
      if (!res.writableFinished) abort.abort(new Error('client closed the connection'));
      done();
    });
    try {
      await this.route(req, res, path, abort.signal);
    } catch (err) {
      if (abort.signal.aborted) return;
      const error =
        err instanceof SimHttpError
          ? err
          : new SimHttpError(500, `ponder sim: internal error: ${err instanceof Error ? err.message : String(err)}`);
      if (res.headersSent) res.destroy();
      else if (this.emulation) {
        const reply = this.emulation.error(error.status, error.message, error.type, error.param, error.code);
        this.sendRaw(res, reply.status, reply.text, error.headers, reply.contentType);
      } else this.sendJson(res, error.status, error.body(), error.headers);
    } finally {
      if (res.writableFinished) done();
    }
  }

  private infoContext(): InfoContext {
    return { settings: this.emulation!.settings, models: [POLICY_MODEL, VERIFIER_MODEL], created: this.started, maxModelLen: 8192 };
  }

  /** An emulated server's own routes: its model list, its info endpoints, its 404s. True when answered. */
  private routeEmulated(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const emulation = this.emulation;
    if (!emulation) return false;
    if ((path === '/v1/models' || path === '/models') && req.method === 'GET') {
      this.sendJson(res, 200, emulation.modelList(this.infoContext()));
      return true;
    }
    const info = req.method === 'GET' ? emulation.info(path, this.infoContext()) : undefined;
    if (info) {
      if (info.body === null) this.sendRaw(res, 200, '');
      else this.sendJson(res, 200, info.body);
      return true;
    }
    const served =
      path === '/v1/chat/completions' ||
      path === '/v1/completions' ||
      (emulation.pooling && (path === '/pooling' || path === '/v1/pooling'));
    if (served) return false;
    const reply = emulation.notFound(req.method ?? 'GET', path);
    this.sendRaw(res, reply.status, reply.text, {}, reply.contentType);
    return true;
  }

  private async route(req: IncomingMessage, res: ServerResponse, path: string, signal: AbortSignal): Promise<void> {
    if (this.routeEmulated(req, res, path)) return;
    if (path === '/v1/models' || path === '/models') {
      if (req.method !== 'GET') throw new SimHttpError(405, `${req.method} ${path} is not allowed; use GET`);
      return this.sendJson(res, 200, modelList(this.started, this.strict ? STRICT_REPLAY_OWNER : OWNER));
    }
    if (path === '/health' && req.method === 'GET') return this.sendJson(res, 200, {});
    const handler = POST_ROUTES[path];
    if (!handler) {
      throw new SimHttpError(
        404,
        `no route ${req.method} ${path}; ponder sim serves GET /v1/models, POST /v1/chat/completions, POST /v1/completions, POST /pooling and GET /sim/stats`,
      );
    }
    if (req.method !== 'POST') throw new SimHttpError(405, `${req.method} ${path} is not allowed; use POST`);
    const body = await readJsonBody(req, this.sim.options.maxBodyBytes);
    const fault = this.faults.pick(req.headers[FAULT_HEADER]);
    if (fault) this.stats.faults[fault]++;
    if (fault === 'fail' || fault === 'rate-limit') throw faultError(fault);
    if (fault === 'stall') await sleep(this.sim.options.stallMs, undefined, { signal });
    const reply = await handler({
      sim: this.sim,
      runner: this.runner,
      stats: this.stats,
      signal,
      body,
      id: `sim-${(++this.responses).toString(16).padStart(8, '0')}`,
      created: Math.floor(Date.now() / 1000),
      emulation: this.emulation,
      strict: this.strict,
    });
    await this.send(res, reply, fault);
  }

  private async send(res: ServerResponse, reply: Reply, fault: FaultKind | null): Promise<void> {
    if (reply.kind === 'json') {
      const text = JSON.stringify(reply.body);
      if (fault === 'malformed') return this.sendRaw(res, 200, text.slice(0, Math.floor(text.length / 2)) + ' <simulated malformed JSON>');
      if (fault === 'truncate') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        // Cut the connection once the partial body has left, so the client sees headers then a cut.
        res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy());
        return;
      }
      return this.sendRaw(res, 200, text, reply.headers);
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', ...reply.headers });
    let sent = 0;
    for await (const event of reply.events) {
      if (res.destroyed) return;
      const data = JSON.stringify(event);
      const frame = `data: ${fault === 'malformed' && sent === 0 ? data.slice(0, Math.floor(data.length / 2)) : data}\n\n`;
      sent++;
      // A truncated stream has sent at least one chunk (here: two) before it is cut.
      if (fault === 'truncate' && sent >= 2) {
        res.write(frame, () => res.destroy());
        return;
      }
      res.write(frame);
    }
    res.end('data: [DONE]\n\n');
  }

  private sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.sendRaw(res, status, JSON.stringify(body), headers);
  }

  private sendRaw(
    res: ServerResponse,
    status: number,
    text: string,
    headers: Record<string, string> = {},
    contentType = 'application/json',
  ): void {
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }
}
