// Self-consistency: N independent samples, the most frequent equivalent answer.
import { independentSampling } from './independent';

export const majority = independentSampling('majority', 'majority');
