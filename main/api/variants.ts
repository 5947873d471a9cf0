// Variants: a base experiment spec plus varied axes (dotted spec paths, each with a list of
// values) expanded into the grid of concrete specs, each validated by the experiment schema.
// A cell that fails names the axis and value responsible, so the builder can point at it.
import { fieldIssue, LabError, type ErrorParams, type ErrorReason, type LabIssue } from '../../preload/contract';
import { experimentSpec, type ExperimentSpec } from '../../preload/experiment';
import { MAX_GRID, type VariantAxis, type VariantCell, type VariantGrid } from '../../preload/workbench';
import { zodIssues } from './errors';

/** What an absent object on the path starts as (so "optimizer.lr" alone varies Adam's rate). */
const OBJECT_DEFAULTS: Record<string, () => Record<string, unknown>> = {
  optimizer: () => ({ name: 'adam' }),
  schedule: () => ({ name: 'constant' }),
};

/** Sets `path` in a copy-on-write way inside `target` (already a private deep copy). */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  // A bare name for an optimizer or schedule means that one with its defaults.
  if (keys.length === 1 && (keys[0] === 'optimizer' || keys[0] === 'schedule') && typeof value === 'string') value = { name: value };
  let node: Record<string, unknown> | unknown[] = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!;
    const current = (node as Record<string, unknown>)[key];
    if (current === undefined || current === null || typeof current !== 'object') {
      const next = i === 0 && OBJECT_DEFAULTS[key] ? OBJECT_DEFAULTS[key]() : /^\d+$/.test(keys[i + 1]!) ? [] : {};
      (node as Record<string, unknown>)[key] = next;
      node = next;
    } else node = current as Record<string, unknown>;
  }
  (node as Record<string, unknown>)[keys[keys.length - 1]!] = structuredClone(value);
}

/** "adam", 0.01, {name: "sgd", …} → "sgd", anything else as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string') return (value as { name: string }).name;
  if (typeof value === 'object' && typeof (value as { source?: unknown }).source === 'string') return (value as { source: string }).source;
  return JSON.stringify(value);
}

/** Label keys: the last path segment, or the whole path where two axes would share it. */
function axisKeys(axes: VariantAxis[]): string[] {
  const last = axes.map((a) => a.path.split('.').at(-1)!);
  return axes.map((a, i) => (last.filter((k) => k === last[i]).length > 1 || /^\d+$/.test(last[i]!) ? a.path : last[i]!));
}

function invalid(reason: ErrorReason, params: ErrorParams, message: string, issues: LabIssue[]): LabError {
  return new LabError({ code: 'invalid-request', reason, params, message, issues });
}

export function expandVariants(base: Record<string, unknown>, axes: VariantAxis[], limit = MAX_GRID): VariantGrid {
  const seen = new Set<string>();
  axes.forEach((a, i) => {
    if (seen.has(a.path)) throw invalid('variant-axis-twice', { path: a.path }, `axes.${i}.path: "${a.path}" is varied twice`, [fieldIssue(`axes.${i}.path`, `"${a.path}" is already an axis`, 'axis-twice', { path: a.path })]);
    seen.add(a.path);
  });
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > limit) {
    const sizes = axes.map((a) => a.values.length).join(' × ');
    throw invalid('variant-grid-too-large', { total, limit, sizes }, `axes: the grid has ${total} runs (${sizes}); at most ${limit}`, [
      fieldIssue('axes', `${sizes} = ${total} runs; at most ${limit}`, 'grid-too-large', { total, limit, sizes }),
    ]);
  }
  const keys = axisKeys(axes);
  const cells: VariantCell[] = [];
  const index = new Array<number>(axes.length).fill(0);
  for (let n = 0; n < total; n++) {
    const input = structuredClone(base);
    const values: Record<string, unknown> = {};
    axes.forEach((a, i) => {
      const v = a.values[index[i]!];
      setPath(input, a.path, v);
      values[a.path] = v;
    });
    const parsed = experimentSpec.safeParse(input);
    const label = axes.length ? axes.map((a, i) => `${keys[i]}=${formatValue(values[a.path])}`).join(', ') : 'base';
    if (!parsed.success) throw cellError(axes, index, parsed.error, label);
    cells.push({ label, values, spec: parsed.data as ExperimentSpec });
    // Odometer: the last axis varies fastest, so cells read like nested loops in axis order.
    for (let i = axes.length - 1; i >= 0; i--) {
      if (++index[i]! < axes[i]!.values.length) break;
      index[i] = 0;
    }
  }
  return { cells, total };
}

/** Blames the axis whose path covers the bad field; otherwise the base. */
function cellError(axes: VariantAxis[], index: number[], error: Parameters<typeof zodIssues>[0], label: string): LabError {
  const issues = zodIssues(error).map((issue) => {
    const i = axes.findIndex((a) => issue.path === a.path || issue.path.startsWith(`${a.path}.`) || a.path.startsWith(`${issue.path}.`));
    if (i < 0) return { ...issue, path: issue.path ? `base.${issue.path}` : 'base' };
    const a = axes[i]!;
    const value = formatValue(a.values[index[i]!]);
    return { ...issue, path: `axes.${i}.values.${index[i]}`, message: `${a.path}=${value}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`, params: { ...issue.params, field: issue.path, axis: a.path, value } };
  });
  const detail = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return invalid('variant-invalid', { label }, `Variant "${label}" is not a valid experiment: ${detail}`, issues);
}
