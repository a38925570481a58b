/**
 * The cell the search ends with, drawn as the app draws NAS-Bench-201 cells, with its cell string
 * and the rule that picked it; before the end, a note saying when it comes and (ENAS, SNAS) the
 * child the latest step sampled.
 */
import { useTranslation } from 'react-i18next';
import { DARTS_CELL_KINDS, DARTS_ROWS, dartsArchString } from '../../../nas/spaces/darts';
import { cellString } from '../../../nas/spaces/nb201';
import { useAppStore } from '../../../store';
import { DartsDerivedDag, DerivedDag } from './charts';
import { CellOpsLine } from './CellOpsLine';
import { opsOf, spaceOfView, type OneShotMethod } from './oneShotData';
import { shownOneShot } from './sources';

export function DerivedCell({ method }: { method: OneShotMethod }) {
  const { t } = useTranslation('strategy');
  const derived = useAppStore((s) => shownOneShot(s).derived);
  const space = useAppStore((s) => spaceOfView(shownOneShot(s)).id);
  if (!derived) {
    return (
      <div className="oneshot-pending">
        <p className="oneshot-placeholder" data-testid="oneshot.derived.pending">
          {t(`oneshotPanel.derived.pending.${method}`)}
        </p>
        {method !== 'darts' && <SampledChild />}
      </div>
    );
  }
  const rule =
    derived.rule === 'argmax'
      ? t('oneshotPanel.derived.argmax')
      : derived.rule === 'top2'
        ? t('oneshotPanel.derived.top2')
        : t('oneshotPanel.derived.sampleBest', { count: derived.candidates?.length ?? 0 });
  return (
    <div className="oneshot-derived-body" data-arch={derived.arch} data-space={space}>
      {space === 'darts' ? (
        DARTS_CELL_KINDS.map((kind) => (
          <figure key={kind} className="oneshot-derived-cell" data-testid={`oneshot.derived.${kind}`}>
            <figcaption>{t(`oneshotPanel.derived.${kind}`)}</figcaption>
            <DartsDerivedDag kind={kind} />
          </figure>
        ))
      ) : (
        <DerivedDag />
      )}
      <p className="oneshot-rule">
        {rule} {t('oneshotPanel.derived.weights')}
      </p>
      <code className="net-string small" data-testid="oneshot.derived.arch">
        {derived.arch}
      </code>
    </div>
  );
}

/** The child the latest snapshot sampled (ENAS, SNAS), or nothing before one. */
function SampledChild() {
  const { t } = useTranslation('strategy');
  const last = useAppStore((s) => {
    const snapshot = shownOneShot(s).snapshots.at(-1);
    return snapshot?.child ? snapshot : null;
  });
  if (!last?.child) return null;
  if (last.child.length === DARTS_ROWS) {
    return (
      <p className="oneshot-child" data-testid="oneshot.derived.child" data-step={last.step}>
        <span className="oneshot-child-label">
          {t('oneshotPanel.derived.child', { step: last.step.toLocaleString() })}
        </span>{' '}
        <code className="net-string small">{dartsArchString(last.child)}</code>
      </p>
    );
  }
  const ops = opsOf(last.child);
  return (
    <p className="oneshot-child" data-testid="oneshot.derived.child" data-step={last.step}>
      <span className="oneshot-child-label">
        {t('oneshotPanel.derived.child', { step: last.step.toLocaleString() })}
      </span>{' '}
      <CellOpsLine ops={ops} title={cellString(ops)} />
    </p>
  );
}
