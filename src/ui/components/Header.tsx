/** The top bar: what runs (strategy), on what (backend), how far (models, best reward). */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { headerTitle } from '../strategies';
import { percent } from '../format';
import { useMessageText } from '../messageText';
import { nextTheme } from '../theme';
import { LanguageSelect } from './LanguageSelect';
import { StatusPill } from './StatusPill';
import { EtaReadout } from './EtaReadout';
import { HeaderTools } from '../explain/HeaderTools';

const THEME_ICON = { system: '◐', light: '☀', dark: '☾' } as const;

function BackendBadge() {
  const { t } = useTranslation('header');
  const messageText = useMessageText();
  const backend = useAppStore((s) => s.backend);
  const name = backend?.name ?? t('backend.starting');
  const fallback = backend !== null && backend.name !== 'webgpu';
  return (
    <div className="backend">
      <span
        className={`badge backend-badge backend-${backend?.name ?? 'none'}`}
        data-testid="status.backend"
        title={backend?.adapter ? t('backend.adapter', { adapter: backend.adapter }) : t('backend.title')}
      >
        {name}
      </span>
      {backend?.software && (
        <span
          className="badge backend-software"
          data-testid="status.softwareAdapter"
          title={t('backend.softwareTitle', { adapter: backend.adapter })}
        >
          {t('backend.software')}
        </span>
      )}
      {fallback && backend.reason !== null && (
        <span className="backend-note" role="note" data-testid="status.backendReason">
          {messageText(backend.reason)}
        </span>
      )}
    </div>
  );
}

function ModelsCounter() {
  const { t } = useTranslation('header');
  const trained = useAppStore((s) => s.view.counts.trained);
  const planned = useAppStore((s) => s.view.planned);
  return (
    <div className="stat" title={t('models.title')}>
      <span className="stat-label">{t('models.label')}</span>
      <span className="stat-value" data-testid="status.models">
        {t('models.value', { trained, planned })}
      </span>
    </div>
  );
}

function BestReward() {
  const { t } = useTranslation('header');
  const best = useAppStore((s) => s.view.bestReward);
  return (
    <div className="stat" title={t('best.title')}>
      <span className="stat-label">{t('best.label')}</span>
      <span className="stat-value" data-testid="status.best">
        {percent(best, 2)}
      </span>
    </div>
  );
}

function ThemeToggle() {
  const { t } = useTranslation('header');
  const theme = useAppStore((s) => s.theme);
  const label = (id: typeof theme) => t(`theme.${id}`);
  const setTheme = useAppStore((s) => s.setTheme);
  return (
    <button
      type="button"
      className="button theme-toggle"
      onClick={() => setTheme(nextTheme(theme))}
      title={t('theme.toggle', { current: label(theme), next: label(nextTheme(theme)).toLowerCase() })}
    >
      <span aria-hidden="true">{THEME_ICON[theme]}</span> {label(theme)}
    </button>
  );
}

export function Header() {
  const { t } = useTranslation('header');
  const strategy = useAppStore((s) => s.config.strategy);
  const space = useAppStore((s) => s.config.space);
  // What the run's strategy is, with the search space where the strategy's title does not say it.
  const { key, withSpace } = headerTitle(strategy, space);
  const title = withSpace ? `${t(key)} · ${t(`space.${space}`)}` : t(key);
  return (
    <header className="app-header">
      <div className="brand">
        <h1>NAS Playground</h1>
        <span className="strategy" title={title}>
          {title}
        </span>
      </div>
      <div className="header-status">
        <StatusPill />
        <BackendBadge />
        <ModelsCounter />
        <EtaReadout />
        <BestReward />
        <HeaderTools />
        <LanguageSelect />
        <ThemeToggle />
      </div>
    </header>
  );
}
