/**
 * The derived cell of a one-shot run as tfjs model files (issue #18's "the derived cell as a tfjs
 * model") and as PyTorch weights (issue #20): trained alone exactly as the run trained it (same skeleton, optimizer, schedule and
 * seed: standalone.ts), its weights copied into the LayersModel of layersModel.ts, the BN running
 * statistics computed over training images (preciseBn.ts), the model's own validation accuracy
 * measured in inference mode, then saved by tfjs (exportModel.ts). Every tensor made is disposed.
 */
import * as tf from '@tensorflow/tfjs';
import type {
  StandaloneProgress,
  StandaloneResult,
  StandaloneSchedule,
  WeightOptimizer,
} from '../../nas/oneshot/trainer';
import type { TrainingTensors } from '../data';
import { saveModelFiles, type ModelFiles } from '../exportModel';
import { validationAccuracy } from '../trainer';
import { buildNb201LayersModel } from './layersModel';
import { copyWeights } from './layersModel';
import { calibrateBatchNorm } from './preciseBn';
import { torchTensors } from './torchWeights';
import type { NamedTensor } from '../../nas/export/safetensors';
import type { NetworkConfig } from './spec';
import { trainStandalone } from './standalone';

/** Training images the BN statistics are computed over (the first ones of the split). */
export const CALIBRATION_IMAGES = 1024;

/** What exportDerivedCell returns. */
export interface ExportedCell {
  readonly files: ModelFiles;
  /** The same weights under the names and layouts of the PyTorch module (torchWeights.ts). */
  readonly torch: readonly NamedTensor[];
  /** The standalone training, as the run logs it. */
  readonly trained: StandaloneResult;
  /** Validation accuracy of the exported model (inference mode, calibrated BN), in [0, 1]. */
  readonly accuracy: number;
}

/**
 * Trains cell `ops` alone and returns it as tfjs files whose manifest names `weightsFile`;
 * `onModel` sees the finished LayersModel (calibrated, evaluated) before it is disposed.
 */
export async function exportDerivedCell(
  tensors: TrainingTensors,
  skeleton: Omit<NetworkConfig, 'cellOps' | 'cellAffine'>,
  weightOptimizer: WeightOptimizer,
  ops: readonly number[],
  schedule: StandaloneSchedule,
  weightsFile: string,
  onProgress?: (progress: StandaloneProgress) => void,
  onModel?: (model: tf.LayersModel) => Promise<void>,
): Promise<ExportedCell> {
  type Saved = { files: ModelFiles; torch: NamedTensor[]; accuracy: number };
  let exported: Saved | null = null;
  const trained = await trainStandalone(
    tensors,
    skeleton,
    weightOptimizer,
    ops,
    schedule,
    onProgress,
    async (network) => {
      const built = buildNb201LayersModel(network.config, [tensors.size, tensors.size]);
      try {
        copyWeights(built, network.variables);
        const n = Math.min(CALIBRATION_IMAGES, tensors.nTrain);
        const images = tf.slice(tensors.xTrain, [0, 0, 0, 0], [n, -1, -1, -1]);
        try {
          await calibrateBatchNorm(built.model, built.batchNorms, images);
        } finally {
          images.dispose();
        }
        const accuracy = await validationAccuracy(built.model, tensors);
        const files = await saveModelFiles(built.model, weightsFile);
        exported = { files, torch: await torchTensors(built), accuracy };
        await onModel?.(built.model);
      } finally {
        built.model.dispose();
      }
    },
  );
  const done = exported as Saved | null;
  if (!done) throw new Error('The derived cell was trained but not saved');
  return { ...done, trained };
}
