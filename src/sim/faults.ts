// Fault injection: per request, from the --*-rate options (seeded, in order of arrival) or asked
// for explicitly with the header `X-Ponder-Fault: fail|rate-limit|stall|truncate|malformed`.
import { SimHttpError } from './errors';
import type { SimOptions } from './options';
import { Rng } from './random';
import { FAULT_KINDS, type FaultKind } from './stats';

export const FAULT_HEADER = 'x-ponder-fault';

export class FaultPicker {
  private readonly rng: Rng;

  constructor(private readonly options: SimOptions) {
    this.rng = Rng.fromKey('faults', options.seed);
  }

  pick(header: string | string[] | undefined): FaultKind | null {
    if (header !== undefined) {
      const value = (Array.isArray(header) ? header[0] : header).trim().toLowerCase();
      if (value === '' || value === 'none') return null;
      if ((FAULT_KINDS as readonly string[]).includes(value)) return value as FaultKind;
      throw new SimHttpError(
        400,
        `X-Ponder-Fault: unknown fault '${value}'; use one of ${FAULT_KINDS.join(', ')}`,
        'invalid_request_error',
        'X-Ponder-Fault',
      );
    }
    const rates: Array<[FaultKind, number]> = [
      ['fail', this.options.failRate],
      ['rate-limit', this.options.rateLimitRate],
      ['stall', this.options.stallRate],
      ['truncate', this.options.truncateRate],
      ['malformed', this.options.malformedRate],
    ];
    if (rates.every(([, rate]) => rate === 0)) return null;
    for (const [kind, rate] of rates) if (rate > 0 && this.rng.chance(rate)) return kind;
    return null;
  }
}

export function faultError(kind: 'fail' | 'rate-limit'): SimHttpError {
  if (kind === 'fail') return new SimHttpError(500, 'ponder sim: simulated internal server error (fault injection)', 'server_error');
  return new SimHttpError(429, 'ponder sim: simulated rate limit (fault injection); retry after 1 s', 'rate_limit_exceeded', null, {
    'Retry-After': '1',
  });
}
