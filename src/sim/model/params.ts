// The behaviour model's parameters, documented in docs/simulator.md. Defaults are tuned (with
// scripts/sim-strategies.ts) so that MATH-500 pass@1 falls from about 0.9 (level 1) to about 0.1
// (level 5), the last-step score separates correct from wrong solutions with an AUROC near 0.75
// while single steps are weak evidence, and the strategies rank as in Snell et al. (2024).
export const BEHAVIOUR = {
  /** Mean P(a sampled solution is correct) for levels 1..5 before per-problem jitter. */
  levelPassRate: [0.94, 0.76, 0.52, 0.28, 0.08],
  /** Standard deviation of each problem's jitter on the log-odds of a correct solution. */
  problemJitter: 0.5,
  /** Steps in a solution: stepsBase + level + (hash of problem mod stepsSpread). */
  stepsBase: 2,
  stepsSpread: 3,
  /**
   * Share of a solution's risk of going wrong that sits on one crux step per problem (a hash picks
   * which, never the last): the key insight. The other steps share the rest evenly.
   */
  cruxShare: 0.85,
  /** Relative frequency of each distractor when a solution goes wrong (wrong answers cluster). */
  distractorWeights: [0.45, 0.22, 0.15, 0.1, 0.08],
  /**
   * Revisions. The next attempt's log-odds of being right is the problem's, shifted by
   * revisionKeepShift after a correct last attempt, and by revisionFixShift + revisionFixSlope * (p - 1/2)
   * after a wrong one: the model fixes its mistakes on easy problems and is anchored to them on
   * hard ones. A correct attempt is broken with P = 1 - sigmoid(logit(p) + keep shift): rarely on
   * easy problems, often on hard ones.
   */
  revisionKeepShift: 1.2,
  revisionFixShift: 0,
  revisionFixSlope: 3,
  /** When a revision goes wrong, it repeats the last attempt's distractor with this probability. */
  revisionSameDistractor: 0.7,
  /**
   * Probability that a step is a confident leap ("Clearly, ... This is certainly correct."): rare in
   * sampling, and the feature the verifier's bias rewards (toneBonus), so search finds and keeps it.
   */
  confidentRate: 0.003,
  /** A confident leap skips the work: it goes wrong with at least this probability, whatever the problem. */
  confidentError: 0.6,
  /** Extra filler sentences per step: 0..maxFiller, uniformly. */
  maxFiller: 3,
  verifier: {
    /** Log-odds mean of an intermediate step that is on track (or whose mistake the PRM missed), on the easiest problems. */
    stepRightMean: 1.6,
    /** Log-odds mean of an intermediate step after a mistake the PRM noticed. */
    stepWrongMean: -0.4,
    /** P(the PRM notices a mistake in the steps that follow it) = visibleBase + visibleSlope * p. */
    visibleBase: 0.6,
    visibleSlope: 0.4,
    /** Standard deviation of the log-odds noise of intermediate steps. */
    stepNoise: 0.7,
    /** Log-odds mean of a final (boxed) step with the right answer, on the easiest problems. */
    finalRightMean: 2.0,
    /** Log-odds mean of a final step with a wrong answer. */
    finalWrongMean: -0.6,
    /** Standard deviation of the log-odds noise of final steps. */
    finalNoise: 1.8,
    /**
     * The PRM is weaker where the policy is weak: a right step's mean is the wrong mean plus the
     * gap (right mean - wrong mean) * (1 - hardness * (1 - p)), so little of the gap is left at p near 0.
     */
    hardness: 0.85,
    /** Log-odds mean of a step whose correctness cannot be known (text the sim did not write, no gold). */
    unknownMean: 1.0,
    /** The exploitable bias: log-odds added to a confident step and to every step after it (the PRM stays swayed). */
    toneBonus: 2.5,
  },
} as const;
