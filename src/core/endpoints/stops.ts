// How a choice ended, from what each server reports: vLLM's `stop_reason` (the stop string, a stop
// token id, or null at end of sequence), SGLang's `matched_stop` (the stop string, or the EOS token id),
// and everywhere `finish_reason` ("stop" for both a stop string and the end of the sequence).

export type StopKind = 'eos' | 'stop-string' | 'length' | 'unknown';

export function stopKind(choice: object, stops: readonly string[] = []): StopKind {
  const finish = (choice as { finish_reason?: unknown }).finish_reason;
  if (finish === 'length') return 'length';
  if (finish !== 'stop') return 'unknown';
  for (const field of ['stop_reason', 'matched_stop'] as const) {
    if (!(field in choice)) continue;
    const value: unknown = (choice as Record<string, unknown>)[field];
    if (typeof value === 'string') return stops.length === 0 || stops.includes(value) ? 'stop-string' : 'unknown';
    if (typeof value === 'number' || value === null) return 'eos';
  }
  return 'unknown';
}
