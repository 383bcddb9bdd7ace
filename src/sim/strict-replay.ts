// `--replay F --strict`: serves only what was recorded and refuses the rest, saying what was not recorded.
// Nothing is random: choice c of a request is recording o + c of its problem (among those that begin with
// the request's partial answer, in file order), so the k-th sample of a problem is its k-th recording; with
// --shuffle, in an order drawn from the series' first seed instead (the same for every series that starts
// with that seed, so a run stopped early still sees the first samples of a full run). o is
// the request's place in a series: a client that splits n choices over several requests gives the request
// for choices o.. the seed s + o, s being the series' first seed (Ponder's PolicyClient does, for batches
// and for its n-refusal check), so a request whose seed lies within a recorded count above a seed already
// seen for the same prompt continues that series; any other seed (or none) starts at the first recording.
// Refusals follow vLLM (vllm/entrypoints/openai/engine/serving.py): `create_error_response` answers a
// request it cannot serve for its content with 400 BadRequestError naming the parameter; 404 is kept for a
// model (`_check_model`) or route that does not exist, which is not the case here (and clients, Ponder's
// among them, read a 404 as a wrong URL or model). So every refusal is a 400: the problem (messages or
// prompt), temperature, n or input that the recordings cannot answer.
import { REPLAY_HEADER } from '../shared/replayHeader';
import { stepTexts } from '../shared/steps';
import { joinContinuation, type Sampling, type Simulator } from './engine';
import { SimHttpError } from './errors';
import { STEP_SEPARATOR } from './model/steps';
import { resolvePrompt, type PromptParts } from './prompt';
import { Rng, shuffledIndices } from './random';
import { recordedStepScores, recordingsContinuing, type ReplayBank, type ReplayProblem } from './replay';

const HOW_TO_LEAVE = 'or drop --strict to let the behaviour model answer (labelled simulated)';

/** A refusal of something not recorded: a 400 naming the request's field, marked as such in the replay header. */
function unrecorded(message: string, param: string): SimHttpError {
  return new SimHttpError(400, message, 'invalid_request_error', param, { [REPLAY_HEADER]: 'unrecorded' });
}

/** The startup line of a replaying sim: what it serves, and how its replies say so. */
export function replayBanner(strict: boolean, shuffle = false): string {
  return strict
    ? `strict replay: serves only recorded text and recorded step scores${shuffle ? ", each series' recordings in a random order seeded by its first seed" : ''}; anything else is refused (HTTP 400, saying what was not recorded)`
    : 'replay: recorded text and scores where recorded, SIMULATED output elsewhere; the x-ponder-replay header of each reply says recorded, simulated or partly-simulated (--strict refuses instead)';
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

export class StrictReplay {
  /** Per prompt (problem and partial answer): the first seed of each series of requests seen. */
  private readonly series = new Map<string, number[]>();

  constructor(
    private readonly bank: ReplayBank,
    /** The replay file, named in refusals. */
    private readonly file: string,
    /** Serve each series in a seeded random order (--shuffle). */
    private readonly shuffle = false,
  ) {}

  /** The recorded continuations for a policy request; `param` names the prompt's field in refusals. */
  sample(sim: Simulator, parts: PromptParts, sampling: Sampling, param: 'messages' | 'prompt'): string[] {
    const resolved = resolvePrompt(parts, sim.bank);
    const entry = this.entryOf(resolved.problem.key, resolved.problem.text, param);
    if (resolved.attempts.length > 0)
      throw unrecorded(
        `strict replay: the prompt holds earlier attempts (${resolved.attempts.length}), and revisions were not recorded: ${this.file} holds independent solutions only; revise against a live model, ${HOW_TO_LEAVE}`,
        param,
      );
    if (sampling.temperature === 0)
      throw unrecorded(
        `strict replay: greedy decoding (temperature 0) was not recorded; ${this.file} holds sampled solutions, so ask with a temperature above 0, ${HOW_TO_LEAVE}`,
        'temperature',
      );
    const given = stepTexts(resolved.prefix, STEP_SEPARATOR);
    const matching = recordingsContinuing(entry, given);
    if (matching.length === 0)
      throw unrecorded(
        `strict replay: no recording of this problem begins with the ${given.length} step(s) of the partial answer and goes on past them, so its continuation was not recorded; continue only recorded prefixes (step-level search can leave them), ${HOW_TO_LEAVE}`,
        param,
      );
    const prompt = `${resolved.problem.key}\u241e${given.join('\u241e')}`;
    const { offset, base } = this.seriesOf(prompt, sampling.seed, matching.length);
    const served = this.shuffle ? shuffledIndices(matching.length, Rng.fromKey('shuffle', prompt, base)).map((i) => matching[i]) : matching;
    if (offset + sampling.n > matching.length) {
      const what = given.length ? 'recorded continuations of this partial answer' : 'recorded solutions of this problem';
      const left = Math.max(0, matching.length - offset);
      throw unrecorded(
        `strict replay: this request asks for ${sampling.n} choice(s) from choice ${offset + 1} of a series, and there are ${matching.length} ${what}, so ${left ? `only ${left} more can be served` : 'none is left'}; ask for fewer samples (a smaller budget), ${HOW_TO_LEAVE}`,
        'n',
      );
    }
    const separatorIsStop = sampling.stops.some((s) => s.length > 0 && STEP_SEPARATOR.startsWith(s));
    return served
      .slice(offset, offset + sampling.n)
      .map((r) => joinContinuation(resolved.prefix, r.steps.slice(given.length), separatorIsStop && sampling.separatorFirst !== true));
  }

  /** The recorded step scores of a solution, each step's, or a refusal naming the first step without one. */
  scores(sim: Simulator, problemContext: string, steps: string[]): number[] {
    const found = sim.bank.find(problemContext);
    const entry = this.entryOf(found?.problem.key ?? '', found?.problem.text ?? problemContext, 'input');
    if (!entry.recordings.some((r) => r.scores))
      throw unrecorded(
        `strict replay: ${this.file} records no step scores for this problem (no scores[][] that line up with its steps); evaluate without a verifier (majority only), ${HOW_TO_LEAVE}`,
        'input',
      );
    const recorded = recordedStepScores(entry, steps);
    const missing = recorded.findIndex((s) => s === undefined);
    if (missing >= 0)
      throw unrecorded(
        `strict replay: step ${missing + 1} of this ${steps.length}-step solution has no recorded score: no scored recording of this problem begins with these ${missing + 1} steps; strict replay scores only recorded text, so score recorded solutions, ${HOW_TO_LEAVE}`,
        'input',
      );
    return recorded as number[];
  }

  private entryOf(key: string, text: string, param: string): ReplayProblem {
    const entry = this.bank.forKey(key);
    if (entry) return entry;
    throw unrecorded(
      `strict replay: problem not recorded ("${excerpt(text)}"); ${this.file} has recordings of ${this.bank.problems.length} problems and this is not one of them; ask for a recorded problem (its text as in the file's "problem" field), ${HOW_TO_LEAVE}`,
      param,
    );
  }

  /** The series a request belongs to (its first seed; 0 unseeded) and where the request starts in it (see the top of this file). */
  private seriesOf(prompt: string, seed: number | null, recorded: number): { offset: number; base: number } {
    if (seed === null) return { offset: 0, base: 0 };
    const bases = this.series.get(prompt) ?? [];
    const base = Math.max(-1, ...bases.filter((b) => seed >= b && seed - b < recorded));
    if (base >= 0) return { offset: seed - base, base };
    this.series.set(prompt, [...bases, seed]);
    return { offset: 0, base: seed };
  }
}
