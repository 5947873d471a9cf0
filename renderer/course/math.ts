// The course's text and formulas as HTML. Formulas are typeset by KaTeX at runtime into plain
// HTML + hidden MathML (no eval, nothing remote: its CSS and fonts are bundled by vite); inline
// `style` attributes in its output are what the CSP's style-src 'unsafe-inline' already allows.
// Prose is escaped, so only KaTeX's own markup and <strong> reach v-html.
import katex from 'katex';

const cache = new Map<string, string>();

/** A TeX formula as HTML; a formula KaTeX cannot read shows as its source, marked, instead of breaking the page. */
export function texToHtml(tex: string, display = false): string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = katex.renderToString(tex, { displayMode: display, throwOnError: false, strict: 'ignore', trust: false, output: 'htmlAndMathml' });
    cache.set(key, html);
  }
  return html;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export type Segment = { kind: 'text' | 'strong' | 'tex'; value: string };

/**
 * Splits course prose into text, **bold terms** and $inline TeX$. A `$` or `**` left open is kept
 * as plain text, so a typo shows up on the page instead of swallowing the rest of the paragraph.
 */
export function segments(source: string): Segment[] {
  const out: Segment[] = [];
  const push = (kind: Segment['kind'], value: string) => {
    if (value === '') return;
    const last = out.at(-1);
    if (kind === 'text' && last?.kind === 'text') last.value += value;
    else out.push({ kind, value });
  };
  let i = 0;
  while (i < source.length) {
    const dollar = source.indexOf('$', i);
    const bold = source.indexOf('**', i);
    const next = [dollar, bold].filter((k) => k >= 0).sort((a, b) => a - b)[0];
    if (next === undefined) {
      push('text', source.slice(i));
      break;
    }
    push('text', source.slice(i, next));
    const isTex = next === dollar;
    const open = isTex ? 1 : 2;
    const close = source.indexOf(isTex ? '$' : '**', next + open);
    if (close < 0) {
      push('text', source.slice(next));
      break;
    }
    push(isTex ? 'tex' : 'strong', source.slice(next + open, close));
    i = close + open;
  }
  return out;
}

/** A paragraph of course prose as HTML. Bold terms may carry inline TeX of their own. */
export function richHtml(source: string): string {
  return segments(source)
    .map((s) => (s.kind === 'tex' ? texToHtml(s.value) : s.kind === 'strong' ? `<strong>${richHtml(s.value)}</strong>` : escapeHtml(s.value)))
    .join('');
}
