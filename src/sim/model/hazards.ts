// Per-step error rates. Step k of a solution that is on track goes wrong with 1 - exp(-L share_k)
// (the crux step holds cruxShare of the log-risk, the others the rest evenly); a step after a wrong
// one gets back on track with the profile's recovery rate. L is solved for so that a whole solution
// ends right with the target pass rate.
import type { ProblemProfile } from './profile';

export interface StepPlan {
  /** P(step k goes wrong | on track before it), k = 1..steps (index 0 unused). */
  error: number[];
  /** P(step k gets back on track | wrong before it). */
  recovery: number;
}

interface Outcome {
  /** P(on track after the last step). */
  right: number;
  /** P(on track at the end after having gone wrong at least once). */
  recovered: number;
}

/** Where a solution ends, from its state before step `from` (1-based). */
export function outcomeFrom(plan: StepPlan, from: number, onTrack: boolean): Outcome {
  let clean = onTrack ? 1 : 0;
  let recovered = 0;
  let wrong = onTrack ? 0 : 1;
  for (let k = from; k < plan.error.length; k++) {
    const e = plan.error[k];
    const r = plan.recovery;
    [clean, recovered, wrong] = [clean * (1 - e), recovered * (1 - e) + wrong * r, (clean + recovered) * e + wrong * (1 - r)];
  }
  return { right: clean + recovered, recovered };
}

function planFor(logRisk: number, profile: ProblemProfile): StepPlan {
  const { steps, cruxStep, behaviour } = profile;
  const error = [0];
  for (let k = 1; k <= steps; k++) {
    const share = k === cruxStep ? behaviour.cruxShare : (1 - behaviour.cruxShare) / (steps - 1);
    error.push(1 - Math.exp(-logRisk * share));
  }
  return { error, recovery: profile.recoveryPerStep };
}

export function stepPlan(passRate: number, profile: ProblemProfile): StepPlan {
  let low = 0;
  let high = 60;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (outcomeFrom(planFor(mid, profile), 1, true).right > passRate) low = mid;
    else high = mid;
  }
  return planFor((low + high) / 2, profile);
}
