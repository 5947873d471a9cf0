// The compare page's settings table: each run flattened to dotted keys, rows where runs differ marked.

export type Flat = Record<string, string>;

/** A setting as people read it: 0.30000000000000004 → 0.3, 1e-7 stays 1e-7, at most 6 significant digits. */
export function settingText(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) return String(Number(value.toPrecision(6)));
  return String(value);
}

export function flatten(value: unknown, prefix = '', out: Flat = {}): Flat {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = '';
  } else if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) out[prefix] = value.map(settingText).join(', ');
    else value.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = settingText(value);
  }
  return out;
}

export interface DiffRow {
  key: string;
  values: string[];
  differs: boolean;
}

/** Rows in first-seen key order; a key missing from a run shows as '' and counts as a difference. */
export function diffTable(columns: Flat[]): DiffRow[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    for (const key of Object.keys(column)) {
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push(key);
    }
  }
  return keys.map((key) => {
    const values = columns.map((c) => c[key] ?? '');
    return { key, values, differs: values.some((v) => v !== values[0]) };
  });
}

// ---------------------------------------------------------------- as people read it

type Tk = (key: string, params?: Record<string, string | number>) => string;

/** The layer words in English, where no language is given (the CLI, tests of the shape alone). */
const LAYER_WORDS_EN: Record<string, string> = {
  'setting.layer.output': 'output',
  'setting.layer.dropout': 'dropout {p}',
  'setting.layer.batchnorm': 'batchnorm',
  'setting.layer.layernorm': 'layernorm',
  'setting.layer.residual': 'residual({inner})',
};
const englishWords: Tk = (key, params = {}) => (LAYER_WORDS_EN[key] ?? key).replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m));

/**
 * One layer as a word or two in the page's language (`tk`): {dense: 32, activation: 'relu'} → "32 relu",
 * the output layer "output" (输出层); activation names stay as they are written in code.
 */
export function layerText(layer: unknown, tk: Tk = englishWords): string {
  if (!layer || typeof layer !== 'object') return String(layer);
  const l = layer as Record<string, unknown>;
  const act = typeof l.activation === 'string' && l.activation !== 'linear' ? ` ${l.activation}` : '';
  if (l.dense === 'output') return `${tk('setting.layer.output')}${act}`;
  if ('dense' in l) return `${String(l.dense)}${act}`;
  if ('residual' in l && Array.isArray(l.residual)) return `${tk('setting.layer.residual', { inner: modelText(l.residual, tk) })}${act}`;
  if ('dropout' in l) return tk('setting.layer.dropout', { p: settingText(l.dropout) });
  if ('batchnorm' in l) return tk('setting.layer.batchnorm');
  if ('layernorm' in l) return tk('setting.layer.layernorm');
  if (typeof l.activation === 'string') return l.activation;
  return JSON.stringify(layer);
}

/** A model's layers in order, a run of equal layers once with its count: "32 relu → 16 relu ×9 → output". */
export function modelText(layers: unknown, tk: Tk = englishWords): string {
  if (!Array.isArray(layers)) return '';
  const parts: { text: string; n: number }[] = [];
  for (const layer of layers) {
    const text = layerText(layer, tk);
    const last = parts.at(-1);
    if (last?.text === text) last.n += 1;
    else parts.push({ text, n: 1 });
  }
  return parts.map((p) => (p.n > 1 ? `${p.text} ×${p.n}` : p.text)).join(' → ');
}

/** A run once: "shallow", not "shallow · shallow" when the run is named as its experiment. */
export function runName(experimentName: string, label: string): string {
  const e = experimentName.trim();
  const l = label.trim();
  if (!e || e === l || l.startsWith(`${e} · `)) return l || e;
  if (!l) return e;
  return `${e} · ${l}`;
}

/**
 * Labels for runs shown side by side: each run's name, and where two or more of them share a name (the same
 * preset run twice), those runs' numbers after it ("spiral #3", "spiral #7") so legend, rows and CSV tell them apart.
 */
export function distinctRunLabels(runs: readonly { id: number; name: string }[]): Map<number, string> {
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.name, (count.get(r.name) ?? 0) + 1);
  return new Map(runs.map((r) => [r.id, count.get(r.name)! > 1 ? `${r.name} #${r.id}` : r.name]));
}

/** A message where there is one, else `fallback` (tk returns the key itself when it has none). */
const known = (tk: Tk, key: string, fallback: string) => {
  const text = tk(key);
  return text === key ? fallback : text;
};
/** camelCase → words: "samplesPerSecond" → "samples per second". */
const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

const TOP_LABELS: Record<string, string> = {
  experiment: 'setting.experiment',
  kind: 'setting.kind',
  label: 'entry.label',
  status: 'common.status',
  model: 'setting.model',
  loss: 'net.loss',
  epochs: 'setting.epochs',
  batchSize: 'setting.batchSize',
  fn: 'setting.fn',
  start: 'lab.start',
  steps: 'common.steps',
  seed: 'common.seed',
};
const GROUP_LABELS: Record<string, string> = { optimizer: 'entry.optimizer', schedule: 'entry.schedule', inner: 'entry.inner', then: 'entry.then', data: 'net.data' };

/** A row of the settings diff is a result (the run's summary and outcome) or a setting. */
export const isResultKey = (key: string) => key.startsWith('summary.') || key === 'status';

/** The row's name in the page's language: "optimizer.beta1" → "Optimizer: β₁ (beta1)", "summary.trainLoss" → "training loss (full pass)". */
export function settingLabel(key: string, tk: Tk): string {
  if (TOP_LABELS[key]) return tk(TOP_LABELS[key]);
  const parts = key.split('.');
  const head = parts[0]!;
  if (head === 'summary') return known(tk, `setting.${key}`, words(parts.slice(1).join(' ')));
  if (head === 'data') {
    if (parts[1] === 'source') return tk('net.source');
    return known(tk, `setting.data.${parts[1]}`, words(parts[1] ?? '')) + (parts.length > 2 ? `: ${parts.slice(2).map(words).join(' · ')}` : '');
  }
  // optimizer.*, schedule.* (with inner optimizers and chained schedules): the groups, then the parameter.
  const groups = parts.slice(0, -1).filter((p) => !/^\d+$/.test(p));
  const leaf = parts.at(-1)!;
  const groupText = groups.map((g) => known(tk, GROUP_LABELS[g] ?? '', words(g))).join(' · ');
  if (leaf === 'name') return groupText || words(leaf);
  const leafText = known(tk, `param.${leaf}`, words(leaf));
  return groupText ? `${groupText}: ${leafText}` : leafText;
}

/** A number to 4 significant digits (integers as they are); anything else unchanged. */
export function shortNumber(text: string): string {
  if (!/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(text.trim())) return text;
  const v = Number(text);
  if (!Number.isFinite(v) || Number.isInteger(v)) return text;
  return String(Number(v.toPrecision(4)));
}

/** The cell's value in the page's language: optimizer, schedule, data set, surface and status names; accuracies in %; numbers to 4 digits. */
export function settingValue(key: string, value: string, tk: Tk): string {
  if (value === '') return '';
  const leaf = key.split('.').at(-1);
  const named = (prefix: string) => known(tk, `${prefix}.${value}`, value);
  if (key === 'kind') return named('experimentKind');
  if (key === 'status' || key === 'summary.status') return named('status');
  if (key === 'fn') return named('surface');
  if (key === 'loss') return named('net.loss');
  if (key === 'data.source') return named('net.source');
  if (leaf === 'name' && key.startsWith('optimizer')) return named('optim');
  if (leaf === 'name' && key.startsWith('schedule')) return named('sched');
  // Accuracies as the rest of the app shows them: 0.6325 → 63.3 %.
  if (/Accuracy$/.test(leaf ?? '') && key.startsWith('summary.') && Number.isFinite(Number(value))) return `${(100 * Number(value)).toFixed(1)} %`;
  if (value.includes(', ')) return value.split(', ').map(shortNumber).join(', ');
  return shortNumber(value);
}

export interface DiffGroup {
  group: 'settings' | 'results';
  rows: DiffRow[];
}
/** Settings first, then the results (summary and outcome) in their own group; empty groups left out. */
export function groupRows(rows: DiffRow[]): DiffGroup[] {
  const settings = rows.filter((r) => !isResultKey(r.key));
  const results = rows.filter((r) => isResultKey(r.key));
  return [
    { group: 'settings' as const, rows: settings },
    { group: 'results' as const, rows: results },
  ].filter((g) => g.rows.length > 0);
}
