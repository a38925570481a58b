/**
 * Runs a generated PyTorch file for the tests (issue #20): Debian's python3-torch and
 * python3-numpy under /usr/bin/python3 (.ci/run installs them). Only *.test.ts files import this.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSafetensors, type NamedTensor } from '../nas/export/safetensors';

/** The interpreter Debian's python3-torch is built for. */
export const PYTHON = '/usr/bin/python3';

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

/**
 * Writes `source` and its weights (as `weightsFile`) to a temporary folder and runs them on
 * `images` (NHWC, as tfjs takes them): the module's parameter count, its softmax outputs, and what
 * the file's own command line prints (it loads its default weights file).
 */
export function runPytorch(
  source: string,
  tensors: readonly NamedTensor[],
  weightsFile: string,
  images: number[][][][],
): { params: number; probs: number[][]; cli: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nas-torch-'));
  try {
    writeFileSync(join(dir, 'net.py'), source);
    writeFileSync(join(dir, weightsFile), encodeSafetensors(tensors));
    writeFileSync(join(dir, 'images.json'), JSON.stringify(images));
    writeFileSync(join(dir, 'check.py'), CHECK);
    const out = execFileSync(PYTHON, ['check.py', 'net.py', weightsFile, 'images.json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const cli = execFileSync(PYTHON, ['net.py'], { cwd: dir, encoding: 'utf8' });
    return { ...(JSON.parse(out) as { params: number; probs: number[][] }), cli: cli.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a generated file's own command line prints, run beside its weights file (bytes). */
export function printedByPython(source: string, weightsFile: string, weights: ArrayBuffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'nas-py-'));
  try {
    writeFileSync(join(dir, 'net.py'), source);
    writeFileSync(join(dir, weightsFile), new Uint8Array(weights));
    return execFileSync(PYTHON, ['net.py'], { cwd: dir, encoding: 'utf8' }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
