// Strategy name -> module, the one dispatch table.
import type { StrategyName } from '../../shared/strategies';
import { beam } from './beam';
import { bestOfN } from './best-of-n';
import { lookahead } from './lookahead';
import { majority } from './majority';
import { revisions } from './revisions';
import type { Strategy } from './types';
import { weightedBestOfN } from './weighted-best-of-n';

export const STRATEGIES: Record<StrategyName, Strategy> = {
  majority,
  'best-of-n': bestOfN,
  'weighted-best-of-n': weightedBestOfN,
  beam,
  lookahead,
  revisions,
};
