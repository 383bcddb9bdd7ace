// The behaviour model's parameters: a versioned profile (src/sim/profiles/*.json), validated here.
// `ponder sim` loads the profile fitted to real recordings by default (scripts/fit-sim.ts); --profile
// picks another built-in one by name, or a JSON file by path. docs/simulator.md explains each field.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import fitted from '../profiles/llama31-8b-math500.v1.json';
import paperShaped from '../profiles/paper-shaped.v1.json';

const unit = z.number().min(0).max(1);
const rate = z.number().gt(0).lt(1);

const provenanceSchema = z.object({
  /** `fitted`: computed by a script from data; `hand-tuned`: chosen by hand for a stated purpose. */
  kind: z.enum(['fitted', 'hand-tuned']),
  description: z.string().min(1),
  date: z.string().min(1),
  script: z.string().optional(),
  sources: z.array(z.object({ file: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  /** What each fitted value was fitted to, and which values were not fitted. */
  notes: z.array(z.string()),
});

export const behaviourSchema = z
  .object({
    name: z.string().min(1),
    version: z.number().int().min(1),
    provenance: provenanceSchema,
    /** Mean P(a sampled solution is correct) at the centre of each level's jitter, levels 1..5. */
    levelPassRate: z.array(rate).length(5),
    /** S.d. of each problem's jitter on the log-odds of a correct solution. */
    problemJitter: z.number().min(0),
    /** Steps in a solution: stepsBase + level + (hash of the problem mod stepsSpread). */
    stepsBase: z.number().int().min(1),
    stepsSpread: z.number().int().min(1),
    /** Share of a solution's log-risk of going wrong on one crux step per problem (never the last). */
    cruxShare: unit,
    /** Per later step, a solution that went wrong gets back on track with P = recovery * passRate. */
    recovery: z.number().min(0).lt(1),
    wrongAnswers: z.object({
      /** Relative frequency of each of the problem's distractors among wrong answers that are not novel. */
      distractorWeights: z.array(z.number().gt(0)).min(1).max(16),
      /**
       * Share of wrong answers that are novel (almost never repeated): sigmoid(logit(atHalf) + slope * logit(p)
       * + jitter) on a problem of pass rate p; atHalf 0 means never.
       */
      novelAtHalf: z.number().min(0).lt(1),
      novelSlope: z.number(),
      /** S.d. of each problem's jitter on that log-odds: some problems have one dominant wrong answer, others none. */
      novelJitter: z.number().min(0),
    }),
    revisions: z.object({
      /** After a correct last attempt, the next is right with sigmoid(logit p + keepShift). */
      keepShift: z.number(),
      /** After a wrong one, with sigmoid(logit p + fixShift + fixSlope (p - 1/2)). */
      fixShift: z.number(),
      fixSlope: z.number(),
      /** A wrong revision repeats the last attempt's wrong answer with this probability. */
      sameWrongAnswer: unit,
    }),
    /** P(a step is a confident leap), the feature the verifier's bias rewards. */
    confidentRate: z.number().min(0).lt(1),
    /** A confident leap goes wrong with at least this probability. */
    confidentError: unit,
    maxFiller: z.number().int().min(0),
    verifier: z.object({
      /** Log-odds means of an intermediate step: on track (or mistake missed) / after a noticed mistake. */
      stepRightMean: z.number(),
      stepWrongMean: z.number(),
      /** P(the PRM notices a mistake in the steps that follow it, while the solution stays wrong). */
      visibleRate: unit,
      stepNoise: z.number().min(0),
      /** Log-odds means of a final (boxed) step: on track / derailed. */
      finalRightMean: z.number(),
      finalWrongMean: z.number(),
      finalNoise: z.number().min(0),
      /** Log-odds mean of a step the simulator did not write (no latent state to perceive). */
      unknownMean: z.number(),
      /** The exploitable bias: added to a confident step and every later one. */
      toneBonus: z.number(),
    }),
  })
  .strict();

export type Behaviour = z.infer<typeof behaviourSchema>;

export class ProfileError extends Error {}

/** Parses a profile; the error names every field that is wrong and the file it came from. */
export function parseBehaviour(value: unknown, source: string): Behaviour {
  const parsed = behaviourSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ProfileError(
    `profile ${source} is not a valid behaviour profile (${problems.join('; ')}); fix it or regenerate it with npm run fit:sim`,
  );
}

export const BUILT_IN_PROFILES: Record<string, Behaviour> = {
  'llama31-8b-math500.v1': parseBehaviour(fitted, 'llama31-8b-math500.v1'),
  'paper-shaped.v1': parseBehaviour(paperShaped, 'paper-shaped.v1'),
};

export const DEFAULT_PROFILE = 'llama31-8b-math500.v1';

/** A built-in profile by name (with or without its `.vN`), or a profile JSON file by path. */
export function loadBehaviour(nameOrPath: string | null): Behaviour {
  const name = nameOrPath ?? DEFAULT_PROFILE;
  const builtIn = BUILT_IN_PROFILES[name] ?? Object.entries(BUILT_IN_PROFILES).find(([key]) => key.replace(/\.v\d+$/, '') === name)?.[1];
  if (builtIn) return builtIn;
  if (!/[\\/]|\.json$/i.test(name)) {
    throw new ProfileError(
      `unknown profile '${name}': use one of ${Object.keys(BUILT_IN_PROFILES).join(', ')} or the path of a profile .json file`,
    );
  }
  let text: string;
  try {
    text = readFileSync(name, 'utf8');
  } catch (err) {
    throw new ProfileError(`cannot read profile ${name} (${(err as Error).message}); pass a built-in name or an existing .json file`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ProfileError(`profile ${name} is not valid JSON (${(err as Error).message})`);
  }
  return parseBehaviour(value, name);
}
