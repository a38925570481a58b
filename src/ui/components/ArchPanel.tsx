/** The latest sampled architecture: its DAG, its net string and a table of its layers. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ProposeEvent } from '../../nas/runlog';
import { findStrategy } from '../../nas/strategies';
import { shownView, useAppStore } from '../../store';
import { ArchDagChart, ReductionCellChart } from '../charts/RunCharts';
import { describeNet } from '../charts/chartData';
import { count, shape } from '../format';
import { NscTable, StagesView } from './BlockView';
import { Panel } from './Panel';

/** Layer kinds named in the table (`panels:arch.kind.<kind>`); others show as they are. */
const KIND_NAMES = new Set(['input', 'conv', 'pool', 'fc', 'gap', 'softmax']);

/** "32 × 3×3" for conv, "2×2 / 2" for pool, "64" for FC: the layer's size in words. */
function sizeOf(label: string, kind: string, t: TFunction<'panels'>): string {
  const numbers = /\(([^)]*)\)/.exec(label)?.[1]?.split(',') ?? [];
  switch (kind) {
    case 'conv':
      return `${numbers[0]} × ${numbers[1]}×${numbers[1]}`;
    case 'pool':
      return `${numbers[0]}×${numbers[0]} / ${numbers[1]}`;
    case 'fc':
    case 'softmax':
      return t('arch.units', { count: Number(numbers[0]) });
    default:
      return '';
  }
}

function LayerTable({ arch }: { arch: string }) {
  const { t } = useTranslation('panels');
  const config = useAppStore((s) => s.config);
  const described = useMemo(() => describeNet(arch, config), [arch, config]);
  if (!described) return <p className="muted">{t('arch.cannotRead', { arch })}</p>;
  return (
    <table className="data-table layer-table">
      <thead>
        <tr>
          <th scope="col">{t('arch.layer')}</th>
          <th scope="col">{t('arch.type')}</th>
          <th scope="col">{t('arch.size')}</th>
          <th scope="col">{t('arch.output')}</th>
          <th scope="col" className="num">
            {t('arch.params')}
          </th>
        </tr>
      </thead>
      <tbody>
        {described.layers.map((layer, i) => (
          <tr key={i} data-kind={layer.kind}>
            <td className="mono">
              <span className="kind-dot" aria-hidden="true" />
              {layer.kind === 'input' ? t('arch.kind.input') : layer.label}
            </td>
            <td>{KIND_NAMES.has(layer.kind) ? t(`arch.kind.${layer.kind}`) : layer.kind}</td>
            <td>{sizeOf(layer.label, layer.kind, t)}</td>
            <td className="mono">{shape(layer.outputShape)}</td>
            <td className="num">{layer.params === 0 ? '—' : count(layer.params)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={4}>{t('arch.total')}</td>
          <td className="num">{count(described.params)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** Where a proposal came from, in the chip of the panel. */
function origin(proposal: ProposeEvent, t: TFunction<'panels'>, oneShot: boolean): string {
  // A one-shot run's one proposal is the cell derived from its supernet.
  if (oneShot) return t('arch.derived');
  if (proposal.epsilon !== undefined) return `ε ${proposal.epsilon}`;
  if (proposal.origin === 'mutation') return t('arch.childOf', { parent: proposal.parentId });
  if (proposal.origin === 'random') return t('arch.randomMember');
  return proposal.probabilities ? t('arch.sampled') : t('arch.uniform');
}

export function ArchPanel() {
  const { t } = useTranslation('panels');
  const proposal = useAppStore((s) => shownView(s).lastProposal);
  const space = useAppStore((s) => s.config.space);
  const oneShot = useAppStore((s) => findStrategy(s.config.strategy)?.family === 'oneshot');
  const blocks = space === 'block';
  // The title and caption say what a proposal of this space is (a one-shot run's: its derived cell).
  const key = oneShot && space === 'nb201' ? 'nb201Derived' : space;
  return (
    <Panel
      title={t(`arch.${key}.title`)}
      caption={t(`arch.${key}.caption`)}
      className="panel-arch"
      aside={
        proposal ? (
          <span className="chip">
            #{proposal.index + 1} · {origin(proposal, t, oneShot)}
          </span>
        ) : undefined
      }
    >
      <div className={`arch-layout arch-space-${space} ${space === 'cell' ? 'arch-cells' : ''}`}>
        <ArchDagChart />
        {space === 'cell' && <ReductionCellChart />}
        <div className="arch-details">
          {proposal ? (
            <>
              <code className="net-string" data-testid="arch.net">
                {proposal.arch}
              </code>
              {blocks ? (
                <>
                  <NscTable />
                  <StagesView />
                </>
              ) : space === 'layers' ? (
                <LayerTable arch={proposal.arch} />
              ) : null}
            </>
          ) : (
            <p className="empty">{t('arch.empty')}</p>
          )}
        </div>
      </div>
    </Panel>
  );
}
