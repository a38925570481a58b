import { describe, expect, it } from 'vitest';
import { presetConfig } from '../presets';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunEvent, type RunLog } from '../runlog';
import { architectureWeightsCsv, supernetCurvesCsv } from './curvesCsv';

const uniform = Array.from({ length: 6 }, () => [0.2, 0.2, 0.2, 0.2, 0.2]);
const events: RunEvent[] = [
  {
    type: 'oneshot-step',
    step: 1,
    epoch: 0,
    trainLoss: 2.3,
    trainAccuracy: 0.1,
    weights: uniform,
    entropy: 1.6,
    lr: 0.025,
    temperature: 1,
  },
  {
    type: 'oneshot-step',
    step: 2,
    epoch: 0,
    trainLoss: 2.2,
    trainAccuracy: 0.2,
    weights: uniform,
    entropy: 1.5,
    lr: 0.025,
    temperature: 1,
  },
  {
    type: 'oneshot-epoch',
    epoch: 0,
    step: 2,
    trainLoss: 2.25,
    trainAccuracy: 0.15,
    valLoss: 2.1,
    valAccuracy: 0.3,
    elapsedMs: 1200,
  },
];
const log: RunLog = {
  format: RUN_LOG_FORMAT,
  version: RUN_LOG_VERSION,
  config: presetConfig('test', 1),
  seed: 1,
  events,
};

describe('one-shot CSV exports', () => {
  it('one row per epoch, with the entropy and temperature of its last snapshot', () => {
    expect(supernetCurvesCsv(log)).toBe(
      'epoch,step,train_loss,train_accuracy,val_loss,val_accuracy,elapsed_ms,entropy,temperature\r\n' +
        '1,2,2.25,0.15,2.1,0.3,1200,1.5,1\r\n',
    );
  });

  it('the weights in long format: one row per snapshot, edge and op', () => {
    const lines = architectureWeightsCsv(log).trimEnd().split('\r\n');
    expect(lines[0]).toBe('step,epoch,edge,from,to,op,weight');
    expect(lines).toHaveLength(1 + 2 * 6 * 5);
    expect(lines[1]).toBe('1,1,1,0,1,none,0.2');
    expect(lines.at(-1)).toBe('2,1,6,2,3,avg_pool_3x3,0.2');
  });
});
