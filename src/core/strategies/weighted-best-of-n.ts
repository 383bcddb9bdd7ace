// Weighted best-of-N: N samples; the answer whose equivalent solutions have the largest summed last-step score.
import { independentSampling } from './independent';

export const weightedBestOfN = independentSampling('weighted-best-of-n', 'weighted');
