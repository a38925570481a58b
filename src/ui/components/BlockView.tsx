/**
 * BlockQNN's latest sampled block in numbers: its Network Structure Codes as a table (rows
 * coloured like the block's DAG nodes) and the network it is stacked into, stage by stage.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { NSC_TYPE } from '../../nas/spaces/block';
import { shownView, useAppStore } from '../../store';
import { describeBlockNetwork, type BlockNetworkView, type NscRow } from '../charts/blockData';
import { shape } from '../format';
import './blockView.css';

/** The latest proposal as a block network; `reason` says why there is none. */
function useBlockNetwork(): { view: BlockNetworkView | null; reason: string } {
  const arch = useAppStore((s) => shownView(s).lastProposal?.arch ?? null);
  const { t } = useTranslation('panels');
  const config = useAppStore((s) => s.config);
  const view = useMemo(() => (arch === null ? null : describeBlockNetwork(arch, config)), [arch, config]);
  const reason = arch === null ? t('block.empty') : t('block.notBlock', { arch });
  return { view, reason };
}

/** Multiply-accumulates, compact: `940`, `12.5k`, `1.23M`, `4.56G`. */
function macs(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toPrecision(3)}G`;
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e3) return `${(n / 1e3).toPrecision(3)}k`;
  return String(n);
}

/** NSC types by their key in `panels:block.types`. */
const TYPE_KEYS: Record<number, string> = {
  [NSC_TYPE.conv]: 'conv',
  [NSC_TYPE.maxPool]: 'maxPool',
  [NSC_TYPE.avgPool]: 'avgPool',
  [NSC_TYPE.identity]: 'identity',
  [NSC_TYPE.add]: 'add',
  [NSC_TYPE.concat]: 'concat',
  [NSC_TYPE.terminal]: 'terminal',
};

const hasKernel = (row: NscRow) => row.kernel > 0;
const isTwoInput = (row: NscRow) => row.type === NSC_TYPE.add || row.type === NSC_TYPE.concat;
const isTerminal = (row: NscRow) => row.type === NSC_TYPE.terminal;

function NscRowView({ row, width }: { row: NscRow; width: number }) {
  const { t } = useTranslation('panels');
  const none = <span className="muted">—</span>;
  const terminal = isTerminal(row);
  return (
    <tr data-kind={row.kind} data-code={row.code}>
      <td className="num">{row.index}</td>
      <td className="mono nsc-code">{row.code}</td>
      <td>
        <span className="kind-swatch" aria-hidden="true" />
        {terminal
          ? t('block.terminal')
          : t(`block.types.${TYPE_KEYS[row.type] ?? 'conv'}`, { defaultValue: row.typeName })}
      </td>
      <td>{hasKernel(row) ? `${row.kernel}×${row.kernel}` : none}</td>
      <td className="num">{terminal ? none : row.pred1}</td>
      <td className="num">{isTwoInput(row) ? row.pred2 : none}</td>
      <td className="num" title={terminal ? t('block.terminalTitle', { width }) : undefined}>
        {row.channels}
      </td>
    </tr>
  );
}

/** The block's NSCs, one row each, the terminal last; `data-testid="arch.nsc"`. */
export function NscTable() {
  const { t } = useTranslation('panels');
  const { view, reason } = useBlockNetwork();
  const width = useAppStore((s) => s.config.blockqnn.baseWidth);
  if (!view) {
    return (
      <div className="block-view nsc-view" data-testid="arch.nsc" data-empty="">
        <p className="empty">{reason}</p>
      </div>
    );
  }
  return (
    <div className="block-view nsc-view" data-testid="arch.nsc" data-rows={view.nsc.length}>
      <table className="data-table nsc-table">
        <caption className="visually-hidden">{t('block.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">NSC</th>
            <th scope="col">{t('block.type')}</th>
            <th scope="col">{t('block.kernel')}</th>
            <th scope="col" className="num">
              {t('block.pred1')}
            </th>
            <th scope="col" className="num">
              {t('block.pred2')}
            </th>
            <th scope="col" className="num" title={t('block.channelsTitle', { width })}>
              {t('block.channels')}
            </th>
          </tr>
        </thead>
        <tbody>
          {view.nsc.map((row) => (
            <NscRowView key={row.index} row={row} width={width} />
          ))}
        </tbody>
      </table>
      <p className="block-note">{t('block.note', { size: shape(view.input.slice(0, 2)), width })}</p>
    </div>
  );
}

/** The network as a strip: input, the stages of stacked blocks, GAP, softmax; `data-testid="arch.stages"`. */
export function StagesView() {
  const { t } = useTranslation('panels');
  const { view, reason } = useBlockNetwork();
  if (!view) {
    return (
      <div className="block-view stages-view" data-testid="arch.stages" data-empty="">
        <p className="empty">{reason}</p>
      </div>
    );
  }
  const last = view.stages.at(-1);
  const lastWidth = last?.outChannels ?? view.input[2];
  return (
    <div
      className="block-view stages-view"
      data-testid="arch.stages"
      data-stages={view.stages.length}
      data-flops={view.flops}
      data-density={view.density}
    >
      <ol className="stage-strip" aria-label={t('block.strip')}>
        <li>
          <div className="strip-box strip-io">
            <span className="strip-name">{t('block.input')}</span>
            <span className="strip-shape">{shape(view.input)}</span>
          </div>
        </li>
        {view.stages.map((stage) => (
          <StageItem key={stage.stage} stage={stage} />
        ))}
        <li>
          <div className="strip-box strip-op" title={t('block.gapTitle')}>
            <span className="strip-name">GAP</span>
            <span className="strip-shape">{shape([1, 1, lastWidth])}</span>
          </div>
        </li>
        <li>
          <div
            className="strip-box strip-io"
            title={t('block.softmaxTitle', { macs: macs(view.classifierMacs) })}
          >
            <span className="strip-name">{t('block.softmax')}</span>
            <span className="strip-shape">{t('block.classes', { count: view.classes })}</span>
          </div>
        </li>
      </ol>
      <p className="stages-summary">
        <span>
          <strong>{macs(view.flops)}</strong> {t('block.flops')}
        </span>
        <span>
          {t('block.density')} <strong>{view.density.toFixed(2)}</strong> {t('block.densityNote')}
        </span>
      </p>
    </div>
  );
}

function StageItem({ stage }: { stage: BlockNetworkView['stages'][number] }) {
  const { t } = useTranslation('panels');
  const later = stage.blocks > 1 ? t('block.later', { macs: macs(stage.blockMacs) }) : '';
  return (
    <>
      {stage.stage > 1 && (
        <li>
          <div className="strip-box strip-op" title={t('block.poolTitle')}>
            <span className="strip-name">{t('block.maxPool')}</span>
            <span className="strip-shape">2×2 / 2</span>
          </div>
        </li>
      )}
      <li>
        <div
          className="strip-box strip-stage"
          data-stage={stage.stage}
          data-blocks={stage.blocks}
          data-stacked={Math.min(stage.blocks, 3)}
          title={t('block.stageTitle', {
            stage: stage.stage,
            blocks: stage.blocks,
            height: stage.height,
            width: stage.width,
            inChannels: stage.inChannels,
            outChannels: stage.outChannels,
            macs: macs(stage.firstBlockMacs),
            later,
          })}
        >
          <span className="stage-title">{t('block.stage', { stage: stage.stage })}</span>
          <span className="strip-name">{t('block.blocks', { count: stage.blocks })}</span>
          <span className="strip-shape">{shape([stage.height, stage.width, stage.outChannels])}</span>
          <span className="stage-macs">{t('block.macs', { macs: macs(stage.macs) })}</span>
        </div>
      </li>
    </>
  );
}
