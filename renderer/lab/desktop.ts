// The desktop app's menu, drops and file associations, as the page carries them out: 'app:command'
// (a page, a theme, a new experiment, export) and 'app:file' (a file main has already allowed:
// an experiment or a run bundle is imported with the same validation as History's buttons; a CSV
// or IDX file goes into the Network lab's data fields). The page's language is told to main so
// the menu follows it. Web mode has none of these events; nothing happens there.
import { watch } from 'vue';
import { lab } from '../api/client';
import { translate } from '../i18n/messages';
import { useI18n } from '../i18n';
import { useNetworkLabStore } from '../stores/networkLab';
import { useNoticeStore } from '../stores/notices';
import { useRunsStore } from '../stores/runs';
import { useSettingsStore } from '../stores/settings';
import { openImported } from './importExperiment';

export function followDesktop(): () => void {
  if (lab().transport !== 'ipc') return () => {};
  const settings = useSettingsStore();
  const { locale } = useI18n();
  const stopLocale = watch(locale, (next) => void lab().invoke('app:setLocale', { locale: next }).catch(() => {}), { immediate: true });
  const stopCommand = lab().on('app:command', (c) => {
    if (c.command === 'navigate') settings.go(c.page);
    else if (c.command === 'theme') settings.theme = c.theme === 'system' ? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : c.theme;
    else if (c.command === 'new-experiment') settings.go('network');
    else if (c.command === 'export') settings.go('history');
  });
  const stopFile = lab().on('app:file', async (file) => {
    const net = useNetworkLabStore();
    if (file.kind === 'experiment' && file.text !== null) return void (await openImported(file.text, file.name));
    if (file.kind === 'bundle' && file.text !== null) {
      if (await useRunsStore().importBundle(file.text)) useNoticeStore().success(() => translate(locale.value, 'wb.bundleImported', { file: file.name }));
      return settings.go('history');
    }
    if (file.kind === 'csv') {
      net.setSource('csv');
      net.form.path = file.path;
    } else if (file.kind === 'idx-images' || file.kind === 'idx-labels') {
      if (net.form.source !== 'idx') net.setSource('idx');
      if (file.kind === 'idx-images') net.form.images = file.path;
      else net.form.labels = file.path;
    } else {
      return useNoticeStore().error(new Error(translate(locale.value, 'net.unknownFile', { file: file.name })));
    }
    settings.go('network');
  });
  return () => {
    stopLocale();
    stopCommand();
    stopFile();
  };
}
