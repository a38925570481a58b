/**
 * The one-shot panel (DARTS, SNAS, ENAS on the NAS-Bench-201 cell or the DARTS cells): the latest architecture
 * distribution, each edge's weights over time, the entropy (and SNAS's temperature), the
 * supernet's curves, the derived cell and the derivation gap, and ENAS's controller.
 * Each part reads only its slice of the store; the charts redraw through `RedrawThrottle`.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AlphaChart, CurvesChart, EdgesChart, EntropyLines } from './charts';
import { DerivationGap } from './DerivationGap';
import { DerivedCell } from './DerivedCell';
import { EnasController } from './EnasController';
import { useAppStore } from '../../../store';
import { spaceOfView, type OneShotMethod } from './oneShotData';
import { Progress } from './Progress';
import { shownOneShot } from './sources';

function Section({ testId, title, children }: { testId: string; title: string; children: ReactNode }) {
  return (
    <section className="oneshot-section" data-testid={testId}>
      <h3 className="oneshot-section-title">{title}</h3>
      {children}
    </section>
  );
}

export function OneShotPanel({ method }: { method: OneShotMethod }) {
  const { t } = useTranslation('strategy');
  const space = useAppStore((s) => spaceOfView(shownOneShot(s)).id);
  return (
    <div className="oneshot-panel" data-testid="oneshot.view" data-method={method} data-space={space}>
      <Progress />
      <Section testId="oneshot.alpha" title={t(`oneshotPanel.alpha.${method}`)}>
        <AlphaChart />
        {space === 'darts' && (
          <p className="oneshot-rule" data-testid="oneshot.alpha.rows">
            {t('oneshotPanel.alphaRows')}
          </p>
        )}
      </Section>
      <Section testId="oneshot.edges" title={t('oneshotPanel.edges')}>
        <EdgesChart />
      </Section>
      <Section
        testId="oneshot.entropy"
        title={t(method === 'snas' ? 'oneshotPanel.entropySnas' : 'oneshotPanel.entropy')}
      >
        <EntropyLines />
      </Section>
      <Section testId="oneshot.curves" title={t('oneshotPanel.curves')}>
        <CurvesChart />
      </Section>
      <Section testId="oneshot.derived" title={t('oneshotPanel.derived.title')}>
        <DerivedCell method={method} />
      </Section>
      <Section testId="oneshot.gap" title={t('oneshotPanel.gap.title')}>
        <DerivationGap />
      </Section>
      {method === 'enas' && (
        <Section testId="oneshot.controller" title={t('oneshotPanel.controller.title')}>
          <EnasController />
        </Section>
      )}
    </div>
  );
}
