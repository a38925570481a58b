/** The latest sampled architecture: its DAG, its net string and a table of its layers. */
import { useMemo } from 'react';
import { useAppStore } from '../../store';
import { ArchDagChart } from '../charts/RunCharts';
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

export function ArchPanel() {
  const proposal = useAppStore((s) => s.view.lastProposal);
  const blocks = useAppStore((s) => s.config.space === 'block');
  return (
    <Panel
      title={blocks ? 'Sampled block' : 'Sampled architecture'}
      caption={
        blocks
          ? 'The last block the agent proposed: its DAG, its NSC codes, and the network that stacks it.'
          : 'The last network the agent proposed, layer by layer, with output shapes.'
      }
      className="panel-arch"
      aside={
        proposal ? (
          <span className="chip">
            #{proposal.index + 1} · ε {proposal.epsilon}
          </span>
        ) : undefined
      }
    >
      <div className="arch-layout">
        <ArchDagChart />
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
              ) : (
                <LayerTable arch={proposal.arch} />
              )}
            </>
          ) : (
            <p className="empty">No architecture sampled yet. Press Step or Start.</p>
          )}
        </div>
      </div>
    </Panel>
  );
}
