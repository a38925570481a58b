/** Marks a result that was read from the persistent result cache instead of being trained now. */
import { useTranslation } from 'react-i18next';
import type { ResultEvent } from '../../nas/runlog';
import './runsPanel.css';

export function ResultCacheBadge({ result }: { result: Pick<ResultEvent, 'fromResultCache'> }) {
  const { t } = useTranslation('runs');
  if (!result.fromResultCache) return null;
  return (
    <span className="result-cache-badge" data-testid="result.cached" title={t('cache.badgeTitle')}>
      {t('cache.badge')}
    </span>
  );
}
