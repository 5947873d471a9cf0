// Importing an experiment file: main validates it (experiments:import, nothing stored) and the
// parsed spec opens in its builder; a refusal lists every bad field under the file's name.
import { translate } from '../i18n/messages';
import { useI18n } from '../i18n';
import { useNetworkLabStore } from '../stores/networkLab';
import { useNoticeStore } from '../stores/notices';
import { useRunsStore } from '../stores/runs';
import { useSettingsStore } from '../stores/settings';
import { useSurfaceLabStore } from '../stores/surfaceLab';

/** `onRefused`, when given, shows a refusal beside the button that imported (instead of as a notice). */
export async function openImported(json: string, fileName: string, onRefused?: (error: unknown) => void): Promise<boolean> {
  const notices = useNoticeStore();
  const { locale } = useI18n();
  try {
    const imported = await useRunsStore().parseExperimentFile(json);
    const settings = useSettingsStore();
    if (imported.kind === 'network') {
      useNetworkLabStore().open(imported.spec, imported.name);
      settings.go('network');
    } else {
      settings.go('surface');
      await useSurfaceLabStore().open(imported.spec, imported.name);
    }
    notices.success(() => translate(locale.value, 'wb.imported', { file: fileName }));
    return true;
  } catch (error) {
    if (onRefused) {
      onRefused(error);
      return false;
    }
    notices.error(error, (described) => translate(locale.value, 'wb.importFailed', { file: fileName, reason: described.text }));
    return false;
  }
}
