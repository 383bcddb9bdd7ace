// Best-of-N: N independent samples, the one with the highest last-step verifier score.
import { independentSampling } from './independent';

export const bestOfN = independentSampling('best-of-n', 'best');
