// The stopping rules of adaptive compute, on one seeded Monte Carlo over a Dirichlet posterior on the
// answer shares (one flat prior per answer seen, plus one for every answer not yet seen). Each draw
// completes the run to its ceiling with the shares it drew. Settled: the fraction of draws in which
// today's leader still leads at the ceiling (a tie counts against it; Adaptive-Consistency, Aggarwal et
// al. 2023; ESC, Li et al. 2024). Gain: the expected rise in the chance of a right answer from drawing to
// the ceiling, taking the answer a draw's shares favour to be right with its share of them (the vote's
// agreement as its confidence, Wang et al. 2023), so a vote that scatters over many answers is not worth
// completing either. With verifier scores each future sample adds its answer's mean score, as
// weighted best-of-N would count it. Pure: the same votes give the same verdicts, whatever the timing.
import { hash32, mulberry32 } from '../../shared/seededRandom';

/** One answer group of the current vote. */
export interface VoteTally {
  /** Samples that gave this answer. */
  count: number;
  /** Its weight in the vote: the count for majority, the sum of scores for weighted best-of-N. */
  weight: number;
}

export interface SettledQuery {
  /** Every answer group, in any order; an empty vote is never settled. */
  votes: readonly VoteTally[];
  /** Samples drawn so far (those without an answer included). */
  drawn: number;
  /** The most the run may draw. */
  ceiling: number;
  /** `weight` is a sum of scores (weighted vote) rather than a count. */
  weighted: boolean;
}

/** Monte-Carlo draws per check: the confidence's standard error stays under 0.01 at 0.95. */
const DRAWS = 2000;

/** What drawing the rest of the ceiling can still do to the vote. */
export interface VoteOutlook {
  /** P(the current leader is still the leader once the run has drawn `ceiling` samples). */
  confidence: number;
  /** Expected gain in P(the vote's answer is right) from drawing to the ceiling rather than stopping now. */
  gain: number;
}

/** The settled confidence and the gain of one vote; an empty vote is never settled and always worth drawing on. */
export function voteOutlook(query: SettledQuery): VoteOutlook {
  const { votes, drawn, ceiling, weighted } = query;
  const remaining = Math.max(0, ceiling - drawn);
  if (votes.length === 0) return { confidence: 0, gain: 1 };
  const leader = leaderIndex(votes);
  if (remaining === 0) return { confidence: 1, gain: 0 };
  const counted = votes.reduce((n, v) => n + v.count, 0);
  // Future weight per sample of each group: 1 for majority, the group's mean score when weighted.
  const meanScore = counted ? votes.reduce((w, v) => w + v.weight, 0) / counted : 1;
  const perSample = votes.map((v) => (weighted ? (v.count ? v.weight / v.count : 0) : 1));
  // The unseen answers are lumped into one rival (conservative: they could all agree), worth the mean score;
  // samples without an answer (drawn - counted) are not a category: they only shrink the shares seen.
  const alphas = [...votes.map((v) => 1 + v.count), 1];
  const unseenPerSample = weighted ? meanScore : 1;
  const random = mulberry32(hash32('settled', ceiling, drawn, weighted ? 1 : 0, ...votes.flatMap((v) => [v.count, v.weight])));
  const shares = new Array<number>(alphas.length);
  let stays = 0;
  let gain = 0;
  for (let d = 0; d < DRAWS; d++) {
    let total = 0;
    for (let k = 0; k < alphas.length; k++) total += shares[k] = gamma(alphas[k], random);
    const final = [...votes.map((v) => v.weight), 0];
    const finalCounts = [...votes.map((v) => v.count), 0];
    for (let r = 0; r < remaining; r++) {
      let u = random() * total;
      let k = 0;
      while (k < shares.length - 1 && (u -= shares[k]) > 0) k++;
      final[k] += k === votes.length ? unseenPerSample : perSample[k];
      finalCounts[k]++;
    }
    if (final.every((w, k) => k === leader || w < final[leader])) stays++;
    // The answer this draw's shares favour (the unseen lump too), right with its share of the vote's weight.
    const worth = shares.map((s, k) => s * (k === votes.length ? unseenPerSample : perSample[k]));
    const favoured = leaderIndex(worth.map((w, k) => ({ count: shares[k], weight: w })));
    const right = worth[favoured] / worth.reduce((a, b) => a + b, 0);
    const finalLeader = leaderIndex(final.map((w, k) => ({ count: finalCounts[k], weight: w })));
    gain += right * (Number(finalLeader === favoured) - Number(leader === favoured));
  }
  return { confidence: stays / DRAWS, gain: gain / DRAWS };
}

/**
 * Best-of-N's settled confidence. Its answer is the top-scored sample's, so it changes only if the top score
 * of all `ceiling` samples is among those not yet drawn, which for exchangeable samples has probability
 * (ceiling - drawn) / ceiling whatever the scores' distribution, and that sample gives another answer, taken
 * to be as likely as for any sample: the posterior mean share of the other answers under a flat prior. So
 * even a unanimous vote needs about an eighth of its ceiling (0.95 at 8 of 16, 16 of 128).
 */
export function topScoreConfidence(query: SettledQuery): number {
  const { votes, drawn, ceiling } = query;
  if (votes.length === 0) return 0;
  if (drawn >= ceiling) return 1;
  const counted = votes.reduce((n, v) => n + v.count, 0);
  const others = counted - votes[leaderIndex(votes)].count;
  return 1 - ((ceiling - drawn) / ceiling) * ((others + 1) / (counted + 2));
}

/** The group the vote would choose now: the largest weight, then the most samples, then the first (as selectAnswer). */
export function leaderIndex(votes: readonly VoteTally[]): number {
  let best = 0;
  for (let k = 1; k < votes.length; k++) {
    const a = votes[k];
    const b = votes[best];
    if (a.weight > b.weight || (a.weight === b.weight && a.count > b.count)) best = k;
  }
  return best;
}

/** Gamma(alpha, 1) for alpha >= 1 (Marsaglia and Tsang 2000), with a Box-Muller normal. */
function gamma(alpha: number, random: () => number): number {
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Samples per wave: enough checks to stop early (about eight per run), at most the concurrency so one wave
 * keeps the endpoint busy without queueing. At least four samples when only settled votes stop (fewer cannot
 * settle at the usual confidences), two when a low gain stops too (two answers can already say enough).
 */
export function waveSize(ceiling: number, concurrency: number, gainRule: boolean): number {
  return Math.max(1, Math.min(concurrency, Math.max(gainRule ? 2 : 4, Math.ceil(ceiling / 8))));
}
