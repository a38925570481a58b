/** Test data for the worker's tests: seeded random 14x14 images with random labels. */
import type { RunConfig } from '../nas/config';
import { Rng } from '../nas/rng';
import { toTrainingTensors } from '../train/data';

/** Random 14x14 images with random labels (seeded, so two trainings see the same data). */
export function syntheticData(config: RunConfig) {
  const rng = new Rng(1);
  const split = (n: number) => ({
    n,
    size: 14,
    channels: 1 as const,
    x: Float32Array.from({ length: n * 196 }, () => rng.next()),
    labels: Int32Array.from({ length: n }, () => rng.int(10)),
  });
  return toTrainingTensors({
    train: split(config.data.trainImages),
    val: split(config.data.valImages),
    classes: 10,
  });
}
