/**
 * The words of the charts (axis labels, legends, notes, tooltips) in the interface language: the
 * `charts` namespace of the app's i18next instance, or English where the app has not set one up
 * (chart demos, unit tests). A chart re-renders when `watchLanguage` reports a switch.
 * Framework-free: no React, no store.
 */
import i18next, { type i18n } from 'i18next';
import en from '../i18n/locales/en/charts.json';

let english: i18n | null = null;

/** The app's instance once initialised; before that, a private English-only one. */
function instance(): i18n {
  if (i18next.isInitialized) return i18next;
  if (!english) {
    english = i18next.createInstance();
    void english.init({
      lng: 'en',
      resources: { en: { charts: en } },
      ns: ['charts'],
      defaultNS: 'charts',
      interpolation: { escapeValue: false },
      initAsync: false,
    });
  }
  return english;
}

/** The chart string at `key` (e.g. `reward.axisX`) with `{{vars}}` filled in. */
export function chartText(key: string, vars?: Record<string, string | number>): string {
  return instance().t(key, { ns: 'charts', ...vars });
}

/** The language the charts write in, for number formatting (`toLocaleString`). */
export function chartLanguage(): string {
  return instance().language === 'zh' ? 'zh-CN' : 'en-US';
}

/** Calls `onChange` after the interface language switches. Returns a disposer. */
export function watchLanguage(onChange: () => void): () => void {
  const handler = () => onChange();
  i18next.on('languageChanged', handler);
  return () => i18next.off('languageChanged', handler);
}
