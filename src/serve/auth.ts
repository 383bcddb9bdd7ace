// The optional bearer token (PONDER_SERVE_TOKEN): every /v1 request must carry `Authorization: Bearer
// <token>`. Compared through SHA-256 digests with timingSafeEqual, so timing reveals nothing of it.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ServeError } from './errors';

export const TOKEN_ENV = 'PONDER_SERVE_TOKEN';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** A check for `token`, or one that lets everything through when no token is set. */
export function bearerCheck(token: string | undefined): (headers: IncomingHttpHeaders) => void {
  if (!token) return () => {};
  const expected = digest(token);
  return (headers) => {
    const given = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return;
    throw new ServeError(
      401,
      given === undefined
        ? `this ponder serve needs a bearer token: send the header "Authorization: Bearer <token>" with the value of ${TOKEN_ENV} it was started with (in the openai package: apiKey)`
        : `the bearer token is wrong: use the value of ${TOKEN_ENV} that ponder serve was started with`,
      'invalid_request_error',
      'invalid_api_key',
    );
  };
}
