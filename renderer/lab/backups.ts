// How a backup reads in the app: its date in the user's locale, its size, and its one-line summary.
import type { BackupInfo } from '../../preload/contract';
import type { useI18n } from '../i18n';

type T = ReturnType<typeof useI18n>['t'];

export const backupDate = (locale: string, iso: string) => new Date(iso).toLocaleString(locale);

export function backupSize(t: T, bytes: number): string {
  const units = ['backups.size.b', 'backups.size.kb', 'backups.size.mb', 'backups.size.gb'] as const;
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return t(units[i]!, { n: i === 0 ? String(v) : v.toFixed(v < 10 ? 1 : 0) });
}

export const backupLine = (t: T, locale: string, b: BackupInfo) =>
  t('backups.line', { date: backupDate(locale, b.createdAt), size: backupSize(t, b.bytes), runs: b.runs, experiments: b.experiments });
