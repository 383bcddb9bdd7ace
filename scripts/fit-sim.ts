// Fits the simulator's behaviour model to the real recordings in ../shared/data/real/ and writes the
// versioned profile src/sim/profiles/llama31-8b-math500.v1.json (with its provenance: files, their
// sha256, date, this script). `ponder sim` loads that profile by default. See docs/simulator.md.
//   npm run fit:sim [-- --out PATH]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { BUILT_IN_PROFILES, parseBehaviour, type Behaviour } from '../src/sim/model/behaviour';
import {
  difficultyBins,
  errorStats,
  majorityAt,
  passRate,
  readProcessBench,
  readRealBeams,
  readRealSamples,
  REAL_FILES,
  realDataDir,
  wrongAnswerStats,
  byLevel,
  stepScoreStats,
  type GradedProblem,
  type ScoredSolution,
} from '../src/sim/model/fidelity';
import { outcomeFrom } from '../src/sim/model/hazards';
import { continueSteps } from '../src/sim/model/policy';
import { novelShareAt, profileOf, type ProblemProfile } from '../src/sim/model/profile';
import { readStepState } from '../src/sim/model/steps';
import { scoreSteps } from '../src/sim/model/verifier';
import { WRONG_INDICES } from '../src/sim/model/wrong-answers';
import { normalizeText } from '../src/sim/problems';
import { logit, Rng, sigmoid } from '../src/sim/random';

const ROOT = join(__dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'src/sim/profiles/llama31-8b-math500.v1.json') } } });
const DATA = realDataDir(ROOT);
const path = (file: string) => join(DATA, file);
const sha256 = (file: string) =>
  createHash('sha256')
    .update(readFileSync(path(file)))
    .digest('hex');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Standard normal quadrature nodes (equal-probability midpoints), for expectations over the jitter. */
const NODES = Array.from({ length: 200 }, (_, i) => inverseNormal((i + 0.5) / 200));

function inverseNormal(p: number): number {
  // Acklam's rational approximation (relative error < 1.2e-9).
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(p, 1 - p);
  const r = Math.sqrt(-2 * Math.log(q));
  const tail =
    (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
  if (q < 0.02425) return p < 0.5 ? tail : -tail;
  const s = p - 0.5;
  const t = s * s;
  return (
    ((((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * s) /
    (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1)
  );
}

/** Mean and variance of sigmoid(x + sigma Z). */
function jitterMoments(x: number, sigma: number): { mean: number; variance: number } {
  const values = NODES.map((z) => sigmoid(x + sigma * z));
  const m = mean(values);
  return { mean: m, variance: mean(values.map((v) => (v - m) ** 2)) };
}

/** Levels' centre pass rates and the jitter s.d.: each level's mean pass@1, and the spread of true pass rates across problems. */
function fitDifficulty(problems: GradedProblem[]): { levelPassRate: number[]; problemJitter: number } {
  const levels = byLevel(problems).map((ps) => {
    const rates = ps.map(passRate);
    const n = ps[0]?.correct.length ?? 1;
    const m = mean(rates);
    // Between-problem variance of the true pass rates: observed variance minus binomial noise.
    const between = Math.max(0, mean(rates.map((r) => (r - m) ** 2)) - mean(rates.map((r) => r * (1 - r))) / (n - 1));
    return { count: ps.length, mean: m, between };
  });
  const centreFor = (target: number, sigma: number) => {
    let low = -15;
    let high = 15;
    for (let i = 0; i < 60; i++) {
      const mid = (low + high) / 2;
      if (jitterMoments(mid, sigma).mean < target) low = mid;
      else high = mid;
    }
    return (low + high) / 2;
  };
  let best = { loss: Infinity, sigma: 0 };
  for (let sigma = 0; sigma <= 5; sigma += 0.05) {
    const loss = levels.reduce((sum, l) => sum + l.count * (jitterMoments(centreFor(l.mean, sigma), sigma).variance - l.between) ** 2, 0);
    if (loss < best.loss) best = { loss, sigma };
  }
  return { levelPassRate: levels.map((l) => round(sigmoid(centreFor(l.mean, best.sigma)), 4)), problemJitter: round(best.sigma, 2) };
}

/**
 * Wrong answers: geometric distractor weights (ratio g over 8 distractors) and the novel share
 * sigmoid(logit(atHalf) + slope logit p), chosen so that, given each real problem's wrong samples,
 * the distinct wrong answers and top wrong answer's share match per difficulty bin and per level.
 */
function fitWrongAnswers(problems: GradedProblem[], base: Behaviour): Behaviour['wrongAnswers'] {
  // Majority over all of a problem's samples: whether the gold answer outnumbers every wrong one.
  const targets = [...difficultyBins(problems), ...byLevel(problems)].map((ps) => ({
    ps,
    stats: wrongAnswerStats(ps),
    majority: majorityAt(ps, 1000),
  }));
  const DISTRACTORS = 8;
  let best = { loss: Infinity, wrongAnswers: base.wrongAnswers };
  for (let g = 0.3; g <= 0.91; g += 0.1) {
    const distractorWeights = Array.from({ length: DISTRACTORS }, (_, d) => round(g ** d, 4));
    for (let atHalf = 0.05; atHalf < 0.99; atHalf += 0.1) {
      for (let slope = -1.5; slope <= 1.01; slope += 0.25) {
        for (const jitter of [0, 0.5, 1, 1.5, 2, 3]) {
          const wrongAnswers = { distractorWeights, novelAtHalf: round(atHalf, 2), novelSlope: round(slope, 2), novelJitter: jitter };
          const behaviour = { ...base, wrongAnswers };
          const rng = new Rng(1);
          const simulated = new Map<GradedProblem, GradedProblem[]>();
          const simulatedOf = (ps: GradedProblem[]) =>
            ps.flatMap((p) => {
              let s = simulated.get(p);
              if (!s) {
                s = drawWrongAnswers(p, behaviour, rng);
                simulated.set(p, s);
              }
              return s;
            });
          const loss = targets.reduce((sum, { ps, stats, majority }) => {
            const sim = wrongAnswerStats(simulatedOf(ps));
            const rel = (a: number, b: number) => (b > 0 ? (a - b) / b : 0);
            const vote = (majorityAt(simulatedOf(ps), 1000) - majority) / 0.1;
            return sum + rel(sim.distinctWrong, stats.distinctWrong) ** 2 + rel(sim.topWrongShare, stats.topWrongShare) ** 2 + vote ** 2;
          }, 0);
          if (loss < best.loss) best = { loss, wrongAnswers };
        }
      }
    }
  }
  return best.wrongAnswers;
}

/** Replicates of the real problem's samples, with its wrong ones' answers redrawn from the model. */
function drawWrongAnswers(p: GradedProblem, behaviour: Behaviour, rng: Rng): GradedProblem[] {
  const weights = behaviour.wrongAnswers.distractorWeights;
  return [0, 1, 2, 3].map(() => {
    const novel = novelShareAt(behaviour, passRate(p), rng.normal());
    return {
      ...p,
      group: p.correct.map((right) =>
        right ? -1 : rng.chance(novel) ? weights.length + rng.int(WRONG_INDICES - weights.length) : rng.weighted(weights),
      ),
    };
  });
}

/**
 * First errors and recovery (ProcessBench-MATH): for each crux share, the recovery rate that makes
 * the share of flawed solutions ending right match, over the 100 problems under the fitted
 * difficulty; then the crux share whose first-error positions (fifths of the solution) match best.
 */
function fitErrors(problems: GradedProblem[], base: Behaviour, target: ReturnType<typeof errorStats>) {
  const modelStats = (behaviour: Behaviour) => {
    let flawed = 0;
    let recovered = 0;
    const fifths = [0, 0, 0, 0, 0];
    for (const p of problems) {
      const profile = problemProfile(p, behaviour);
      const plan = profile.plan(profile.passRate);
      const outcome = outcomeFrom(plan, 1, true);
      const clean = outcome.right - outcome.recovered;
      flawed += 1 - clean;
      recovered += outcome.recovered;
      let onTrack = 1;
      for (let k = 1; k <= profile.steps; k++) {
        fifths[Math.min(4, Math.floor((5 * (k - 1)) / profile.steps))] += onTrack * plan.error[k];
        onTrack *= 1 - plan.error[k];
      }
    }
    const total = fifths.reduce((a, b) => a + b, 0);
    return { recovery: recovered / flawed, fifths: fifths.map((f) => f / total) };
  };
  let best = { loss: Infinity, cruxShare: base.cruxShare, recovery: base.recovery, fifths: [] as number[] };
  for (let cruxShare = 0; cruxShare <= 1.001; cruxShare += 0.05) {
    let low = 0;
    let high = 0.99;
    for (let i = 0; i < 30; i++) {
      const mid = (low + high) / 2;
      if (modelStats({ ...base, cruxShare, recovery: mid }).recovery < target.recovery) low = mid;
      else high = mid;
    }
    const recovery = (low + high) / 2;
    const stats = modelStats({ ...base, cruxShare, recovery });
    const loss = stats.fifths.reduce((sum, f, i) => sum + (f - target.firstErrorFifths[i]) ** 2, 0);
    if (loss < best.loss) best = { loss, cruxShare: round(cruxShare, 2), recovery: round(recovery, 4), fifths: stats.fifths };
  }
  return best;
}

/** Verifier: score levels from the real PRM's log-odds; the final step's noise so that the binormal AUROC is the real one. */
function fitVerifier(beams: ScoredSolution[], auc: { lastStep: number }, base: Behaviour): Behaviour['verifier'] {
  const clip = (s: number) => logit(Math.min(Math.max(s, 1 / 512), 1 - 1 / 512));
  const lastOf = (right: boolean) =>
    beams.filter((b) => b.correct === right && b.scores.length).map((b) => clip(b.scores[b.scores.length - 1]));
  const middleOf = (right: boolean) => beams.filter((b) => b.correct === right).flatMap((b) => b.scores.slice(0, -1).map(clip));
  const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
  const finalRightMean = mean(lastOf(true));
  const finalWrongMean = mean(lastOf(false));
  // Binormal with equal variances: AUROC = Phi(gap / (sigma sqrt 2)).
  const finalNoise = (finalRightMean - finalWrongMean) / (Math.SQRT2 * inverseNormal(auc.lastStep));
  const right = middleOf(true);
  const all = beams.flatMap((b) => b.scores.map(clip));
  return {
    ...base.verifier,
    stepRightMean: round(mean(right), 3),
    stepNoise: round(sd(right), 3),
    finalRightMean: round(finalRightMean, 3),
    finalWrongMean: round(finalWrongMean, 3),
    finalNoise: round(finalNoise, 3),
    unknownMean: round(mean(all), 3),
  };
}

async function format(json: string, file: string): Promise<string> {
  const prettier = await import('prettier');
  return prettier.format(json, { ...(await prettier.resolveConfig(file)), parser: 'json' });
}

function problemProfile(p: GradedProblem, behaviour: Behaviour): ProblemProfile {
  return profileOf({ text: p.problem, key: normalizeText(p.problem), answer: p.answer, level: p.level, known: true }, 0, behaviour);
}

/**
 * The share of mistakes the PRM notices, such that intermediate step scores of the model's own
 * samples (16 per problem, labelled by their solution's outcome) separate as the real PRM's do.
 */
function fitVisibleRate(problems: GradedProblem[], behaviour: Behaviour, target: number): number {
  const aurocAt = (visibleRate: number) => {
    const b = { ...behaviour, verifier: { ...behaviour.verifier, visibleRate } };
    const solutions: ScoredSolution[] = problems.flatMap((p, i) => {
      const profile = problemProfile(p, b);
      return Array.from({ length: 16 }, (_, j) => {
        const steps = continueSteps({ profile, attempts: [], prefix: '', greedy: false }, Rng.fromKey('fit', i, j));
        const last = readStepState(steps[steps.length - 1]);
        return { correct: last.kind === 'on-track', scores: scoreSteps(steps, b, 0) };
      });
    });
    return stepScoreStats(solutions).intermediate;
  };
  let low = 0;
  let high = 1;
  if (aurocAt(high) < target) return 1;
  for (let i = 0; i < 14; i++) {
    const mid = (low + high) / 2;
    if (aurocAt(mid) < target) low = mid;
    else high = mid;
  }
  return round((low + high) / 2, 3);
}

const started = Date.now();
const samples = readRealSamples(path(REAL_FILES.samples));
const beams = readRealBeams(path(REAL_FILES.beams));
const processBench = errorStats(readProcessBench(path(REAL_FILES.processBench)));
const paper = BUILT_IN_PROFILES['paper-shaped.v1'];
const difficulty = fitDifficulty(samples);
let fitted: Behaviour = { ...paper, ...difficulty };
fitted = { ...fitted, wrongAnswers: fitWrongAnswers(samples, fitted) };
const errors = fitErrors(samples, fitted, processBench);
fitted = { ...fitted, cruxShare: errors.cruxShare, recovery: errors.recovery };
const realAuc = stepScoreStats(beams);
fitted = { ...fitted, verifier: fitVerifier(beams, realAuc, fitted) };
fitted = { ...fitted, verifier: { ...fitted.verifier, visibleRate: fitVisibleRate(samples, fitted, realAuc.intermediate) } };

const profile = parseBehaviour(
  {
    ...fitted,
    name: 'llama31-8b-math500',
    version: 1,
    provenance: {
      kind: 'fitted',
      description:
        'Fitted to real recordings: Llama-3.1-8B-Instruct samples on the first 100 MATH-500 problems (difficulty, wrong answers), ProcessBench-MATH (first errors, recovery), and Llama-3.2-3B beams with real PRM scores (step-score levels and discrimination).',
      date: new Date().toISOString().slice(0, 10),
      script: 'scripts/fit-sim.ts (npm run fit:sim)',
      sources: Object.values(REAL_FILES).map((file) => ({ file: relative(ROOT, path(file)), sha256: sha256(file) })),
      notes: [
        `levelPassRate, problemJitter: each level's mean pass@1 (${byLevel(samples)
          .map((ps) => round(mean(ps.map(passRate)), 3))
          .join(', ')}) and the spread of true pass rates across problems (observed variance minus binomial noise), ${REAL_FILES.samples}.`,
        `wrongAnswers: distinct wrong answers and the top wrong answer's share per difficulty bin and level, given each problem's real wrong samples, ${REAL_FILES.samples}.`,
        `recovery: ${(100 * processBench.recovery).toFixed(1)}% of ${processBench.flawed} flawed ProcessBench-MATH solutions still reach the right answer; cruxShare: first-error positions by fifth of the solution (${processBench.firstErrorFifths.map((f) => f.toFixed(3)).join(', ')}), ${REAL_FILES.processBench}.`,
        `verifier: step and final score levels are the real PRM's mean log-odds; finalNoise gives the real last-step AUROC (${realAuc.lastStep.toFixed(3)}), visibleRate the real intermediate-step AUROC (${realAuc.intermediate.toFixed(3)}), ${REAL_FILES.beams} (beam-search outputs, not samples).`,
        'Not fitted (no data here; values of the paper-shaped profile): steps per solution, revisions, confident leaps and the verifier\u2019s tone bonus, stepWrongMean.',
      ],
    },
  },
  'fit-sim output',
);
// Written as the repository's formatter writes JSON, so that `npm run lint` stays clean after a refit.
void format(JSON.stringify(profile, null, 2), values.out).then((text) => writeFileSync(values.out, text));
process.stdout.write(
  [
    `fitted in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${relative(ROOT, values.out)}`,
    `levelPassRate ${profile.levelPassRate.join(', ')}; problemJitter ${profile.problemJitter}`,
    `wrongAnswers ${JSON.stringify(profile.wrongAnswers)}`,
    `cruxShare ${profile.cruxShare}, recovery ${profile.recovery}; first-error fifths model ${errors.fifths.map((f) => f.toFixed(3)).join(', ')} vs real ${processBench.firstErrorFifths.map((f) => f.toFixed(3)).join(', ')}`,
    `verifier ${JSON.stringify(profile.verifier)}`,
  ].join('\n') + '\n',
);
