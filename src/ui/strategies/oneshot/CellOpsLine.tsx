/** A NAS-Bench-201 cell as short op names grouped by the node they feed, each underlined in its kind's colour. */
import { shortOp } from '../../../nas/nb201Views';
import { NB201_EDGES, type Nb201Op } from '../../../nas/spaces/nb201';
import '../../components/nb201Panel.css';

export function CellOpsLine({ ops, title }: { ops: readonly Nb201Op[]; title?: string }) {
  const nodes: { op: Nb201Op; edge: number }[][] = [[], [], []];
  NB201_EDGES.forEach(({ to }, edge) => nodes[to - 1]?.push({ op: ops[edge] ?? 'none', edge }));
  return (
    <span className="nb201-cell mono oneshot-cell-ops" title={title}>
      {nodes.map((node, n) => (
        <span key={n} className="nb201-node">
          {n > 0 && <span className="nb201-node-sep"> / </span>}
          {node.map(({ op, edge }, i) => (
            <span key={edge}>
              {i > 0 && ' '}
              <span className="nb201-op" data-op={op}>
                {shortOp(op)}
              </span>
            </span>
          ))}
        </span>
      ))}
    </span>
  );
}
