/**
 * The PyTorch export of a NAS-Bench-201 network, run for real (../pythonTesting.ts): Debian's
 * PyTorch loads the generated module and its safetensors weights, which must give the tfjs
 * model's parameter count and outputs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { pytorchNb201Source } from '../../nas/export/pytorchNb201';
import { cellString, NB201_OPS } from '../../nas/spaces/nb201';
import { buildNetwork, disposeNetwork } from './network';
import { buildNb201LayersModel, copyWeights } from './layersModel';
import { calibrateBatchNorm } from './preciseBn';
import { parameterCount, type NetworkConfig } from './spec';
import { torchTensors } from './torchWeights';
import { runPytorch } from '../pythonTesting';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('the PyTorch export of a NAS-Bench-201 network', () => {
  it.each([
    ['every op and a zero node, odd sides', [0, 1, 2, 4, 0, 3], 7, 2],
    ['convs, pools and skips, even sides, two cells a stage', [3, 3, 1, 2, 4, 3], 8, 3],
  ])(
    'builds in PyTorch with the tfjs parameters and outputs (%s)',
    async (_, ops, side, channels) => {
      const config: NetworkConfig = {
        channels,
        cellsPerStage: ops[0] === 0 ? 1 : 2,
        inputChannels: 2,
        classes: 5,
        cellOps: ops,
        cellAffine: true,
      };
      const network = buildNetwork(config, 9);
      for (const [name, v] of network.variables)
        if (name.includes('bn.')) v.assign(tf.randomUniform(v.shape, 0.5, 1.5, 'float32', name.length));
      const built = buildNb201LayersModel(config, [side, side]);
      copyWeights(built, network.variables);
      const images = tf.randomUniform([4, side, side, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
      await calibrateBatchNorm(
        built.model,
        built.batchNorms,
        tf.randomUniform([32, side, side, 2], 0, 1, 'float32', 6) as tf.Tensor4D,
      );
      const probs = (built.model.predict(images) as tf.Tensor).arraySync() as number[][];

      const arch = cellString(ops.map((o) => NB201_OPS[o]!));
      const source = pytorchNb201Source({
        arch,
        ops,
        channels,
        cellsPerStage: config.cellsPerStage,
        inputChannels: 2,
        classes: 5,
        weightsFile: 'w.safetensors',
        about: ['A test network'],
      });
      const torchOut = runPytorch(
        source,
        await torchTensors(built),
        'w.safetensors',
        images.arraySync() as number[][][][],
      );
      expect(torchOut.params).toBe(parameterCount(config));
      // The file's own command line loads its default weights file and prints the count.
      expect(torchOut.cli).toBe(`${parameterCount(config)} parameters`);
      torchOut.probs.forEach((row, i) =>
        row.forEach((p, c) => expect(Math.abs(p - probs[i]![c]!)).toBeLessThan(1e-4)),
      );
      images.dispose();
      built.model.dispose();
      disposeNetwork(network);
    },
    60_000,
  );
});
