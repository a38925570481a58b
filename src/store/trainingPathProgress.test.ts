import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../worker/protocol';
import { nextTraining } from './runSlice';

const at = (batch: number, trainedOn: TrainingProgress['trainedOn']): TrainingProgress => ({
  index: 0,
  arch: 'C(4,3,1) SM(10)',
  epoch: 1,
  epochs: 1,
  batch,
  batches: 4,
  loss: 2 - batch / 10,
  valAccuracy: null,
  restart: 0,
  trainedOn,
});

describe('training curve of a model retrained on tfjs after an engine failure', () => {
  it('starts afresh when the path changes, and keeps growing while it does not', () => {
    let view = { progress: null, losses: [], valAccuracy: [] } as Parameters<typeof nextTraining>[0];
    for (const batch of [1, 2, 3]) view = nextTraining(view, at(batch, 'engine'));
    expect(view.losses.map((l) => l.step)).toEqual([1, 2, 3]);
    view = nextTraining(view, at(1, 'tfjs'));
    expect(view.losses.map((l) => l.step)).toEqual([1]);
    view = nextTraining(view, at(2, 'tfjs'));
    expect(view.losses.map((l) => l.step)).toEqual([1, 2]);
  });
});
