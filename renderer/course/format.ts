// How the verdict panel writes measured numbers: a plain value, or mean ± spread over seeds.
import type { Bilingual, SeedStat } from '../../preload/course';
import { courseTermKey, settingValueWords, type CourseTermKind } from '../i18n/course-measures';
import { isMessageKey, type Locale, type MessageKey, type Params } from '../i18n/messages';

export function isSeedStat(v: unknown): v is SeedStat {
  return typeof v === 'object' && v !== null && typeof (v as SeedStat).mean === 'number' && typeof (v as SeedStat).std === 'number';
}

/** Three significant digits; very large or small magnitudes in exponent form; integers stay whole. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}

export function formatMeasured(v: number | SeedStat): { value: string; spread: string | null; n: number | null } {
  if (!isSeedStat(v)) return { value: formatValue(v), spread: null, n: null };
  return { value: formatValue(v.mean), spread: v.n > 1 ? formatValue(v.std) : null, n: v.n };
}

/** "deepPlainTrainLoss" → "deep plain train loss"; "batch512ValAccuracy" → "batch 512 val accuracy". */
export function measuredLabel(key: string): string {
  return key
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([0-9])([a-zA-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

type Translate = (key: MessageKey, params?: Params) => string;

/**
 * An engine key of the course (a measured value, a run's role, a stored series, an experiment's
 * setting) in the page's language; one the course does not name reads humanised.
 */
export function courseTerm(kind: CourseTermKind, raw: string, t: Translate): string {
  const k = courseTermKey(kind, raw);
  return k ? t(k.key, k.params) : measuredLabel(raw);
}

/** A pre-set experiment's setting value: a number as the verdicts write it, a text with its English words translated. */
export function courseSettingValue(key: string, v: number | string | boolean, t: Translate): string {
  if (typeof v === 'number') return formatValue(v);
  // A surface or an optimizer the labs name: their name.
  const named = key === 'surface' ? `surface.${v}` : key === 'optimizer' ? `optim.${v}` : '';
  if (named && isMessageKey(named)) return t(named);
  // A data set the Network lab names, with its size after it: "moons (300)" → "Moons (2-D) · 300".
  const data = key === 'data' ? /^(\w+)(?: \((.*)\))?$/.exec(String(v)) : null;
  const source = data ? `net.source.${data[1]}` : '';
  if (data && isMessageKey(source)) return data[2] ? `${t(source)} · ${courseSettingValue('', data[2], t)}` : t(source);
  return settingValueWords(String(v), (w) => {
    const k = courseTermKey('paramWord', w);
    return k ? t(k.key) : null;
  });
}

/** The engine's two-language strings in the page's language. */
export function pick(text: Bilingual, locale: Locale): string {
  return locale === 'en' ? text.en : text.zh;
}
