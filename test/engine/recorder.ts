// A recording HTTP proxy in front of the simulator: it counts the generations each policy request
// asks for and whether it was served completely, tracks the peak of generations in flight, and can
// play a server that refuses `n` > 1 (llama.cpp) or silently returns one choice (Ollama).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  n: number;
  maxTokens: number | null;
  hasStop: boolean;
  continueFinalMessage: boolean;
  status: number;
  /** 2xx and, for a stream, ended with [DONE]. */
  completed: boolean;
}

/** Every request as sent (policy and verifier), with when it started and ended (ms, performance.now()). */
export interface Exchange {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  start: number;
  end: number;
}

export interface Recorder {
  url: string;
  requests: RecordedRequest[];
  exchanges: Exchange[];
  peakGenerationsInFlight: number;
  /** Requests received so far (counted at arrival). */
  received(): number;
  close(): Promise<void>;
}

export interface RecorderOptions {
  refuseN?: boolean;
  collapseN?: boolean;
}

export async function startRecorder(simOrigin: string, options: RecorderOptions = {}): Promise<Recorder> {
  const target = new URL(simOrigin);
  let inFlight = 0;
  let arrived = 0;
  const recorder: Recorder = {
    url: '',
    requests: [],
    exchanges: [],
    peakGenerationsInFlight: 0,
    received: () => arrived,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    arrived++;
    const start = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      const isPolicy = req.method === 'POST' && /\/v1\/(chat\/)?completions$/.test(req.url ?? '');
      let parsed: Record<string, unknown> = {};
      if (isPolicy) {
        parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        const n = typeof parsed.n === 'number' ? parsed.n : 1;
        if (options.refuseN && n > 1) {
          recorder.requests.push({
            path: req.url ?? '',
            n,
            maxTokens: null,
            hasStop: false,
            continueFinalMessage: false,
            status: 400,
            completed: false,
          });
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'only n = 1 is supported', type: 'invalid_request_error' } }));
          return;
        }
        if (options.collapseN && n > 1) body = Buffer.from(JSON.stringify({ ...parsed, n: 1 }));
      }
      const n = isPolicy ? (typeof parsed.n === 'number' && !options.collapseN ? parsed.n : 1) : 0;
      inFlight += n;
      recorder.peakGenerationsInFlight = Math.max(recorder.peakGenerationsInFlight, inFlight);
      let released = false;
      const release = () => {
        if (!released) inFlight -= n;
        released = true;
      };
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, 'content-length': String(body.length) },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          let text = '';
          up.on('data', (c: Buffer) => {
            if (isPolicy) text += c.toString('utf8');
            res.write(c);
          });
          up.on('end', () => {
            release();
            recorder.exchanges.push({
              method: req.method ?? 'GET',
              path: req.url ?? '',
              headers: req.headers,
              body,
              start,
              end: performance.now(),
            });
            if (isPolicy) {
              const status = up.statusCode ?? 0;
              const stream = parsed.stream === true;
              recorder.requests.push({
                path: req.url ?? '',
                n,
                maxTokens: typeof parsed.max_tokens === 'number' ? parsed.max_tokens : null,
                hasStop: Array.isArray(parsed.stop) && parsed.stop.length > 0,
                continueFinalMessage: parsed.continue_final_message === true,
                status,
                completed: status >= 200 && status < 300 && wellFormed(text, stream),
              });
            }
            res.end();
          });
          up.on('error', () => {
            release();
            res.destroy();
          });
        },
      );
      upstream.on('error', () => {
        release();
        res.destroy();
      });
      // The client went away (a cancel): abandon the upstream request too, as a real proxy would.
      res.on('close', () => {
        release();
        upstream.destroy();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return recorder;
}

/** Generations the server finished serving (requests for one token, i.e. capability probes, excluded). */
export function servedGenerations(requests: readonly RecordedRequest[]): number {
  return requests.filter((r) => r.completed && r.maxTokens !== 1).reduce((sum, r) => sum + r.n, 0);
}

/** A whole, parseable body: JSON, or server-sent events that all parse and end with [DONE]. */
function wellFormed(body: string, stream: boolean): boolean {
  try {
    if (!stream) return JSON.parse(body) !== null;
    const data = body
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim());
    if (data[data.length - 1] !== '[DONE]') return false;
    data.slice(0, -1).forEach((d) => JSON.parse(d));
    return true;
  } catch {
    return false;
  }
}
