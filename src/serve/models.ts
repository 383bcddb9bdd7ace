// The models `ponder serve` offers: `ponder` (the router picks a strategy per problem) and
// `ponder-<strategy>` for each strategy, and the strategy a model name stands for.
import { STRATEGY_NAMES, type StrategyChoice } from '../shared/strategies';
import { ServeError } from './errors';

export const ROUTER_MODEL = 'ponder';
export const MODEL_IDS: readonly string[] = [ROUTER_MODEL, ...STRATEGY_NAMES.map((name) => `${ROUTER_MODEL}-${name}`)];

/** `ponder` -> auto, `ponder-beam` -> beam; any other name is a 404 in OpenAI's `model_not_found` shape. */
export function strategyOfModel(model: string): StrategyChoice {
  if (model === ROUTER_MODEL) return 'auto';
  const name = STRATEGY_NAMES.find((s) => model === `${ROUTER_MODEL}-${s}`);
  if (name) return name;
  throw new ServeError(
    404,
    `The model \`${model}\` does not exist; ponder serve offers ${MODEL_IDS.join(', ')} (GET /v1/models lists them)`,
    'invalid_request_error',
    'model_not_found',
    'model',
  );
}

/** GET /v1/models. */
export function modelList(created: number) {
  return { object: 'list', data: MODEL_IDS.map((id) => modelEntry(id, created)) };
}

export function modelEntry(id: string, created: number) {
  return { id, object: 'model', created, owned_by: 'ponder' };
}
