// Scores each step of a written solution (`ponder score-steps`, `ponder/scoreSteps`).
import type { ScoreStepsResult } from '../shared/api';
import type { PonderSettings } from '../shared/settings';
import { splitSteps } from '../shared/steps';
import type { Verifier } from './verifiers/types';

export async function scoreSolution(
  settings: PonderSettings,
  verifier: Verifier,
  request: { problem: string; solution: string; signal?: AbortSignal },
): Promise<ScoreStepsResult> {
  const steps = splitSteps(request.solution, settings.verifier.stepDelimiter);
  if (steps.length === 0) return { steps: [], firstLowStep: null };
  const signal = request.signal ?? new AbortController().signal;
  const scores = await verifier.scoreSteps(
    request.problem,
    steps.map((s) => s.text),
    { signal },
  );
  const scored = steps.map((s, i) => ({ ...s, score: scores[i] }));
  const low = scored.find((s) => s.score < settings.verifier.lowScoreThreshold);
  return { steps: scored, firstLowStep: low ? low.index : null };
}
