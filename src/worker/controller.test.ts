import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetConfig, type RunConfig } from '../nas/config';
import type { RunEvent } from '../nas/runlog';
import { Rng } from '../nas/rng';
import { DataError } from '../data/format';
import nb201Json from '../data/nb201/nb201-12epoch.json';
import { Nb201Table } from '../nas/nb201Table';
import { disposeTrainingTensors, toTrainingTensors } from '../train/data';
import { SearchWorkerController, type WorkerDeps } from './controller';
import type { FromWorker } from './protocol';

/** Random 14x14 images with random labels: enough to drive the protocol. */
function syntheticData(config: RunConfig) {
  const rng = new Rng(1);
  const split = (n: number) => ({
    n,
    size: 14,
    x: Float32Array.from({ length: n * 196 }, () => rng.next()),
    labels: Int32Array.from({ length: n }, () => rng.int(10)),
  });
  return toTrainingTensors({
    train: split(config.data.trainImages),
    val: split(config.data.valImages),
    classes: 10,
  });
}

function harness(overrides: Partial<WorkerDeps> = {}) {
  const messages: FromWorker[] = [];
  const controller = new SearchWorkerController({
    post: (m) => messages.push(m),
    selectBackend: async () => ({ backend: 'cpu', reason: 'test', adapter: '' }),
    watchDeviceLoss: () => {},
    loadData: async (config) => syntheticData(config),
    disposeData: disposeTrainingTensors,
    loadTable: async () => Nb201Table.fromJson(nb201Json),
    memory: () => ({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes, gpuBytes: null }),
    ...overrides,
  });
  const statuses = () => messages.filter((m) => m.type === 'status').map((m) => m.status);
  const events = () => messages.flatMap((m) => (m.type === 'events' ? m.events : []));
  return { controller, messages, statuses, events };
}

const config = presetConfig('test', 3);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('SearchWorkerController', () => {
  it('inits, steps one model, runs to the end and restores from its own log', async () => {
    const { controller, messages, statuses, events } = harness();
    await controller.handle({ type: 'init', config, events: [], resume: 'idle' });
    expect(messages[0]).toEqual({ type: 'backend', backend: 'cpu', reason: 'test', adapter: '' });
    expect(messages.find((m) => m.type === 'ready')).toEqual({ type: 'ready', restoredEvents: 0 });
    expect(statuses()).toEqual(['idle']);
    expect(events()[0]?.type).toBe('epsilon');

    await controller.handle({ type: 'step' });
    await controller.idle();
    expect(statuses()).toEqual(['idle', 'running', 'paused']);
    expect(events().filter((e) => e.type === 'result')).toHaveLength(1);
    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(messages.some((m) => m.type === 'memory')).toBe(true);

    const tensorsBefore = tf.memory().numTensors;
    await controller.handle({ type: 'start' });
    await controller.idle();
    expect(statuses().at(-1)).toBe('done');
    expect(events().at(-1)?.type).toBe('done');
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const log: RunEvent[] = events();
    const restored = harness();
    await restored.controller.handle({ type: 'init', config, events: log, resume: 'running' });
    expect(restored.messages.find((m) => m.type === 'ready')).toEqual({
      type: 'ready',
      restoredEvents: log.length,
    });
    expect(restored.statuses()).toEqual(['done']);
    expect(restored.events()).toEqual([]);
  });

  it('pauses after the model being trained when asked during training', async () => {
    const { controller, messages, statuses, events } = harness();
    await controller.handle({ type: 'init', config, events: [], resume: 'idle' });
    await controller.handle({ type: 'start' });
    // Pause as soon as the first progress message of the first model arrives.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (messages.some((m) => m.type === 'progress')) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    await controller.handle({ type: 'pause' });
    await controller.idle();
    expect(statuses().at(-1)).toBe('paused');
    expect(events().filter((e) => e.type === 'result').length).toBeGreaterThanOrEqual(1);
    expect(events().some((e) => e.type === 'done')).toBe(false);
  });

  it('reports a broken dataset as a data error and leaves status error', async () => {
    const { controller, messages, statuses } = harness({
      loadData: async () => {
        throw new DataError('mnist-14.bin: not a dataset file');
      },
    });
    await controller.handle({ type: 'init', config, events: [], resume: 'running' });
    expect(messages.find((m) => m.type === 'error')).toEqual({
      type: 'error',
      kind: 'data',
      message: 'mnist-14.bin: not a dataset file',
    });
    expect(statuses()).toEqual(['error']);
  });

  it('reports a lost device once and refuses further work', async () => {
    let lose: (message: string) => void = () => {};
    const { controller, messages, statuses } = harness({ watchDeviceLoss: (cb) => (lose = cb) });
    await controller.handle({ type: 'init', config, events: [], resume: 'idle' });
    lose('WebGPU device lost: test');
    await controller.handle({ type: 'start' });
    const errors = messages.filter((m) => m.type === 'error');
    expect(errors.map((m) => m.kind)).toEqual(['device-lost', 'device-lost']);
    expect(statuses().at(-1)).toBe('error');
  });
});
