/** The keyboard shortcuts, opened by `?` or the header's Help button. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { SHORTCUTS } from './shortcuts';

export function HelpPanel() {
  const { t } = useTranslation('present');
  const open = useAppStore((s) => s.helpOpen);
  const setOpen = useAppStore((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div className="help-backdrop" onClick={() => setOpen(false)}>
      <section
        className="help-panel"
        data-testid="help.panel"
        role="dialog"
        aria-modal="false"
        aria-labelledby="help-title"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="help-head">
          <h2 id="help-title">{t('helpHeading')}</h2>
          <button type="button" className="button" data-testid="help.close" onClick={() => setOpen(false)}>
            {t('close')}
          </button>
        </header>
        <dl className="help-keys">
          {SHORTCUTS.map(({ keys, command }) => (
            <div key={command} className="help-key" data-command={command}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{t(`commands.${command}`)}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">{t('typingNote')}</p>
      </section>
    </div>
  );
}
