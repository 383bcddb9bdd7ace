// Finds the final answer in a whole model response: the last \boxed{} (or a run of boxes that list
// several answers), a "final answer" phrase written after it, else the last math or number.
import { commandArgument, repairEscapes } from './latex-scan';

interface Found {
  answer: string;
  start: number;
  end: number;
}

const MAX_RESPONSE_CHARS = 200_000;

/** The final answer of a whole model response, or null. */
export function extractFromResponse(raw: string): string | null {
  const response = repairEscapes(raw.length > MAX_RESPONSE_CHARS ? raw.slice(-MAX_RESPONSE_CHARS) : raw);
  const boxes = findBoxes(response);
  const lastBoxEnd = boxes.length ? boxes[boxes.length - 1].end : -1;
  const phrase = findAnswerPhrase(response, lastBoxEnd);
  if (phrase) return phrase;
  if (boxes.length) return joinTrailingBoxes(response, boxes);
  return fallbackAnswer(response);
}

function findBoxes(text: string): Found[] {
  const found: Found[] = [];
  const re = /\\(?:boxed|fbox)(?![a-zA-Z])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const arg = commandArgument(text, m.index + m[0].length);
    if (!arg) continue;
    const answer = arg.arg.trim();
    if (answer) found.push({ answer, start: m.index, end: arg.end });
    re.lastIndex = Math.max(re.lastIndex, arg.end);
  }
  return found;
}

// Text between two boxes that still lists answers: punctuation, math delimiters, spacing and at most
// four short words ("and", "or", "for part (a) and"), never the end of a sentence.
function isConnective(between: string): boolean {
  const bare = between
    .replace(/\\(?:text|textbf|mathrm|mbox)\s*\{([^{}]*)\}/g, ' $1 ')
    .replace(/\\(?:quad|qquad|,|;|!|:| |\(|\)|\[|\])/g, ' ')
    .replace(/[$]/g, ' ');
  if (/[.!?](\s|$)/.test(bare) || /\n\s*\n/.test(bare) || bare.length > 60) return false;
  const words = bare.match(/[A-Za-z]+/g) ?? [];
  return words.length <= 4 && !words.some((w) => SEQUENCE_WORDS.has(w.toLowerCase()));
}

// Words that move an argument on ("then \boxed{2}"): boxes around them are steps, not a list.
const SEQUENCE_WORDS = new Set(['then', 'so', 'thus', 'therefore', 'hence', 'but', 'finally', 'gives', 'is', 'becomes', 'next', 'wait']);

function joinTrailingBoxes(text: string, boxes: Found[]): string {
  let first = boxes.length - 1;
  while (first > 0 && isConnective(text.slice(boxes[first - 1].end, boxes[first].start))) first--;
  const run = boxes.slice(first).map((b) => b.answer);
  // The same answer boxed twice in a row ("\boxed{840} ... Final Answer \boxed{840}") is one answer.
  const distinct = run.filter((a, i) => run.indexOf(a) === i);
  return distinct.join(', ');
}

const PHRASES = [
  /final answer is\s*:?/gi,
  /final answer\s*:/gi,
  /\*\*final answer\*\*\s*:?/gi,
  /(?:the|my) answer is\s*:?/gi,
  /answer is\s*:?/gi,
  /\banswer\s*:/gi,
  /^\s*answer\b\s*:?/gim,
];

/** An answer stated in words after the last box (or anywhere when there is no box). */
function findAnswerPhrase(text: string, after: number): string | null {
  let best: { index: number; end: number } | null = null;
  for (const re of PHRASES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const end = m.index + m[0].length;
      if (m.index >= after && (!best || m.index > best.index)) best = { index: m.index, end };
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  if (!best) return null;
  const tail = text.slice(best.end);
  // A box right after the phrase ("The final answer is $\boxed{5}$") is found by the box rule.
  if (/^\s*\$*\s*\\(?:boxed|fbox)/.test(tail)) return null;
  return answerInSentence(sentenceAfter(tail));
}

/** The sentence starting at `text`, up to a full stop outside math, a blank line or "I hope". */
function sentenceAfter(text: string): string {
  let inMath: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && (text[i + 1] === '$' || text[i + 1] === '\\')) {
      i++;
      continue;
    }
    if (ch === '\\' && (text[i + 1] === '(' || text[i + 1] === '[')) inMath = text[i + 1] === '(' ? ')' : ']';
    else if (ch === '\\' && inMath && text[i + 1] === inMath) inMath = null;
    else if (ch === '$') inMath = inMath === '$' ? null : (inMath ?? '$');
    if (inMath) continue;
    if (ch === '.' && !/\d/.test(text[i + 1] ?? '')) return text.slice(0, i);
    if (ch === '\n' && i > 0 && /\S/.test(text.slice(0, i)) && (text[i + 1] === '\n' || /^\n\s*[A-Z#*<]/.test(text.slice(i)))) {
      return text.slice(0, i);
    }
    if (text.startsWith('I hope', i) || text.startsWith('<|', i)) return text.slice(0, i);
  }
  return text;
}

const MATH_SEGMENT = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|(?<!\\)\$((?:\\\$|[^$])+?)(?<!\\)\$/g;

function mathSegments(text: string): string[] {
  const out: string[] = [];
  MATH_SEGMENT.lastIndex = 0;
  for (let m = MATH_SEGMENT.exec(text); m; m = MATH_SEGMENT.exec(text)) {
    const body = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim();
    if (body) out.push(body);
  }
  return out;
}

/** From a sentence such as "The largest $n$ is 34" or "$x = 5$", the answer part. */
function answerInSentence(sentence: string): string | null {
  let s = sentence
    .trim()
    .replace(/[\s,;:]+$/, '')
    .replace(/^\\?"|\\?"$/g, '')
    .trim();
  if (!s) return null;
  const isAt = lastIndexOutsideMath(s, / is /g);
  if (isAt >= 0) s = s.slice(isAt + 4).trim();
  const math = mathSegments(s);
  const prose = s.replace(MATH_SEGMENT, ' ').replace(/\\\$/g, '');
  if (math.length && !/[A-Za-z]{3,}/.test(prose.replace(/\b(?:and|or|dollars?|cents?|units?|degrees?|percent)\b/g, ''))) {
    return math.length === 1 ? math[0] : s.replace(/\$/g, '').trim();
  }
  if (math.length) return math[math.length - 1];
  const words = s.match(/[A-Za-z]{2,}/g) ?? [];
  if (words.length > 3) return lastNumber(s) ?? s;
  return s.replace(/^\$+|\$+$/g, '').trim() || null;
}

function lastIndexOutsideMath(text: string, re: RegExp): number {
  const masked = text.replace(MATH_SEGMENT, (m) => ' '.repeat(m.length));
  let last = -1;
  re.lastIndex = 0;
  for (let m = re.exec(masked); m; m = re.exec(masked)) last = m.index;
  return last;
}

const NUMBER = /-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+\/\d+|-?\d+(?:[.,]\d+)?%?/g;

function lastNumber(text: string): string | null {
  const all = text.match(NUMBER);
  return all ? all[all.length - 1] : null;
}

/**
 * No box and no phrase. A response that is itself an answer ("$9$", "x = 5") is returned whole;
 * otherwise the last math of the last paragraph that has any, else the last number.
 */
function fallbackAnswer(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (looksLikeBareAnswer(trimmed)) {
    const math = mathSegments(trimmed);
    return math.length === 1 && trimmed.replace(MATH_SEGMENT, '').trim() === '' ? math[0] : trimmed;
  }
  const paragraphs = trimmed.split(/\n\s*\n/).reverse();
  const last = paragraphs.find((p) => /\S/.test(p));
  if (last) {
    const math = mathSegments(last);
    const num = lastNumber(last.replace(MATH_SEGMENT, ' '));
    const mathAt = lastMathIndex(last);
    const numAt = num ? last.lastIndexOf(num) : -1;
    if (num && numAt > mathAt) return num;
    if (math.length) return math[math.length - 1];
  }
  return lastNumber(trimmed);
}

// "$9$", "x = 5", "$1$ and $2$", "W(x)=1orW(x)=-1": no prose words, only math and connectives.
function looksLikeBareAnswer(text: string): boolean {
  if (text.length > 300 || /\n\s*\n/.test(text)) return false;
  const prose = text.replace(MATH_SEGMENT, ' ').replace(/\\[a-zA-Z]+(?:\{[^{}]*\})?/g, ' ');
  const words = prose.match(/(?<![A-Za-z0-9\\])[A-Za-z]{2,}(?![A-Za-z0-9(])/g) ?? [];
  return words.every((w) => /^(?:and|or)$/i.test(w));
}

function lastMathIndex(text: string): number {
  let at = -1;
  MATH_SEGMENT.lastIndex = 0;
  for (let m = MATH_SEGMENT.exec(text); m; m = MATH_SEGMENT.exec(text)) at = m.index;
  return at;
}
