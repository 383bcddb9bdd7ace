// What a replaying sim served: recordings, or the behaviour model's output standing in where nothing was
// recorded. Said in a response header on every reply of a --replay sim, so that nobody takes a simulated
// completion or score for a real one (strict replay serves recordings only, or refuses).
import { REPLAY_HEADER, type ReplayProvenance } from '../../shared/replayHeader';
import { stepTexts } from '../../shared/steps';
import { STEP_SEPARATOR } from '../model/steps';
import { resolvePrompt, type PromptParts } from '../prompt';
import { recordingsContinuing } from '../replay';
import type { RouteContext } from './context';

function header(provenance: Exclude<ReplayProvenance, 'unrecorded'>): Record<string, string> {
  return { [REPLAY_HEADER]: provenance };
}

/** The header for a policy reply (every choice alike: the sim replays a prompt when a recording continues it), or none without --replay. */
export function policyProvenance(context: RouteContext, parts: PromptParts): Record<string, string> {
  const replay = context.sim.replay;
  if (!replay) return {};
  if (context.strict) return header('recorded');
  const resolved = resolvePrompt(parts, context.sim.bank);
  const entry = replay.forProblem(resolved.problem);
  const recorded = entry !== undefined && recordingsContinuing(entry, stepTexts(resolved.prefix, STEP_SEPARATOR)).length > 0;
  return header(recorded ? 'recorded' : 'simulated');
}

/** The header for step scores: recorded when every step's score was, simulated when none was. */
export function scoreProvenance(context: RouteContext, solutions: readonly string[][]): Record<string, string> {
  const replay = context.sim.replay;
  if (!replay) return {};
  if (context.strict) return header('recorded');
  const prefixes = solutions.flatMap((steps) => steps.map((_, i) => steps.slice(0, i + 1)));
  const recorded = prefixes.filter((prefix) => replay.recordedScore(prefix) !== undefined).length;
  return header(recorded === prefixes.length ? 'recorded' : recorded === 0 ? 'simulated' : 'partly-simulated');
}
