// The two simulated models and vLLM's rules for the `model` field.
import { SimHttpError } from './errors';

export const POLICY_MODEL = 'ponder-sim-policy';
export const VERIFIER_MODEL = 'ponder-sim-prm';
export const OWNER = 'ponder-sim (simulated)';
/** Strict replay serves recorded outputs only: its models are not simulated ones (`ponder eval` reads this). */
export const STRICT_REPLAY_OWNER = 'ponder-sim (strict replay of recorded outputs)';

export type ModelRole = 'policy' | 'verifier';

/** Omitted: the endpoint's default model. Unknown: 404, as vLLM answers. */
export function resolveModel(model: string | null | undefined, fallback: ModelRole): ModelRole {
  if (model == null || model === '') return fallback;
  if (model === POLICY_MODEL) return 'policy';
  if (model === VERIFIER_MODEL) return 'verifier';
  throw new SimHttpError(
    404,
    `The model \`${model}\` does not exist. This simulator serves ${POLICY_MODEL} and ${VERIFIER_MODEL}.`,
    'NotFoundError',
    'model',
  );
}

export function modelName(role: ModelRole): string {
  return role === 'policy' ? POLICY_MODEL : VERIFIER_MODEL;
}

export function modelList(created: number, owner: string): unknown {
  return {
    object: 'list',
    data: [POLICY_MODEL, VERIFIER_MODEL].map((id) => ({
      id,
      object: 'model',
      created,
      owned_by: owner,
      root: id,
      parent: null,
      max_model_len: 8192,
      permission: [],
    })),
  };
}
