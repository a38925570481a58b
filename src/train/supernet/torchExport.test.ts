/**
 * The PyTorch export of a NAS-Bench-201 network, run for real: Debian's python3-torch and
 * python3-numpy (.ci/run installs them; /usr/bin/python3 is the interpreter they are built for)
 * load the generated module and its safetensors weights, and must give the tfjs model's
 * parameter count and outputs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../../nas/export/safetensors';
import { pytorchNb201Source } from '../../nas/export/pytorchNb201';
import { cellString, NB201_OPS } from '../../nas/spaces/nb201';
import { buildNetwork, disposeNetwork } from './network';
import { buildNb201LayersModel, copyWeights } from './layersModel';
import { calibrateBatchNorm } from './preciseBn';
import { parameterCount, type NetworkConfig } from './spec';
import { torchTensors } from './torchWeights';

const PYTHON = '/usr/bin/python3';

/** Loads the module, prints its parameter count and its softmax outputs on the images, as JSON. */
const CHECK = `
import importlib.util, json, sys
import numpy as np, torch
spec = importlib.util.spec_from_file_location("net", sys.argv[1])
net = importlib.util.module_from_spec(spec)
spec.loader.exec_module(net)
model = net.load_model(sys.argv[2])
images = np.array(json.load(open(sys.argv[3])), dtype=np.float32)
with torch.no_grad():
    probs = torch.softmax(model(torch.from_numpy(images).permute(0, 3, 1, 2)), 1)
print(json.dumps({"params": sum(p.numel() for p in model.parameters()), "probs": probs.tolist()}))
`;

let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  dir = mkdtempSync(join(tmpdir(), 'nas-torch-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
      writeFileSync(join(dir, 'net.py'), source);
      writeFileSync(join(dir, 'w.safetensors'), encodeSafetensors(torchTensors(built), { arch }));
      writeFileSync(join(dir, 'images.json'), JSON.stringify(images.arraySync()));
      writeFileSync(join(dir, 'check.py'), CHECK);
      const out = execFileSync(
        PYTHON,
        [join(dir, 'check.py'), join(dir, 'net.py'), join(dir, 'w.safetensors'), join(dir, 'images.json')],
        { encoding: 'utf8' },
      );
      const torchOut = JSON.parse(out) as { params: number; probs: number[][] };
      expect(torchOut.params).toBe(parameterCount(config));
      torchOut.probs.forEach((row, i) =>
        row.forEach((p, c) => expect(Math.abs(p - probs[i]![c]!)).toBeLessThan(1e-4)),
      );
      // The file's own command line loads its default weights file and prints the count.
      const cli = execFileSync(PYTHON, [join(dir, 'net.py')], { cwd: dir, encoding: 'utf8' });
      expect(cli.trim()).toBe(`${parameterCount(config)} parameters`);
      images.dispose();
      built.model.dispose();
      disposeNetwork(network);
    },
    60_000,
  );
});
