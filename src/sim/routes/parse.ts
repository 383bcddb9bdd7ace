// Validates a request body against its schema, turning zod's complaint into a 400 naming the field.
import type { z } from 'zod';
import { SimHttpError } from '../errors';
import { describeIssue } from '../schemas';

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SimHttpError(400, 'the request body must be a JSON object');
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const { message, param } = describeIssue(parsed.error);
    throw new SimHttpError(400, message, 'invalid_request_error', param);
  }
  return parsed.data;
}

export function stopList(stop: string | string[] | null | undefined): string[] {
  if (stop == null) return [];
  return typeof stop === 'string' ? [stop] : stop;
}
