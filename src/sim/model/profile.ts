// A problem's latent behaviour under a behaviour profile: how likely a sampled solution is right,
// how many steps it takes, where its mistakes happen, how often a wrong solution gets back on track,
// and the wrong answers it ends on.
import type { Problem } from '../problems';
import { hash32, logit, normalHash, sigmoid } from '../random';
import type { Behaviour } from './behaviour';
import { stepPlan, type StepPlan } from './hazards';
import { WrongAnswers } from './wrong-answers';

export interface ProblemProfile {
  problem: Problem;
  behaviour: Behaviour;
  /** P(a sampled solution ends in the gold answer). */
  passRate: number;
  steps: number;
  /** The 1-based step where most mistakes happen (see Behaviour.cruxShare). */
  cruxStep: number;
  /** P(a wrong solution's answer is novel rather than one of the distractors). */
  novelShare: number;
  /** P(a wrong solution gets back on track at each later step). */
  recoveryPerStep: number;
  wrongAnswers: WrongAnswers;
  /** Per-step error rates that give a whole solution the target pass rate (cached per target). */
  plan(passRate: number): StepPlan;
}

/** Clamped log-odds, so that pass rates of 0 or 1 stay finite. */
export function safeLogit(p: number): number {
  return logit(Math.min(Math.max(p, 1e-6), 1 - 1e-6));
}

/** Pass rates are clamped to this distance from 0 and 1 where they set the novel share: the range 44 samples can tell apart. */
const NOVEL_RATE_FLOOR = 0.02;

/** The share of novel wrong answers on a problem of this pass rate (`z`: the problem's standard normal jitter). */
export function novelShareAt(behaviour: Behaviour, passRate: number, z: number): number {
  const { novelAtHalf, novelSlope, novelJitter } = behaviour.wrongAnswers;
  const p = Math.min(Math.max(passRate, NOVEL_RATE_FLOOR), 1 - NOVEL_RATE_FLOOR);
  return novelAtHalf === 0 ? 0 : sigmoid(logit(novelAtHalf) + novelSlope * logit(p) + novelJitter * z);
}

export function profileOf(problem: Problem, skill: number, behaviour: Behaviour): ProblemProfile {
  const base = behaviour.levelPassRate[problem.level - 1];
  const jitter = behaviour.problemJitter * normalHash('difficulty', problem.key);
  const steps = behaviour.stepsBase + problem.level + (hash32('steps', problem.key) % behaviour.stepsSpread);
  const passRate = sigmoid(logit(base) + jitter + skill);
  const plans = new Map<number, StepPlan>();
  const profile: ProblemProfile = {
    problem,
    behaviour,
    passRate,
    steps,
    cruxStep: 1 + (hash32('crux', problem.key) % (steps - 1)),
    novelShare: novelShareAt(behaviour, passRate, normalHash('novel', problem.key)),
    recoveryPerStep: behaviour.recovery * passRate,
    wrongAnswers: new WrongAnswers(problem.answer, problem.key),
    plan(target: number): StepPlan {
      let plan = plans.get(target);
      if (!plan) {
        plan = stepPlan(target, profile);
        plans.set(target, plan);
      }
      return plan;
    },
  };
  return profile;
}
