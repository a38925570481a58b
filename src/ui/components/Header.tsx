/** The top bar: what runs (strategy), on what (backend), how far (models, best reward). */
import type { SpaceId, StrategyId } from '../../nas/config';
import { useAppStore } from '../../store';
import { percent } from '../format';
import { nextTheme } from '../theme';
import { StatusPill } from './StatusPill';

const THEME_LABEL = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' } as const;
const THEME_ICON = { system: '◐', light: '☀', dark: '☾' } as const;

function BackendBadge() {
  const backend = useAppStore((s) => s.backend);
  const name = backend?.name ?? 'starting…';
  const fallback = backend !== null && backend.name !== 'webgpu';
  return (
    <div className="backend">
      <span
        className={`badge backend-badge backend-${backend?.name ?? 'none'}`}
        data-testid="status.backend"
        title={backend?.adapter ? `GPU adapter: ${backend.adapter}` : 'tfjs backend of the search worker'}
      >
        {name}
      </span>
      {fallback && backend.reason !== '' && (
        <span className="backend-note" role="note">
          {backend.reason}
        </span>
      )}
    </div>
  );
}

function ModelsCounter() {
  const trained = useAppStore((s) => s.view.counts.trained);
  const planned = useAppStore((s) => s.view.planned);
  return (
    <div className="stat" title="Unique models trained / models the epsilon schedule plans">
      <span className="stat-label">Trained</span>
      <span className="stat-value" data-testid="status.models">
        {trained} / {planned} models
      </span>
    </div>
  );
}

function BestReward() {
  const best = useAppStore((s) => s.view.bestReward);
  return (
    <div className="stat" title="Best reward so far (validation accuracy)">
      <span className="stat-label">Best</span>
      <span className="stat-value" data-testid="status.best">
        {percent(best, 2)}
      </span>
    </div>
  );
}

function ThemeToggle() {
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  return (
    <button
      type="button"
      className="button theme-toggle"
      onClick={() => setTheme(nextTheme(theme))}
      title={`${THEME_LABEL[theme]}; click for ${THEME_LABEL[nextTheme(theme)].toLowerCase()}`}
    >
      <span aria-hidden="true">{THEME_ICON[theme]}</span> {THEME_LABEL[theme]}
    </button>
  );
}

/** What the run's strategy is, in the header's subtitle. */
const STRATEGY_TITLE: Record<StrategyId, string> = {
  metaqnn: 'MetaQNN · Q-learning over layers',
  blockqnn: 'BlockQNN · Q-learning over the layers of a block',
  reinforce: 'REINFORCE · an LSTM controller learns to sample',
  evolution: 'Regularized evolution · mutate the best, retire the oldest',
  random: 'Random search · the baseline',
};

/** The search space in the subtitle, where the strategy's title does not say it. */
const SPACE_TITLE: Record<SpaceId, string> = {
  layers: 'layers',
  block: 'blocks',
  nasrl: 'NAS-RL layers',
  cell: 'NASNet cells',
  nb201: 'NAS-Bench-201 cells',
};

export function Header() {
  const strategy = useAppStore((s) => s.config.strategy);
  const space = useAppStore((s) => s.config.space);
  const title =
    strategy === 'metaqnn' && space === 'nb201'
      ? 'Q-learning over NAS-Bench-201 cells (MetaQNN rules)'
      : strategy === 'metaqnn' || strategy === 'blockqnn'
        ? STRATEGY_TITLE[strategy]
        : `${STRATEGY_TITLE[strategy]} · ${SPACE_TITLE[space]}`;
  return (
    <header className="app-header">
      <div className="brand">
        <h1>NAS Playground</h1>
        <span className="strategy">{title}</span>
      </div>
      <div className="header-status">
        <StatusPill />
        <BackendBadge />
        <ModelsCounter />
        <BestReward />
        <ThemeToggle />
      </div>
    </header>
  );
}
