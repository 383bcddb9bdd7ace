import type { FromWebview, PanelConfig } from '../../shared/messages';
import type { RunModel } from '../../shared/runModel';
import type { SortMode } from '../persist';

/** What every view reads when it draws the selected run. */
export interface ViewContext {
  readonly model: RunModel;
  /** The candidate shown in detail: the user's choice, else the run's best. */
  readonly selectedCandidateId: string | null;
  readonly config: PanelConfig;
  /** Show only candidates with this exact answer; null: all. */
  readonly answerFilter: string | null;
  readonly sort: SortMode;
}

/** What views may ask of the panel. */
export interface PanelActions {
  selectCandidate(candidateId: string, options?: { focusList?: boolean }): void;
  setAnswerFilter(answer: string | null): void;
  setSort(sort: SortMode): void;
  selectRun(runId: string): void;
  post(message: FromWebview): void;
}

export const STRATEGY_LABELS: Readonly<Record<string, string>> = {
  majority: 'Majority vote',
  'best-of-n': 'Best-of-N',
  'weighted-best-of-n': 'Weighted best-of-N',
  beam: 'Beam search',
  lookahead: 'Lookahead search',
  revisions: 'Sequential revisions',
  auto: 'Auto (router)',
};
