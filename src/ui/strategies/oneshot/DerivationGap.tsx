/**
 * The derivation gap (SNAS, Fig. 4): the supernet's accuracy at the end of the search, the
 * derived cell's with the supernet's weights (no retraining), the same cell trained alone, and
 * NAS-Bench-201's CIFAR-10 accuracy of the cell, set apart as a transfer reference, not this run.
 */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../store';
import { percent } from '../../format';
import { gapRows, type GapRow } from './oneShotData';
import { shownOneShot } from './sources';

export function DerivationGap() {
  const { t } = useTranslation('strategy');
  const derived = useAppStore((s) => shownOneShot(s).derived);
  const standalone = useAppStore((s) => shownOneShot(s).standaloneAccuracy);
  const rows = gapRows(derived, standalone);
  if (!rows) return <p className="oneshot-placeholder">{t('oneshotPanel.gap.pending')}</p>;
  return (
    <>
      <table className="oneshot-gap-table">
        <tbody>
          {rows.map((row) => (
            <GapBar key={row.key} row={row} />
          ))}
        </tbody>
      </table>
      <p className="oneshot-note">{t('oneshotPanel.gap.note')}</p>
    </>
  );
}

function GapBar({ row }: { row: GapRow }) {
  const { t } = useTranslation('strategy');
  const missing = row.key === 'standalone' ? t('oneshotPanel.gap.training') : t('oneshotPanel.gap.noTable');
  return (
    <tr
      className="oneshot-gap-row"
      data-key={row.key}
      data-testid={`oneshot.gap.${row.key}`}
      data-value={row.accuracy ?? undefined}
    >
      <th scope="row">{t(`oneshotPanel.gap.${row.key}`)}</th>
      <td className="oneshot-gap-bar-cell">
        <span className="oneshot-gap-track" aria-hidden="true">
          {row.accuracy !== null && (
            <span
              className="oneshot-gap-bar"
              style={{ width: `${Math.max(0, Math.min(1, row.accuracy)) * 100}%` }}
            />
          )}
        </span>
      </td>
      <td className="num">
        {row.accuracy === null ? <span className="muted">{missing}</span> : percent(row.accuracy, 1)}
      </td>
    </tr>
  );
}
