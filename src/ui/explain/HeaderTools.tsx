/** The teacher's header buttons: explain mode, presentation mode and the shortcut help. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';

export function HeaderTools() {
  const { t } = useTranslation(['explain', 'present']);
  const explainOn = useAppStore((s) => s.explainOn);
  const presentation = useAppStore((s) => s.presentation);
  const helpOpen = useAppStore((s) => s.helpOpen);
  const setExplainOn = useAppStore((s) => s.setExplainOn);
  const setPresentation = useAppStore((s) => s.setPresentation);
  const setHelpOpen = useAppStore((s) => s.setHelpOpen);

  useEffect(() => {
    const root = document.documentElement;
    if (presentation) root.dataset.presentation = 'on';
    else delete root.dataset.presentation;
  }, [presentation]);

  return (
    <div className="header-tools" role="group">
      <button
        type="button"
        className={`button toggle ${explainOn ? 'on' : ''}`}
        data-testid="explain.toggle"
        aria-pressed={explainOn}
        title={t('explain:toggleTitle')}
        onClick={() => setExplainOn(!explainOn)}
      >
        {t('explain:toggle')}
      </button>
      <button
        type="button"
        className={`button toggle ${presentation ? 'on' : ''}`}
        data-testid="present.toggle"
        aria-pressed={presentation}
        title={t('present:toggleTitle')}
        onClick={() => setPresentation(!presentation)}
      >
        {t('present:toggle')}
      </button>
      <button
        type="button"
        className="button"
        data-testid="help.open"
        aria-expanded={helpOpen}
        title={t('present:helpTitle')}
        onClick={() => setHelpOpen(!helpOpen)}
      >
        ? {t('present:help')}
      </button>
    </div>
  );
}
