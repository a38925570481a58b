/** The latest sampled architecture: its DAG, its net string and a table of its layers. */
import { useMemo } from 'react';
import type { SpaceId } from '../../nas/config';
import type { ProposeEvent } from '../../nas/runlog';
import { useAppStore } from '../../store';
import { ArchDagChart, ReductionCellChart } from '../charts/RunCharts';
import { describeNet } from '../charts/chartData';
import { count, shape } from '../format';
import { NscTable, StagesView } from './BlockView';
import { Panel } from './Panel';

const KIND_NAMES: Record<string, string> = {
  input: 'input',
  conv: 'conv',
  pool: 'max pool',
  fc: 'fully conn.',
  gap: 'global avg pool',
  softmax: 'softmax',
};

/** "32 × 3×3" for conv, "2×2 / 2" for pool, "64" for FC: the layer's size in words. */
function sizeOf(label: string, kind: string): string {
  const numbers = /\(([^)]*)\)/.exec(label)?.[1]?.split(',') ?? [];
  switch (kind) {
    case 'conv':
      return `${numbers[0]} × ${numbers[1]}×${numbers[1]}`;
    case 'pool':
      return `${numbers[0]}×${numbers[0]} / ${numbers[1]}`;
    case 'fc':
    case 'softmax':
      return `${numbers[0]} units`;
    default:
      return '';
  }
}

function LayerTable({ arch }: { arch: string }) {
  const config = useAppStore((s) => s.config);
  const described = useMemo(() => describeNet(arch, config), [arch, config]);
  if (!described) return <p className="muted">Cannot read {arch}</p>;
  return (
    <table className="data-table layer-table">
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col">Type</th>
          <th scope="col">Size</th>
          <th scope="col">Output</th>
          <th scope="col" className="num">
            Params
          </th>
        </tr>
      </thead>
      <tbody>
        {described.layers.map((layer, i) => (
          <tr key={i} data-kind={layer.kind}>
            <td className="mono">
              <span className="kind-dot" aria-hidden="true" />
              {layer.label}
            </td>
            <td>{KIND_NAMES[layer.kind] ?? layer.kind}</td>
            <td>{sizeOf(layer.label, layer.kind)}</td>
            <td className="mono">{shape(layer.outputShape)}</td>
            <td className="num">{layer.params === 0 ? '—' : count(layer.params)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={4}>Total trainable parameters</td>
          <td className="num">{count(described.params)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

const PANEL_TEXT: Record<SpaceId, { title: string; caption: string }> = {
  layers: {
    title: 'Sampled architecture',
    caption: 'The last network proposed, layer by layer, with output shapes.',
  },
  block: {
    title: 'Sampled block',
    caption: 'The last block the agent proposed: its DAG, its NSC codes, and the network that stacks it.',
  },
  nasrl: {
    title: 'Sampled network',
    caption:
      'The last NAS-RL network proposed: rectangular filters, and skips whose inputs are concatenated.',
  },
  cell: {
    title: 'Sampled cells',
    caption:
      'The last normal cell (left) and reduction cell (right): two ops per block, combined; unused blocks concatenated.',
  },
  nb201: {
    title: 'Sampled cell',
    caption:
      'The last NAS-Bench-201 cell: one op on each of its 6 edges; a node sums what reaches it (none edges are left out).',
  },
};

/** Where a proposal came from, in the chip of the panel. */
function origin(proposal: ProposeEvent): string {
  if (proposal.epsilon !== undefined) return `ε ${proposal.epsilon}`;
  if (proposal.origin === 'mutation') return `child of #${proposal.parentId}`;
  if (proposal.origin === 'random') return 'random member';
  return proposal.probabilities ? 'sampled by the controller' : 'uniform draw';
}

export function ArchPanel() {
  const proposal = useAppStore((s) => s.view.lastProposal);
  const space = useAppStore((s) => s.config.space);
  const blocks = space === 'block';
  const text = PANEL_TEXT[space];
  return (
    <Panel
      title={text.title}
      caption={text.caption}
      className="panel-arch"
      aside={
        proposal ? (
          <span className="chip">
            #{proposal.index + 1} · {origin(proposal)}
          </span>
        ) : undefined
      }
    >
      <div className={`arch-layout ${space === 'cell' ? 'arch-cells' : ''}`}>
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
            <p className="empty">No architecture sampled yet. Press Step or Start.</p>
          )}
        </div>
      </div>
    </Panel>
  );
}
