// Experiment files: an experiment's spec written out in the experiment format (network) or as
// the surface experiment spec, and such a file read back — validated by the same schemas the
// builder and `lab run` use, each problem reported at its field — for the builder, not run.
import { fieldIssue, type ExperimentFile, type ImportedExperiment, type LabError, type LabIssue } from '../../preload/contract';
import { experimentSpec, type ExperimentSpec } from '../../preload/experiment';
import { surfaceExperimentSpec } from '../../preload/spec';
import type { Store } from '../store';
import { invalidFields, zodIssues } from './errors';

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9\u4e00-\u9fff]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'experiment';

export function exportExperiment(store: Store, id: number): ExperimentFile {
  const e = store.getExperiment(id);
  // A network experiment file carries its own name; the stored one (renamed in History) wins.
  const spec = e.kind === 'network' ? { ...(e.spec as ExperimentSpec), name: e.name } : e.spec;
  return { fileName: `${slug(e.name)}.experiment.json`, kind: e.kind, json: `${JSON.stringify(spec, null, 2)}\n` };
}

function invalid(issues: LabIssue[]): LabError {
  return invalidFields('experiment-file', 'Not a valid experiment file', issues);
}

export function importExperiment(json: string): ImportedExperiment {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw invalid([fieldIssue('json', `not JSON: ${(e as Error).message}`, 'not-json')]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid([fieldIssue('json', 'expected a JSON object', 'expected-object')]);
  const kind = (value as { kind?: unknown }).kind;
  // Surface files say so (kind "surface", or a surface's fn and race entries); anything else is a network file.
  const surface = kind === 'surface' || (kind === undefined && 'fn' in value && 'entries' in value);
  if (surface) {
    const parsed = surfaceExperimentSpec.safeParse(value);
    if (!parsed.success) throw invalid(zodIssues(parsed.error));
    return { kind: 'surface', name: parsed.data.fn, spec: parsed.data };
  }
  const parsed = experimentSpec.safeParse(value);
  if (!parsed.success) throw invalid(zodIssues(parsed.error));
  return { kind: 'network', name: parsed.data.name, spec: parsed.data };
}
