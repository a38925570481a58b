/**
 * The tfjs model export of a one-shot run's derived cell (issue #18): the cell of `net` (a
 * NAS-Bench-201 cell string) trained alone with the run's skeleton, optimizer, schedule and seed,
 * saved as tfjs layers files (src/train/supernet/exportCell.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../nas/config';
import type { StandaloneProgress } from '../nas/oneshot/trainer';
import { NB201_OPS, parseCellString } from '../nas/spaces/nb201';
import { oneShotSectionOf, standaloneOptionsOf, supernetOptionsOf } from '../nas/strategies/oneshot/config';
import type { TrainingTensors } from '../train/data';
import { exportDerivedCell } from '../train/supernet/exportCell';
import type { ExportedModelFiles } from './protocol';

export async function exportOneShotCell(
  config: RunConfig,
  net: string,
  tensors: TrainingTensors,
  weightsFile: string,
  onProgress: (progress: StandaloneProgress) => void,
): Promise<ExportedModelFiles> {
  const ops = parseCellString(net).map((op) => NB201_OPS.indexOf(op));
  const section = oneShotSectionOf(config);
  const supernet = supernetOptionsOf(section, config.seed);
  const skeleton = {
    channels: supernet.channels,
    cellsPerStage: supernet.cellsPerStage,
    inputChannels: tensors.xTrain.shape[3],
    classes: tensors.classes,
  };
  const exported = await exportDerivedCell(
    tensors,
    skeleton,
    supernet.weights,
    ops,
    standaloneOptionsOf(section, config.seed),
    weightsFile,
    onProgress,
  );
  return {
    arch: net,
    modelJson: exported.files.modelJson as unknown as Record<string, unknown>,
    weightData: exported.files.weightData,
    accuracy: exported.accuracy,
    trainedAccuracy: exported.trained.accuracy,
    backend: tf.getBackend(),
  };
}
