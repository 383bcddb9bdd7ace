// The header with which a replaying `ponder sim` says what it served: recordings, the behaviour model's
// output standing in for them, or (strict replay) a refusal of something that was not recorded. The
// engine reads the last to tell "this verifier serves only recorded text" from "this verifier is broken".
export const REPLAY_HEADER = 'x-ponder-replay';

export type ReplayProvenance = 'recorded' | 'simulated' | 'partly-simulated' | 'unrecorded';
