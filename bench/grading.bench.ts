// Grading speed: median time per pair over the 368 labelled cases, median time to group 256 real
// Llama answers (cold caches), each against a trivial baseline measured in the same run; and the
// slowest of the fuzz inputs against the 200 ms bound of issue 4.
import { extractAnswer, gradeAnswer, groupAnswers, normalizeAnswer } from '../src/core/grading/index';
import { clearCasCache } from '../src/core/grading/cas';
import { loadCases } from '../test/grading/cases';
import { extractAll, loadLlama, seededRandom } from '../test/grading/llama';
import { fuzzInputs } from '../test/grading/fuzz-inputs';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function stringGroups(answers: ReadonlyArray<string | null>): number {
  const groups = new Map<string, number[]>();
  answers.forEach((a, i) => {
    if (a === null) return;
    const list = groups.get(a.trim()) ?? [];
    list.push(i);
    groups.set(a.trim(), list);
  });
  return groups.size;
}

gradeAnswer('\\sqrt{2}', '1.4142135623'); // load the CAS once

const cases = loadCases().map((c) => ({
  gold: c.kind === 'output' ? (extractAnswer(c.gold) ?? '') : c.gold,
  pred: c.kind === 'output' ? (extractAnswer(c.pred) ?? '') : c.pred,
}));
const pairTimes: number[] = [];
const baselinePairTimes: number[] = [];
for (let round = 0; round < 3; round++) {
  clearCasCache();
  for (const { gold, pred } of cases) {
    let t = performance.now();
    gradeAnswer(gold, pred);
    pairTimes.push(performance.now() - t);
    t = performance.now();
    void (normalizeAnswer(gold) === normalizeAnswer(pred));
    baselinePairTimes.push(performance.now() - t);
  }
}
const pairMedian = median(pairTimes);
const pairBaseline = median(baselinePairTimes);
console.log(
  `grade pair (368 cases x 3, cold cache each round): median ${(pairMedian * 1000).toFixed(0)} µs, p99 ${[...pairTimes].sort((a, b) => a - b)[Math.floor(pairTimes.length * 0.99)].toFixed(1)} ms, max ${Math.max(...pairTimes).toFixed(1)} ms`,
);
console.log(
  `  baseline (normalised-string equality): median ${(pairBaseline * 1000).toFixed(0)} µs; ratio ${(pairMedian / pairBaseline).toFixed(1)}x`,
);

const problems = loadLlama();
const extracted = extractAll(problems);
const random = seededRandom(11);
const groupTimes: number[] = [];
const baselineGroupTimes: number[] = [];
for (let trial = 0; trial < 200; trial++) {
  const i = trial % problems.length;
  const answers = Array.from({ length: 256 }, () => extracted[i][Math.floor(random() * extracted[i].length)]);
  clearCasCache();
  let t = performance.now();
  groupAnswers(answers);
  groupTimes.push(performance.now() - t);
  t = performance.now();
  stringGroups(answers);
  baselineGroupTimes.push(performance.now() - t);
}
const groupMedian = median(groupTimes);
const groupBaseline = median(baselineGroupTimes);
console.log(
  `group 256 real answers (200 trials over 100 problems, cold cache): median ${groupMedian.toFixed(2)} ms, p90 ${[...groupTimes].sort((a, b) => a - b)[180].toFixed(1)} ms (target: under 50 ms median)`,
);
console.log(
  `  baseline (string-keyed grouping): median ${groupBaseline.toFixed(3)} ms; ratio ${(groupMedian / groupBaseline).toFixed(0)}x`,
);

const inputs = fuzzInputs(600, 99);
const fuzzTimes = inputs.map((a, i) => {
  const t = performance.now();
  gradeAnswer(a, inputs[(i * 7 + 3) % inputs.length]);
  extractAnswer(a);
  normalizeAnswer(a);
  return performance.now() - t;
});
console.log(
  `fuzz (600 inputs): slowest call ${Math.max(...fuzzTimes).toFixed(1)} ms, ${fuzzTimes.filter((t) => t > 200).length} over 200 ms; median ${(median(fuzzTimes) * 1000).toFixed(0)} µs (${(median(fuzzTimes) / pairMedian).toFixed(1)}x a labelled pair)`,
);
