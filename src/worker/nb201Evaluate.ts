/**
 * Trains a sampled NAS-Bench-201 cell on the run's images (`nb201.evaluate: 'train'`) with the
 * standalone training a one-shot strategy gives its derived cell (src/nas/nb201Training.ts), so
 * the result, its `trainMs` included, is measured as the one-shot derived cell's is.
 */
import type { RunConfig } from '../nas/config';
import { nb201TrainingOf } from '../nas/nb201Training';
import { standaloneResultFields, type StandaloneProgress } from '../nas/oneshot/trainer';
import type { EvalResult } from '../nas/search';
import { NB201_OPS, parseCellString } from '../nas/spaces/nb201';
import type { TrainingTensors } from '../train/data';
import { trainStandalone } from '../train/supernet/standalone';

/** Trains cell `net` (a cell string) alone on `tensors`, its weights and batches seeded by `seed`. */
export async function trainNb201Cell(
  tensors: TrainingTensors,
  config: RunConfig,
  net: string,
  seed: number,
  onProgress?: (progress: StandaloneProgress) => void,
): Promise<EvalResult> {
  const ops = parseCellString(net).map((op) => NB201_OPS.indexOf(op));
  const training = nb201TrainingOf(config, seed);
  const skeleton = {
    channels: training.channels,
    cellsPerStage: training.cellsPerStage,
    inputChannels: tensors.xTrain.shape[3],
    classes: tensors.classes,
  };
  const alone = await trainStandalone(
    tensors,
    skeleton,
    training.weights,
    ops,
    training.schedule,
    onProgress,
  );
  return standaloneResultFields(alone);
}
