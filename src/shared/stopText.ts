// Why a run stopped drawing, in words, for the CLI and the panel alike.
import type { StopInfo } from './events';

/** "settled: 6 of 16, leading answer's probability 0.97", or with `unspent` "settled: 10 unspent, ...". */
export function stopText(stopped: StopInfo, unspent = false): string {
  const amount = unspent ? `${stopped.ceiling - stopped.spent} unspent` : `${stopped.spent} of ${stopped.ceiling}`;
  if (stopped.reason === 'settled') return `settled: ${amount}, leading answer's probability ${(stopped.confidence ?? 1).toFixed(2)}`;
  if (stopped.reason === 'low-gain')
    return `low gain: ${amount}, drawing to ${stopped.ceiling} would add ${(stopped.gain ?? 0).toFixed(2)} to the chance of a right answer`;
  return `${stopped.reason}: ${amount}`;
}
