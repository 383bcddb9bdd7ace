// Difficulty bins (1 easy .. 5 hard) from the probe: the mean last-step verifier score, or, without
// scores, the share of the probe that agrees with the most common answer. Thresholds come from the policy.
import type { DifficultyBin } from '../shared/strategies';
import { groupAnswers } from './grading/index';

export interface DifficultyEstimate {
  bin: DifficultyBin;
  signal: 'verifier' | 'agreement' | 'fixed';
  value: number;
}

/** Four descending cut points: a value >= cuts[0] is bin 1, ... , below cuts[3] is bin 5. */
export type BinCuts = readonly [number, number, number, number];

export const FIXED_BIN: DifficultyBin = 3;

export function binFromValue(value: number, cuts: BinCuts): DifficultyBin {
  for (let i = 0; i < cuts.length; i++) if (value >= cuts[i]) return (i + 1) as DifficultyBin;
  return 5;
}

/** The share of answers in the largest equivalence group (answers of null never agree). */
export function agreement(answers: readonly (string | null)[]): number {
  if (answers.length === 0) return 0;
  const largest = Math.max(0, ...groupAnswers([...answers]).map((g) => g.members.length));
  return largest / answers.length;
}

export function estimateDifficulty(
  probe: readonly { answer: string | null; score?: number }[],
  thresholds: { verifier: BinCuts; agreement: BinCuts },
): DifficultyEstimate {
  if (probe.length === 0) return { bin: FIXED_BIN, signal: 'fixed', value: 0 };
  const scores = probe.map((p) => p.score).filter((s): s is number => s !== undefined);
  if (scores.length > 0) {
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    return { bin: binFromValue(mean, thresholds.verifier), signal: 'verifier', value: mean };
  }
  const share = agreement(probe.map((p) => p.answer));
  return { bin: binFromValue(share, thresholds.agreement), signal: 'agreement', value: share };
}
