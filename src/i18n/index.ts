/**
 * i18n for the UI (i18next + react-i18next): English and Simplified Chinese.
 *
 * Strings live in `locales/<lang>/<namespace>.json`, one namespace per area of the UI, so that
 * features add their strings without touching each other's files; each strategy's strings live in
 * its own folder (src/nas/strategies/<id>/locales/<lang>.json, by namespace) and are merged in. Every namespace found under
 * `locales/` is loaded; `en` is the fallback. The language is kept in localStorage.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { FORMATS, mergeStrings } from '../nas/message';
import { spaceDefinitions, strategyDefinitions } from '../nas/strategies';

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', zh: '简体中文' };

const STORAGE_KEY = 'nas-playground.language';

type Resources = Record<Language, Record<string, Record<string, unknown>>>;

/** All locale files, grouped by language and namespace, with the strings each registered strategy and space brings. */
export function localeResources(): Resources {
  const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json', {
    eager: true,
  });
  const resources: Resources = { en: {}, zh: {} };
  for (const [path, mod] of Object.entries(files)) {
    const match = /\.\/locales\/(\w+)\/([\w-]+)\.json$/.exec(path);
    if (!match) continue;
    const [, lang, ns] = match;
    if (!isLanguage(lang) || !ns) continue;
    resources[lang][ns] = mod.default;
  }
  // A strategy's strings live in its folder (src/nas/strategies/<id>/locales) and join here.
  const bundles = [...strategyDefinitions(), ...spaceDefinitions()].flatMap((d) =>
    d.locales ? [d.locales] : [],
  );
  for (const bundle of bundles)
    for (const lang of LANGUAGES)
      for (const [ns, table] of Object.entries(bundle[lang]))
        resources[lang][ns] = mergeStrings(resources[lang][ns] ?? {}, table) as Record<string, unknown>;
  return resources;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The stored language, else the browser's if it is Chinese, else English. */
export function initialLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Private modes may refuse storage: fall through.
  }
  const nav = globalThis.navigator?.language ?? 'en';
  return nav.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Initialises the shared i18next instance (idempotent) and returns it. */
export function initI18n(language: Language = initialLanguage()): I18n {
  if (i18next.isInitialized) return i18next;
  const resources = localeResources();
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    ns: Object.keys(resources.en),
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
  // The formats the core's English formatter applies too (src/nas/message.ts), e.g. `{{label, lowercase}}`.
  for (const [name, format] of Object.entries(FORMATS))
    i18next.services.formatter?.add(name, (value) => format(String(value)));
  setDocumentLanguage(language);
  return i18next;
}

/** `<html lang>`, for screen readers, hyphenation and the Chinese font stack. */
function setDocumentLanguage(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
}

/** Switches the UI language and remembers it. */
export async function setLanguage(language: Language): Promise<void> {
  await initI18n().changeLanguage(language);
  setDocumentLanguage(language);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered in private modes; the switch still applies.
  }
}

export { i18next };
