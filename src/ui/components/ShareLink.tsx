/**
 * Sharing: a button that copies the link of the run's settings (with a visible confirmation,
 * or the link in a field where the clipboard is refused), and the banner that says why a link
 * could not be opened.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { linkFor } from '../linkSync';
import './share.css';
import { useMessageText } from '../messageText';
import { linkProblemKey } from './linkProblemKey';

/** How long the confirmation stays, ms. */
const CONFIRM_MS = 4000;

type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; link: string };

export function ShareButton() {
  const { t } = useTranslation('share');
  const config = useAppStore((s) => s.config);
  const [state, setState] = useState<CopyState>({ kind: 'idle' });
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state.kind !== 'copied') return;
    const timer = setTimeout(() => setState({ kind: 'idle' }), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [state]);
  useEffect(() => {
    if (state.kind === 'manual') field.current?.select();
  }, [state]);

  const copy = () => {
    const link = linkFor(config);
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (!clipboard) {
      setState({ kind: 'manual', link });
      return;
    }
    clipboard.writeText(link).then(
      () => setState({ kind: 'copied' }),
      () => setState({ kind: 'manual', link }),
    );
  };

  return (
    <div className="share">
      <div className="share-row">
        <button
          type="button"
          className="button small"
          data-testid="share.copy"
          onClick={copy}
          title={t('copyTitle')}
        >
          {t('copy')}
        </button>
        {state.kind === 'copied' && (
          <span className="share-copied" role="status" data-testid="share.copied">
            ✓ {t('copied')}
          </span>
        )}
      </div>
      {state.kind === 'manual' && (
        <label className="share-manual">
          <span>{t('copyFailed')}</span>
          <input
            ref={field}
            className="input"
            readOnly
            value={state.link}
            aria-label={t('linkLabel')}
            data-testid="share.link"
          />
        </label>
      )}
    </div>
  );
}

/** What was wrong with the link the page was opened with, until dismissed. */
export function LinkProblems() {
  const { t } = useTranslation('share');
  const problems = useAppStore((s) => s.linkProblems);
  const dismiss = useAppStore((s) => s.dismissLinkProblems);
  const text = useMessageText();
  if (problems === null) return null;
  return (
    <div className="link-problems" role="alert" data-testid="share.error">
      <div className="link-problems-head">
        <strong>{t('errorTitle')}</strong>
        <button
          type="button"
          className="button small"
          data-testid="share.error.dismiss"
          onClick={dismiss}
          aria-label={t('dismiss')}
        >
          {t('dismiss')}
        </button>
      </div>
      <ul>
        {problems.map((p, i) => (
          <li key={i} data-path={p.path}>
            {t(linkProblemKey(p), { path: p.path, detail: p.detail === null ? '' : text(p.detail) })}
          </li>
        ))}
      </ul>
    </div>
  );
}
