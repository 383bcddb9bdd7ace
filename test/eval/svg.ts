// A strict little XML reader for the tests: checks an SVG is well formed (balanced tags, quoted
// attributes, known entities) and returns its elements' names and text, so labels can be asserted.
export interface SvgInfo {
  root: string;
  elements: string[];
  texts: string[];
}

export function parseSvg(svg: string): SvgInfo {
  const stack: string[] = [];
  const elements: string[] = [];
  const texts: string[] = [];
  const token =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  let root = '';
  let m: RegExpExecArray | null;
  while ((m = token.exec(svg))) {
    const [, closing, name, , selfClosing, text, stray] = m;
    if (stray) throw new Error(`malformed markup at offset ${m.index}: ${svg.slice(m.index, m.index + 40)}`);
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error(`bad entity in text: ${text.slice(0, 40)}`);
      if (stack.length && stack[stack.length - 1] === 'text' && text.trim()) texts.push(text.trim());
      else if (!stack.length && text.trim()) throw new Error('text outside the root element');
      continue;
    }
    if (!name) continue; // comment or processing instruction
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
      continue;
    }
    if (!stack.length) {
      if (root) throw new Error('more than one root element');
      root = name;
    }
    elements.push(name);
    if (!selfClosing) stack.push(name);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (!root) throw new Error('no root element');
  return { root, elements, texts };
}
