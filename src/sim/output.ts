// Turns a sampled continuation into what the API returns: cut at the first stop string (excluded),
// then at max_tokens (finish_reason `length`, exactly max_tokens tokens), with per-token logprobs.
import { hash32, unitHash } from './random';
import { tokenize } from './tokenizer';

export type FinishReason = 'stop' | 'length';

export interface ShapedOutput {
  text: string;
  tokens: string[];
  finishReason: FinishReason;
  /** vLLM's `stop_reason`: the stop string that ended the text, or null (end of sequence, or length). */
  stopReason: string | null;
}

/**
 * `minTokens` (vLLM, vllm/v1/engine/detokenizer.py): a stop string counts only if it ends after the
 * first `minTokens` tokens.
 */
export function shapeOutput(full: string, stops: string[], maxTokens: number, minTokens = 0): ShapedOutput {
  let cut = full.length;
  let stopReason: string | null = null;
  const shielded = minTokens > 0 ? tokenize(full).slice(0, minTokens).join('').length : 0;
  for (const stop of stops) {
    if (!stop) continue;
    const at = full.indexOf(stop, Math.max(0, shielded - stop.length + 1));
    if (at >= 0 && at < cut) {
      cut = at;
      stopReason = stop;
    }
  }
  const tokens = tokenize(full.slice(0, cut));
  if (tokens.length > maxTokens) {
    const kept = tokens.slice(0, maxTokens);
    return { text: kept.join(''), tokens: kept, finishReason: 'length', stopReason: null };
  }
  return { text: full.slice(0, cut), tokens, finishReason: 'stop', stopReason };
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  /** Alternatives, most likely first; the sampled token is among them. */
  top: Array<{ token: string; logprob: number }>;
}

const ALTERNATIVES = [
  ' the',
  ' we',
  ',',
  '.',
  ' a',
  ' is',
  '\n',
  ' of',
  ' to',
  ' and',
  ' $',
  ' =',
  ' x',
  ' 1',
  ' 2',
  'The',
  ' that',
  ' this',
  ' so',
  ' by',
];

/** Deterministic pseudo logprobs for the sampled tokens (labelled simulated: they carry no information). */
export function tokenLogprobs(tokens: string[], key: string, topCount: number): TokenLogprob[] {
  return tokens.map((token, i) => {
    const logprob = -3 * unitHash('lp', key, i) ** 3;
    const top = [{ token, logprob }];
    let next = logprob;
    for (let j = hash32('alt', key, i) % ALTERNATIVES.length; top.length < topCount; j = (j + 1) % ALTERNATIVES.length) {
      const alt = ALTERNATIVES[j];
      if (top.some((t) => t.token === alt)) continue;
      next -= 0.5 + 2 * unitHash('gap', key, i, top.length);
      top.push({ token: alt, logprob: next });
    }
    return { token, logprob, top: top.slice(0, Math.max(topCount, 0)) };
  });
}

export function utf8Bytes(token: string): number[] {
  return [...Buffer.from(token, 'utf8')];
}
