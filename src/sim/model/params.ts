// The behaviour model's parameters, documented in docs/simulator.md. Defaults are tuned so that
// MATH-500 pass@1 falls from about 0.9 (level 1) to about 0.1 (level 5) and the verifier's
// last-step score separates correct from wrong solutions with an AUROC near 0.75.
export const BEHAVIOUR = {
  /** Mean P(a sampled solution is correct) for levels 1..5 before per-problem jitter. */
  levelPassRate: [0.94, 0.76, 0.52, 0.28, 0.08],
  /** Standard deviation of each problem's jitter on the log-odds of a correct solution. */
  problemJitter: 0.5,
  /** Steps in a solution: stepsBase + level + (hash of problem mod stepsSpread). */
  stepsBase: 2,
  stepsSpread: 3,
  /** Relative frequency of each distractor when a solution goes wrong (wrong answers cluster). */
  distractorWeights: [0.62, 0.26, 0.12],
  /** Revisions. A wrong last attempt is fixed with p + fixGain * p * (1 - p), so easy problems gain most. */
  revisionFixGain: 0.6,
  /** A correct last attempt is broken with breakBase + breakSlope * (1 - p) (the paper saw this too). */
  revisionBreakBase: 0.03,
  revisionBreakSlope: 0.2,
  /** When a revision goes wrong, it repeats the last attempt's distractor with this probability. */
  revisionSameDistractor: 0.5,
  /** Probability that a step is written in a confident style ("Clearly, ... certainly correct."), independent of correctness. */
  confidentRate: 0.3,
  /** Extra filler sentences per step: 0..maxFiller, uniformly. */
  maxFiller: 3,
  verifier: {
    /** Log-odds mean of a correct (on-track) step's score; lowered by hardnessPenalty * (1 - p). */
    correctMean: 1.7,
    hardnessPenalty: 0.6,
    /** Log-odds mean of a step after the solution has gone wrong. */
    wrongMean: 0.35,
    /** Log-odds mean of a step whose correctness cannot be known (text the sim did not write, no gold). */
    unknownMean: 1.0,
    /** Standard deviation of the per-step log-odds noise. */
    noise: 1.0,
    /** The exploitable bias: log-odds added to confident-sounding steps, whether or not they are right. */
    confidentBonus: 1.0,
  },
} as const;
