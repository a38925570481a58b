/** The interface language, English or Simplified Chinese; remembered across reloads. */
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage, setLanguage } from '../../i18n';
import './languageSelect.css';

export function LanguageSelect() {
  const { t, i18n } = useTranslation('header');
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  return (
    <label className="language-select" title={t('language.title')}>
      <span className="visually-hidden">{t('language.label')}</span>
      <select
        className="input select"
        data-testid="config.language"
        value={current}
        onChange={(e) => {
          if (isLanguage(e.target.value)) void setLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang === 'zh' ? 'zh-CN' : 'en'}>
            {LANGUAGE_NAMES[lang]}
          </option>
        ))}
      </select>
    </label>
  );
}
