/**
 * The training and validation images as tensors, uploaded once per dataset and shared by every
 * model of a run (batches are gathered on the backend, so no per-batch upload).
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainValSplit } from '../data/format';

export interface TrainingTensors {
  /** [nTrain, size, size, channels], values in [0, 1]. */
  xTrain: tf.Tensor4D;
  /** [nTrain] int32 labels. */
  yTrain: tf.Tensor1D;
  xVal: tf.Tensor4D;
  yVal: tf.Tensor1D;
  nTrain: number;
  nVal: number;
  /** Image side in pixels. */
  size: number;
  /** 1 (grey) or 3 (RGB). */
  channels: 1 | 3;
  classes: number;
}

export function toTrainingTensors(split: TrainValSplit): TrainingTensors {
  const { train, val } = split;
  return {
    xTrain: tf.tensor4d(train.x, [train.n, train.size, train.size, train.channels]),
    yTrain: tf.tensor1d(train.labels, 'int32'),
    xVal: tf.tensor4d(val.x, [val.n, val.size, val.size, val.channels]),
    yVal: tf.tensor1d(val.labels, 'int32'),
    nTrain: train.n,
    nVal: val.n,
    size: train.size,
    channels: train.channels,
    classes: split.classes,
  };
}

export function disposeTrainingTensors(t: TrainingTensors): void {
  tf.dispose([t.xTrain, t.yTrain, t.xVal, t.yVal]);
}
