// LaTeX clean-up of one answer: wrappers, spacing, fraction and root shorthands, text, units,
// currency, degrees, thousands separators. Percent stays visible as `\%` (the comparison needs it).
import { commandArgument, repairEscapes } from './latex-scan';

const MAX_ANSWER_CHARS = 20_000;

/** A cleaned-up answer string (LaTeX normalised). */
export function normalizeLatex(input: string): string {
  let s = repairEscapes(input.length > MAX_ANSWER_CHARS ? input.slice(0, MAX_ANSWER_CHARS) : input);
  s = unwrapCommand(s, /\\(?:boxed|fbox)(?![a-zA-Z])/g);
  s = s
    .replace(/(\d)\s*(?:\{\s*,\s*\}|,\s*\\!)\s*(?=\d{3}(?!\d))/g, '$1')
    .replace(/\\\$/g, ' ')
    .replace(/\$/g, ' ')
    .replace(/(?<!\\)\\[()[\]]/g, ' ')
    .replace(/\\(?:displaystyle|textstyle|left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![a-zA-Z])\.?/g, '')
    .replace(/\\(?:q?quad)/g, ' ')
    .replace(/(?<!\\)\\[,;:! ]|~/g, ' ')
    .replace(/\\(?:d|t|c)frac(?![a-zA-Z])/g, '\\frac')
    .replace(/\\(?:mathbf|boldsymbol|bm|mathit|mathsf)(?![a-zA-Z])/g, '')
    .replace(/\{\s*,\s*\}/g, ',')
    .replace(/\\(?:le|leqslant)(?![a-zA-Z])/g, '\\leq')
    .replace(/\\(?:ge|geqslant)(?![a-zA-Z])/g, '\\geq')
    .replace(/\\ne(?![a-zA-Z])|!=/g, '\\neq')
    .replace(/<=/g, '\\leq ')
    .replace(/>=/g, '\\geq ')
    .replace(/\\lt(?![a-zA-Z])/g, '<')
    .replace(/\\gt(?![a-zA-Z])/g, '>')
    .replace(/\+\s*\\infty/g, '\\infty')
    .replace(/\\(?:dots|ldots|cdots)(?![a-zA-Z])/g, '\\ldots')
    .replace(/[−–]/g, '-')
    .replace(/×/g, '\\times ')
    .replace(/π/g, '\\pi ')
    .replace(/√/g, '\\sqrt ')
    .replace(/\u00a0/g, ' ');
  s = s.replace(/\^\s*\{?\s*\\circ\s*\}?|°|\\degree(?![a-zA-Z])/g, '');
  s = s.replace(/\\%|%|\s*\b(?:percentage|percent|pct)\b/g, '\\%');
  s = unwrapText(s);
  s = expandShorthands(s);
  s = stripUnits(s);
  s = s.replace(/\s+/g, ' ').trim();
  s = removeThousandsCommas(s);
  s = s.replace(/^(?:[,;:\s]|\.(?!\d))+|[.,;:\s]+$/g, '').trim();
  s = s.replace(/^\\text\{\s*\}$/, '');
  return numberWord(s);
}

/** `7,425,000` -> `7425000` and `1 000` -> `1000`; a comma after `(` or before `)` belongs to a tuple. */
function removeThousandsCommas(text: string): string {
  const spaced = /^-?[1-9]\d{0,2}(?: \d{3})+(?:\.\d+)?$/.test(text.trim());
  if (spaced) return text.replace(/ /g, '');
  return text.replace(/(?<![\d.,([{])([1-9]\d{0,2}(?:,\d{3})+)(?![\d,)\]])/g, (m) => m.replace(/,/g, ''));
}

/** Replaces every `\cmd{X}` by `X` (for wrappers like \boxed whose content is the answer). */
function unwrapCommand(text: string, re: RegExp): string {
  let out = '';
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const arg = commandArgument(text, m.index + m[0].length);
    if (!arg) continue;
    out += text.slice(last, m.index) + arg.arg;
    last = arg.end;
    re.lastIndex = arg.end;
  }
  return out + text.slice(last);
}

const TEXT_COMMANDS = /\\(?:text|textbf|textit|textrm|textnormal|mathrm|mbox|operatorname|mathtt|emph)\s*(?=\{)/g;

function unwrapText(text: string): string {
  let out = '';
  let last = 0;
  TEXT_COMMANDS.lastIndex = 0;
  for (let m = TEXT_COMMANDS.exec(text); m; m = TEXT_COMMANDS.exec(text)) {
    const arg = commandArgument(text, m.index + m[0].length);
    if (!arg) continue;
    out += text.slice(last, m.index) + ' ' + arg.arg + ' ';
    last = arg.end;
    TEXT_COMMANDS.lastIndex = arg.end;
  }
  return out + text.slice(last);
}

/** `\frac12` -> `\frac{1}{2}`, `\frac3{3}` -> `\frac{3}{3}`, `\sqrt3` -> `\sqrt{3}`, `\sqrt 2` -> `\sqrt{2}`. */
function expandShorthands(text: string): string {
  return text
    .replace(/\\frac\s*(\d)\s*(\d)/g, '\\frac{$1}{$2}')
    .replace(/\\frac\s*(\d)\s*(?=\{)/g, '\\frac{$1}')
    .replace(/\\frac\s*(\{[^{}]*\})\s*(\d)/g, '\\frac$1{$2}')
    .replace(/\\frac\s*([a-zA-Z])\s*([a-zA-Z\d])/g, '\\frac{$1}{$2}')
    .replace(/\\sqrt\s*(\d+|[a-zA-Z])(?![a-zA-Z{])/g, '\\sqrt{$1}')
    .replace(/\\sqrt\s+(?=\{)/g, '\\sqrt');
}

const UNIT_WORDS = [
  'units?',
  'square units?',
  'sq units?',
  'cubic units?',
  'meters?',
  'metres?',
  'centimeters?',
  'millimeters?',
  'kilometers?',
  'cm',
  'mm',
  'km',
  'm',
  'inches',
  'inch',
  'in',
  'feet',
  'foot',
  'ft',
  'yards?',
  'miles?',
  'mi',
  'mph',
  'hours?',
  'hrs?',
  'minutes?',
  'mins?',
  'seconds?',
  'sec',
  's',
  'days?',
  'weeks?',
  'months?',
  'years?',
  'degrees?',
  'radians?',
  'rad',
  'dollars?',
  'cents?',
  'yuan',
  'euros?',
  'points?',
  'people',
  'persons?',
  'students?',
  'ways',
  'grams?',
  'g',
  'kg',
  'pounds?',
  'lbs?',
  'ounces?',
  'oz',
  'liters?',
  'litres?',
  'l',
  'ml',
  'gallons?',
  'cups?',
  'sq',
  'cubic',
  'square',
  'apples?',
  'books?',
  'marbles?',
  'coins?',
  'cars?',
  'balls?',
  'items?',
  'pieces?',
  'times',
  'numbers?',
  'integers?',
];
const UNIT_TAIL = new RegExp(`(?<=[\\d}.)\\s])\\s*(?:\\\\text\\s*)?(?:${UNIT_WORDS.join('|')})(?:\\^\\{?[23]\\}?|²|³)?\\s*$`, 'i');

/** Drops a trailing unit after a number or expression ("10 cm", "125 miles", "15 cm^2", "1,000.99m²"). */
function stripUnits(text: string): string {
  let s = text.replace(/[€£¥]/g, ' ').trim();
  for (let i = 0; i < 3; i++) {
    const next = s.replace(UNIT_TAIL, '').trim();
    if (next === s || !/[\d}]/.test(next)) break;
    s = next;
  }
  return s;
}

const NUMBER_WORDS: Record<string, string> = {
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
  eighteen: '18',
  nineteen: '19',
  twenty: '20',
};

/** A whole answer that is one small number word ("five") becomes its digits; longer prose is left alone. */
function numberWord(s: string): string {
  return NUMBER_WORDS[s.toLowerCase()] ?? s;
}
