// CSV import: numeric columns, one of them the target (by header name or 0-based index). The
// separator is a comma unless the first line has semicolons or tabs and no commas. Errors name the
// row (1-based, as an editor shows it) and the column.
import { ExperimentError } from '../nn/errors';
import { classification, regression, type Dataset } from './dataset';
import { maybeGunzip, readBytes } from './files';

export interface CsvOptions {
  target: string | number;
  header: boolean | 'auto';
  task: 'auto' | 'classification' | 'regression';
}

const isNumber = (cell: string) => cell.trim() !== '' && Number.isFinite(Number(cell));

/** At most 24 characters of a cell, so an error message never echoes the file back. */
const clip = (cell: string): string => (cell.length > 24 ? `${cell.slice(0, 23)}…` : cell);
const short = (cell: string): string => JSON.stringify(clip(cell));
/** The header's names, as many as a message should list. */
const listed = (names: string[]): string => names.slice(0, 12).map(clip).join(', ') + (names.length > 12 ? `, … (${names.length} columns)` : '');

export function parseCsv(text: string, path: string, o: CsvOptions): Dataset {
  const field = 'data.path';
  const lines = text.split(/\r?\n/).map((line, i) => ({ line, row: i + 1 })).filter((l) => l.line.trim() !== '');
  if (lines.length === 0) throw new ExperimentError(field, `${path} is empty`);
  const first = lines[0]!.line;
  const sep = first.includes(',') ? ',' : first.includes(';') ? ';' : first.includes('\t') ? '\t' : ',';
  const split = (line: string) => line.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const firstCells = split(first);
  const hasHeader = o.header === 'auto' ? firstCells.some((c) => !isNumber(c)) : o.header;
  const names = hasHeader ? firstCells : firstCells.map((_, i) => `column ${i}`);
  const body = hasHeader ? lines.slice(1) : lines;
  if (body.length === 0) throw new ExperimentError(field, `${path} has a header but no data rows`);
  const width = names.length;
  if (width < 2) throw new ExperimentError(field, `${path} has ${width} column; need at least one feature and the target`);

  let target: number;
  if (typeof o.target === 'number') {
    if (o.target >= width) throw new ExperimentError('data.target', `column index ${o.target} is out of range: ${path} has ${width} columns (0–${width - 1})`);
    target = o.target;
  } else {
    target = names.indexOf(o.target);
    if (target < 0)
      throw new ExperimentError('data.target', hasHeader ? `no column named ${short(o.target)}; columns are ${listed(names)}` : `${path} has no header row, so give the target as a column index`);
  }

  const features = width - 1;
  const x = new Float32Array(body.length * features);
  const t = new Float64Array(body.length);
  body.forEach(({ line, row }, i) => {
    const cells = split(line);
    if (cells.length !== width) throw new ExperimentError(field, `${path} row ${row} has ${cells.length} columns, expected ${width}`);
    let f = 0;
    for (let c = 0; c < width; c++) {
      if (!isNumber(cells[c]!)) throw new ExperimentError(field, `${path} row ${row}, column ${c + 1} (${clip(names[c]!)}): ${short(cells[c]!)} is not a number`);
      const v = Number(cells[c]);
      if (c === target) t[i] = v;
      else x[i * features + f++] = v;
    }
  });

  const distinct = [...new Set(t)].sort((a, b) => a - b);
  const integral = distinct.every((v) => Number.isInteger(v));
  const isClassification = o.task === 'classification' || (o.task === 'auto' && integral && distinct.length <= 50);
  if (!isClassification) return regression('csv', x, features, Float32Array.from(t), 1);
  if (distinct.length < 2) throw new ExperimentError('data.target', `column ${clip(names[target]!)} has a single value; a classifier needs at least 2 classes`);
  if (distinct.length > 1000) throw new ExperimentError('data.task', `column ${clip(names[target]!)} has ${distinct.length} distinct values; too many classes (use "task": "regression")`);
  const index = new Map(distinct.map((v, i) => [v, i]));
  const labels = Int32Array.from(t, (v) => index.get(v)!);
  return classification('csv', x, features, labels, distinct.length, { classNames: distinct.map(String) });
}

export function loadCsv(path: string, o: CsvOptions): Dataset {
  return parseCsv(maybeGunzip(readBytes(path, 'data.path'), path, 'data.path').toString('utf8'), path, o);
}
