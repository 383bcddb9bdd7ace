// The simulated models behind the HTTP endpoints: the policy (samples continuations) and the
// verifier (scores steps). Pure computation, no I/O after construction.
import { loadBehaviour, type Behaviour } from './model/behaviour';
import { continueSteps } from './model/policy';
import { profileOf, type ProblemProfile } from './model/profile';
import { stepTexts } from '../shared/steps';
import { STEP_SEPARATOR } from './model/steps';
import { scoreSteps } from './model/verifier';
import type { SimOptions } from './options';
import { loadProblems, normalizeText, ProblemBank, unknownProblem, type Problem } from './problems';
import { resolvePrompt, type PromptParts } from './prompt';
import { hash32, Rng, shuffledIndices } from './random';
import { recordingsContinuing, ReplayBank, type ReplayProblem } from './replay';
import { withThinking } from './thinking';

export interface Sampling {
  temperature: number;
  /** The request's `seed`, or null. */
  seed: number | null;
  n: number;
  stops: string[];
  /**
   * A real model's behaviour (with --emulate): a continued partial answer that does not end with
   * the step separator gets the separator first, even when the request stops at it.
   */
  separatorFirst?: boolean;
  /** OpenAI's `reasoning_effort` (with --thinking: scales how long the model thinks). */
  effort?: string;
}

export class Simulator {
  readonly bank: ProblemBank;
  /** The behaviour profile (--profile; the fitted one by default). */
  readonly behaviour: Behaviour;
  private readonly profiles = new Map<string, ProblemProfile>();
  private samplesDrawn = 0;

  constructor(
    readonly options: SimOptions,
    problems: Problem[],
    readonly replay: ReplayBank | null,
  ) {
    this.behaviour = loadBehaviour(options.profile);
    const all = [...problems];
    const known = new Set(problems.map((p) => p.key));
    for (const r of replay?.problems ?? []) {
      const key = normalizeText(r.problemText);
      if (known.has(key)) continue;
      // A replayed problem without a gold answer keeps a hashed one; its recordings are still served.
      const fallback = unknownProblem(r.problemText);
      const level = r.level !== undefined && r.level >= 1 && r.level <= 5 ? r.level : fallback.level;
      all.push({ ...fallback, answer: r.answer ?? fallback.answer, level, known: r.answer !== undefined });
      known.add(key);
    }
    this.bank = new ProblemBank(all);
  }

  static fromOptions(options: SimOptions): Simulator {
    const problems = options.problems ? loadProblems(options.problems) : [];
    const replay = options.replay ? ReplayBank.load(options.replay) : null;
    return new Simulator(options, problems, replay);
  }

  profile(problem: Problem): ProblemProfile {
    let profile = this.profiles.get(problem.key);
    if (!profile) {
      profile = profileOf(problem, this.options.skill, this.behaviour);
      this.profiles.set(problem.key, profile);
    }
    return profile;
  }

  /**
   * One full continuation per choice (to be cut at stop strings and max_tokens by the caller).
   * Seeding: temperature 0 is greedy (the model's most likely path, written the same way for a
   * prompt whatever the request seed);
   * with a request seed, each choice's sample depends on --seed, the prompt, the seed and the
   * choice index; without one, on --seed and a counter of requests, so repeats differ as in vLLM.
   */
  sample(parts: PromptParts, sampling: Sampling): string[] {
    const resolved = resolvePrompt(parts, this.bank);
    const profile = this.profile(resolved.problem);
    const promptKey = hash32(JSON.stringify(parts));
    const requestKey: Array<string | number> =
      sampling.temperature === 0
        ? ['greedy', promptKey]
        : sampling.seed !== null
          ? ['seed', sampling.seed, promptKey]
          : ['sample', this.samplesDrawn++];
    const rngFor = (choice: number | string) => Rng.fromKey(this.options.seed, ...requestKey, sampling.temperature === 0 ? 0 : choice);
    const replayed = this.replay?.forProblem(resolved.problem);
    const order = replayed ? shuffledIndices(replayed.recordings.length, rngFor('order')) : [];
    const separatorIsStop = sampling.stops.some((s) => s.length > 0 && STEP_SEPARATOR.startsWith(s));
    return Array.from({ length: sampling.n }, (_, choice) => {
      const rng = rngFor(choice);
      const steps =
        (replayed && replaySteps(replayed, resolved.prefix, order, sampling.temperature === 0 ? 0 : choice)) ??
        continueSteps({ profile, attempts: resolved.attempts, prefix: resolved.prefix, greedy: sampling.temperature === 0 }, rng);
      const text = joinContinuation(resolved.prefix, steps, separatorIsStop && sampling.separatorFirst !== true);
      // A reasoning model thinks before a new answer; a continued partial answer is already past its thinking.
      return this.options.thinking && resolved.prefix.trim() === '' ? withThinking(resolved.problem.level, sampling.effort, text) : text;
    });
  }

  /**
   * Step scores for a solution (recorded scores win). The model reads only the steps' own latent
   * state: not the problem's pass rate or its answer, which no real PRM knows.
   */
  scoreSolution(steps: string[]): number[] {
    const modelled = scoreSteps(steps, this.behaviour, this.options.seed);
    if (!this.replay) return modelled;
    return modelled.map((score, i) => this.replay?.recordedScore(steps.slice(0, i + 1)) ?? score);
  }
}

/** The rest of a recording whose steps begin with the prefix's (distinct recordings per choice), or null. */
function replaySteps(entry: ReplayProblem, prefix: string, order: number[], choice: number): string[] | null {
  const given = stepTexts(prefix, STEP_SEPARATOR);
  const matching = new Set(recordingsContinuing(entry, given));
  if (matching.size === 0) return null;
  const ordered = order.map((i) => entry.recordings[i]).filter((r) => matching.has(r));
  return ordered[choice % ordered.length].steps.slice(given.length);
}

/**
 * New text after the prefix: steps joined by blank lines, preceded by a separator when the prefix
 * ends right after a step. When the request stops at the separator, the sim skips the leading one
 * (a real model would return an empty step) so that step-by-step callers need not add it.
 */
export function joinContinuation(prefix: string, steps: string[], separatorIsStop: boolean): string {
  if (steps.length === 0) return '';
  const body = steps.join(STEP_SEPARATOR);
  if (prefix.trim() === '' || prefix.endsWith(STEP_SEPARATOR) || separatorIsStop) return body;
  return (prefix.endsWith('\n') ? '\n' : STEP_SEPARATOR) + body;
}
