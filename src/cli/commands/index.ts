// The command table: names, one-line summaries and lazy loaders (so `ponder grade` never loads the HTTP stack).
export interface Command {
  run(args: string[]): Promise<number>;
}

export const COMMANDS = {
  solve: { summary: 'solve a problem and stream its run (NDJSON with --json)', load: () => import('./solve') },
  'score-steps': { summary: 'score each step of a solution with the verifier', load: () => import('./score-steps') },
  grade: { summary: 'decide whether answers are mathematically equivalent', load: () => import('./grade') },
  check: {
    summary: 'probe the endpoints and say, per strategy, what runs, degraded or not, and what fixes it',
    load: () => import('./check'),
  },
  sim: { summary: 'serve the simulated OpenAI-compatible policy and vLLM-style verifier', load: () => import('./sim') },
  eval: { summary: 'evaluate strategies over a data set: results, summary, report and plots', load: () => import('./eval') },
  calibrate: { summary: "learn the router's policy file from an eval by cross-validation", load: () => import('./calibrate') },
  serve: { summary: 'serve the engine as an OpenAI-compatible API (models ponder and ponder-<strategy>)', load: () => import('./serve') },
} satisfies Record<string, { summary: string; load: () => Promise<Command> }>;

export type CommandName = keyof typeof COMMANDS;
