// Server-sent events as OpenAI streams them: one `data: <json>` frame per chunk, `data: [DONE]` last.
// Writes after the client left are dropped (the run is being cancelled by then).
import type { ServerResponse } from 'node:http';
import type { OpenAiErrorBody } from './errors';

export class SseWriter {
  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.flushHeaders();
  }

  get open(): boolean {
    return !this.res.destroyed && !this.res.writableEnded;
  }

  send(payload: object): void {
    if (this.open) this.res.write(`data: ${JSON.stringify(payload)}\n\n`);
  }

  /** An error after the headers went out: OpenAI's error object as a frame (the `openai` package raises it), then the end. */
  fail(error: OpenAiErrorBody): void {
    this.send(error);
    if (this.open) this.res.end();
  }

  done(): void {
    if (this.open) this.res.end('data: [DONE]\n\n');
  }
}
