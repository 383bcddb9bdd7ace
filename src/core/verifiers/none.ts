// The `none` verifier: there is nothing to score with, so asking is a programming error.
import type { Verifier } from './types';

export const noVerifier: Verifier = {
  kind: 'none',
  url: null,
  scoreSteps() {
    return Promise.reject(
      new Error('no verifier is configured (ponder.verifier.kind is none); set --verifier-kind and --verifier-url to score steps'),
    );
  },
  scoreLastStep() {
    return Promise.reject(new Error('no verifier is configured (ponder.verifier.kind is none)'));
  },
  model() {
    return Promise.resolve(null);
  },
};
