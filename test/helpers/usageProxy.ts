// A transparent HTTP proxy that adds up the `usage` every response of a server reports (JSON bodies and
// the SSE chunks of streams, one record per choice on llama.cpp), so a test can compare Ponder's token
// counts with the server's own, and the text the server streamed, so a test knows whether there was any
// to relay. Listens on 127.0.0.1; close() stops it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UsageProxy {
  url: string;
  promptTokens: number;
  completionTokens: number;
  /** Responses that were server-sent event streams. */
  streams: number;
  /** Characters of text in the streamed chunks (`delta.content` or `text` of every choice). */
  streamedChars: number;
  /** Requests per path, and each request body's `n`. */
  requests: Array<{ path: string; n: number; status: number }>;
  close(): Promise<void>;
}

/** `counted(body)` says which requests' usage to add up (default: all). */
export async function startUsageProxy(
  target: string,
  counted: (body: Record<string, unknown>) => boolean = () => true,
): Promise<UsageProxy> {
  const base = new URL(target);
  const proxy: UsageProxy = {
    url: '',
    promptTokens: 0,
    completionTokens: 0,
    streams: 0,
    streamedChars: 0,
    requests: [],
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
  const count = (json: unknown) => {
    const usage = (json as { usage?: { prompt_tokens?: number; completion_tokens?: number } } | null)?.usage;
    if (!usage) return;
    proxy.promptTokens += usage.prompt_tokens ?? 0;
    proxy.completionTokens += usage.completion_tokens ?? 0;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        // not JSON (GET)
      }
      const n = typeof json.n === 'number' ? json.n : 1;
      const record = { path: req.url ?? '', n, status: 0 };
      proxy.requests.push(record);
      const upstream = http.request(
        { host: base.hostname, port: base.port, method: req.method, path: req.url, headers: { ...req.headers, host: base.host } },
        (up) => {
          record.status = up.statusCode ?? 0;
          res.writeHead(up.statusCode ?? 502, up.headers);
          const parts: Buffer[] = [];
          up.on('data', (c: Buffer) => (parts.push(c), res.write(c)));
          up.on('end', () => {
            res.end();
            if (!/\/completions$/.test((req.url ?? '').split('?')[0]) || !counted(json)) return;
            const text = Buffer.concat(parts).toString('utf8');
            if ((up.headers['content-type'] ?? '').includes('text/event-stream')) {
              proxy.streams++;
              for (const line of text.split('\n')) {
                if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
                const chunk = safeJson(line.slice(6));
                count(chunk);
                proxy.streamedChars += streamedText(chunk).length;
              }
            } else count(safeJson(text));
          });
        },
      );
      upstream.on('error', (err) => (res.writeHead(502), res.end(String(err))));
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${base.pathname.replace(/\/$/, '')}`;
  return proxy;
}

/** The text a streamed chunk carries: chat `delta.content` or completions `text`, all choices. */
function streamedText(chunk: unknown): string {
  const choices = (chunk as { choices?: Array<{ delta?: { content?: unknown }; text?: unknown }> } | null)?.choices ?? [];
  return choices.map((c) => (typeof c.delta?.content === 'string' ? c.delta.content : typeof c.text === 'string' ? c.text : '')).join('');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
