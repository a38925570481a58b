/**
 * The fixed reference architectures of the training benchmarks: the reference net of
 * shared/gpu/README.md, and three MetaQNN nets that the `class` preset's space can produce
 * (MNIST 14x14, checked against its legal actions).
 */
import type { LayersArchitecture } from '../src/nas/architecture';
import { parseNetString } from '../src/nas/spaces/layers';

export interface BenchArch {
  /** Short name for the table. */
  name: string;
  /** Canonical net string. */
  net: string;
  arch: LayersArchitecture;
  /** Input shape [height, width, channels]. */
  input: [number, number, number];
}

const bench = (name: string, net: string, side: number): BenchArch => ({
  name,
  net,
  arch: parseNetString(net),
  input: [side, side, 1],
});

export const BENCH_ARCHS: readonly BenchArch[] = [
  // 28x28x1 -> conv3x3(16) relu -> maxpool2 -> conv3x3(32) relu -> maxpool2 -> dense(10) softmax
  bench('reference', 'C(16,3,1) P(2,2) C(32,3,1) P(2,2) SM(10)', 28),
  bench('metaqnn-fc', 'C(32,3,1) P(2,2) C(32,3,1) FC(64) SM(10)', 14),
  bench('metaqnn-gap', 'C(16,5,1) C(32,3,1) P(3,2) C(32,1,1) GAP SM(10)', 14),
  bench('metaqnn-deep', 'C(8,3,1) C(16,3,1) P(2,2) C(32,3,1) P(2,2) FC(32) SM(10)', 14),
];
