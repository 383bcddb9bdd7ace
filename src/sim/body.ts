// Reads a JSON request body with a size limit. An oversized body is drained, not buffered, so the
// client gets a readable 413 instead of a reset connection.
import type { IncomingMessage } from 'node:http';
import { SimHttpError } from './errors';

/** `limitOption` names what raises the limit, for the 413's message. */
export async function readJsonBody(req: IncomingMessage, limit: number, limitOption = 'ponder sim --max-body-bytes'): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) {
    throw new SimHttpError(
      413,
      `request body of ${size} bytes is larger than the limit of ${limit} bytes (${limitOption})`,
      'invalid_request_error',
    );
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new SimHttpError(400, 'the request body is empty; send a JSON object', 'invalid_request_error');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new SimHttpError(
      400,
      `the request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      'invalid_request_error',
    );
  }
}
