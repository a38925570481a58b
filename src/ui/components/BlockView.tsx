/**
 * BlockQNN's latest sampled block in numbers: its Network Structure Codes as a table (rows
 * coloured like the block's DAG nodes) and the network it is stacked into, stage by stage.
 */
import { useMemo } from 'react';
import { NSC_TYPE } from '../../nas/spaces/block';
import { useAppStore } from '../../store';
import { describeBlockNetwork, type BlockNetworkView, type NscRow } from '../charts/blockData';
import { shape } from '../format';
import './blockView.css';

/** The latest proposal as a block network; `reason` says why there is none. */
function useBlockNetwork(): { view: BlockNetworkView | null; reason: string } {
  const arch = useAppStore((s) => s.view.lastProposal?.arch ?? null);
  const config = useAppStore((s) => s.config);
  const view = useMemo(() => (arch === null ? null : describeBlockNetwork(arch, config)), [arch, config]);
  const reason =
    arch === null
      ? 'No block sampled yet. Press Step or Start.'
      : `The last proposal is not a block: ${arch}`;
  return { view, reason };
}

/** Multiply-accumulates, compact: `940`, `12.5k`, `1.23M`, `4.56G`. */
function macs(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toPrecision(3)}G`;
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e3) return `${(n / 1e3).toPrecision(3)}k`;
  return String(n);
}

const hasKernel = (row: NscRow) => row.kernel > 0;
const isTwoInput = (row: NscRow) => row.type === NSC_TYPE.add || row.type === NSC_TYPE.concat;
const isTerminal = (row: NscRow) => row.type === NSC_TYPE.terminal;

function NscRowView({ row, width }: { row: NscRow; width: number }) {
  const none = <span className="muted">—</span>;
  const terminal = isTerminal(row);
  return (
    <tr data-kind={row.kind} data-code={row.code}>
      <td className="num">{row.index}</td>
      <td className="mono nsc-code">{row.code}</td>
      <td>
        <span className="kind-swatch" aria-hidden="true" />
        {terminal ? 'terminal (output)' : row.typeName}
      </td>
      <td>{hasKernel(row) ? `${row.kernel}×${row.kernel}` : none}</td>
      <td className="num">{terminal ? none : row.pred1}</td>
      <td className="num">{isTwoInput(row) ? row.pred2 : none}</td>
      <td
        className="num"
        title={
          terminal ? `concat of the unconsumed outputs, then a 1×1 conv to ${width} channels` : undefined
        }
      >
        {row.channels}
      </td>
    </tr>
  );
}

/** The block's NSCs, one row each, the terminal last; `data-testid="arch.nsc"`. */
export function NscTable() {
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
        <caption className="visually-hidden">Network Structure Codes of the sampled block</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">NSC</th>
            <th scope="col">Type</th>
            <th scope="col">Kernel</th>
            <th scope="col" className="num">
              Pred 1
            </th>
            <th scope="col" className="num">
              Pred 2
            </th>
            <th
              scope="col"
              className="num"
              title={`Output channels in a stage-1 block whose input has the stage width (${width})`}
            >
              Channels
            </th>
          </tr>
        </thead>
        <tbody>
          {view.nsc.map((row) => (
            <NscRowView key={row.index} row={row} width={width} />
          ))}
        </tbody>
      </table>
      <p className="block-note">
        {`Predecessor 0 is the block input; — means none. Channels: each layer's output in a ` +
          `stage-1 block (${shape(view.input.slice(0, 2))}, ${width} channels in).`}
      </p>
    </div>
  );
}

/** The network as a strip: input, the stages of stacked blocks, GAP, softmax; `data-testid="arch.stages"`. */
export function StagesView() {
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
      <ol className="stage-strip" aria-label="The network, from input to softmax">
        <li>
          <div className="strip-box strip-io">
            <span className="strip-name">input</span>
            <span className="strip-shape">{shape(view.input)}</span>
          </div>
        </li>
        {view.stages.map((stage) => (
          <StageItem key={stage.stage} stage={stage} />
        ))}
        <li>
          <div className="strip-box strip-op" title="Global average pooling">
            <span className="strip-name">GAP</span>
            <span className="strip-shape">{shape([1, 1, lastWidth])}</span>
          </div>
        </li>
        <li>
          <div
            className="strip-box strip-io"
            title={`Dense softmax layer: ${macs(view.classifierMacs)} MACs`}
          >
            <span className="strip-name">softmax</span>
            <span className="strip-shape">{view.classes} classes</span>
          </div>
        </li>
      </ol>
      <p className="stages-summary">
        <span>
          <strong>{macs(view.flops)}</strong> FLOPs (multiply-accumulates of all convolutions and the
          classifier)
        </span>
        <span>
          density <strong>{view.density.toFixed(2)}</strong> (edges / nodes of the block)
        </span>
      </p>
    </div>
  );
}

function StageItem({ stage }: { stage: BlockNetworkView['stages'][number] }) {
  const later = stage.blocks > 1 ? `; each later block ${macs(stage.blockMacs)} MACs` : '';
  return (
    <>
      {stage.stage > 1 && (
        <li>
          <div className="strip-box strip-op" title="2×2 max pooling, stride 2: halves the feature map">
            <span className="strip-name">max pool</span>
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
          title={
            `Stage ${stage.stage}: ${stage.blocks} block(s) at ${stage.height}×${stage.width}, ` +
            `${stage.inChannels} → ${stage.outChannels} channels; first block ` +
            `${macs(stage.firstBlockMacs)} MACs${later}`
          }
        >
          <span className="stage-title">stage {stage.stage}</span>
          <span className="strip-name">{stage.blocks}× block</span>
          <span className="strip-shape">{shape([stage.height, stage.width, stage.outChannels])}</span>
          <span className="stage-macs">{macs(stage.macs)} MACs</span>
        </div>
      </li>
    </>
  );
}
