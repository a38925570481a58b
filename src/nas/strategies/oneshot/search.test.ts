import { describe, expect, it } from 'vitest';
import { applyConfigPatch } from '../../configPatch';
import { OneShotRun } from '../../oneShotRun';
import { presetConfig } from '../../presets';
import type { RunConfig } from '../../config';
import type { RunEvent } from '../../runlog';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION } from '../../runlog';
import { checkRunLog } from '../../runlogSchema';
import type { BatchStats, EdgeMix, StandaloneProgress, SupernetTrainer } from '../../oneshot/trainer';
import type { OneShotModelProgress } from '../contract';
import { batchesOf } from './search';
import { Rng } from '../../rng';
import '..';

/**
 * A stand-in supernet: alpha moves towards op 1 on every alpha step; every batch's loss falls
 * with the step count; it records the calls the search makes so the test can check them.
 */
class FakeSupernet implements SupernetTrainer {
  readonly edges = 6;
  readonly ops = 5;
  readonly calls: string[] = [];
  private a = Array.from({ length: 6 }, () => [0, 0, 0, 0, 0]);
  private steps = 0;
  constructor(
    readonly trainImages = 10,
    readonly valImages = 6,
  ) {}
  async alpha(): Promise<number[][]> {
    return this.a.map((r) => [...r]);
  }
  private stats(): BatchStats {
    return { loss: 2 / (1 + this.steps), accuracy: Math.min(1, 0.1 + 0.05 * this.steps) };
  }
  async weightStep(batch: readonly number[], mix: EdgeMix): Promise<BatchStats> {
    this.calls.push(`weights ${mix.kind} [${batch.join(',')}]`);
    this.steps++;
    return this.stats();
  }
  async alphaStep(valBatch: readonly number[], o: { order: 1 | 2 }) {
    this.calls.push(`alpha ${o.order} [${valBatch.join(',')}]`);
    this.a = this.a.map((r) => r.map((v, j) => (j === 1 ? v + 0.5 : v)));
    return { ...this.stats(), grad: this.a.map((r) => r.map(() => 0)) };
  }
  async jointStep(batch: readonly number[], mix: Extract<EdgeMix, { kind: 'gumbel' }>) {
    this.calls.push(`joint t=${mix.temperature.toFixed(3)} [${batch.join(',')}]`);
    this.steps++;
    this.a = this.a.map((r) => r.map((v, j) => (j === 3 ? v + 0.5 : v)));
    return { ...this.stats(), z: mix.noise.map((r) => r.map((_, j) => (j === 3 ? 1 : 0))), penalty: 0 };
  }
  async evaluate(mix: EdgeMix): Promise<BatchStats> {
    this.calls.push(`evaluate ${mix.kind}`);
    return { loss: 1, accuracy: mix.kind === 'child' ? 0.4 : 0.5 };
  }
  async trainAlone(
    ops: readonly number[],
    o: { epochs: number },
    onProgress?: (p: StandaloneProgress) => void,
  ) {
    this.calls.push(`alone [${ops.join(',')}] ${o.epochs}`);
    for (let epoch = 1; epoch <= o.epochs; epoch++)
      onProgress?.({ epoch, epochs: o.epochs, batch: 1, batches: 1, loss: 1 / epoch, valAccuracy: 0.7 });
    return {
      accuracy: 0.7,
      curve: Array.from({ length: o.epochs }, () => 0.7),
      params: 123,
      trainMs: 5,
      backend: 'cpu',
    };
  }
  params(): number {
    return 1000;
  }
  async saveState() {
    return {
      tensors: [
        { name: 'alpha', shape: [6, 5], values: Float32Array.from(this.a.flat()) },
        { name: 'steps', shape: [1], values: Float32Array.of(this.steps) },
      ],
    };
  }
  loadState(state: { tensors: readonly { name: string; values: Float32Array }[] }): void {
    const alpha = state.tensors.find((t) => t.name === 'alpha')!.values;
    this.a = Array.from({ length: 6 }, (_, e) => Array.from(alpha.subarray(e * 5, e * 5 + 5)));
    this.steps = state.tensors.find((t) => t.name === 'steps')!.values[0]!;
  }
  dispose(): void {}
}

function config(strategy: 'darts' | 'snas' | 'enas', patch: Record<string, unknown> = {}): RunConfig {
  const resolved = applyConfigPatch(presetConfig('test', 5), { strategy, space: 'nb201', ...patch });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
  return resolved.config;
}

async function run(
  cfg: RunConfig,
  trainer = new FakeSupernet(),
): Promise<{ events: RunEvent[]; trainer: FakeSupernet; progress: OneShotModelProgress[] }> {
  const events: RunEvent[] = [];
  const progress: OneShotModelProgress[] = [];
  const oneShot = new OneShotRun(cfg, (e) => events.push(...e), {
    supernet: () => trainer,
    onTrainingProgress: (p) => progress.push(p),
  });
  while (!oneShot.done) await oneShot.step();
  return { events, trainer, progress };
}

const types = (events: readonly RunEvent[]) => events.map((e) => e.type);

/** What the run-log import says of `events` logged under `cfg`: 'ok' or its problem. */
function checked(cfg: RunConfig, events: readonly unknown[]): unknown {
  const log = { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, config: cfg, seed: cfg.seed, events };
  const result = checkRunLog(JSON.stringify(log));
  return result.ok ? 'ok' : result.problem;
}

describe('the one-shot search loop', () => {
  it('a one-shot strategy pairs the nb201 space with an image dataset, and refuses a table', () => {
    const cfg = config('darts');
    expect(cfg.space).toBe('nb201');
    expect(cfg.dataset).toBe('mnist-14');
    const refused = applyConfigPatch(cfg, { dataset: 'nb201-cifar10' });
    expect(refused.ok).toBe(false);
  });

  it('DARTS: per minibatch an alpha step on a validation batch, then a weight step; epochs, derivation, the cell alone', async () => {
    const cfg = config('darts', { darts: { epochs: 2, batchSize: 4, snapshotEvery: 2 } });
    const { events, trainer, progress } = await run(cfg);
    // 10 training images in batches of 4: 3 steps per epoch, 2 epochs.
    expect(trainer.calls.filter((c) => c.startsWith('weights softmax'))).toHaveLength(6);
    expect(trainer.calls.filter((c) => c.startsWith('alpha 1'))).toHaveLength(6);
    expect(trainer.calls[0]!.startsWith('alpha')).toBe(true);
    expect(trainer.calls[1]!.startsWith('weights')).toBe(true);
    // Snapshots at steps 2, 3 (end of epoch 0), 4, 6 (end of epoch 1).
    expect(events.filter((e) => e.type === 'oneshot-step').map((e) => (e as { step: number }).step)).toEqual([
      2, 3, 4, 6,
    ]);
    expect(types(events).slice(-4)).toEqual(['oneshot-derived', 'propose', 'result', 'done']);
    // Explain mode's alpha step: the first of each epoch, with alpha before and after it.
    const explained = events.filter((e) => e.type === 'darts-alpha');
    expect(explained.map((e) => [e.epoch, e.step])).toEqual([
      [0, 1],
      [1, 4],
    ]);
    expect(explained[1]).toMatchObject({ order: 1, learningRate: 3e-4, beta1: 0.5, weightDecay: 1e-3 });
    expect(explained[1]!.alphaBefore[0]).toEqual([0, 1.5, 0, 0, 0]);
    expect(explained[1]!.alphaAfter[0]).toEqual([0, 2, 0, 0, 0]);
    const derived = events.find((e) => e.type === 'oneshot-derived')!;
    // alpha grew on op 1 (skip_connect) on every edge: the argmax cell.
    expect(derived).toMatchObject({
      arch: '|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|',
      rule: 'argmax',
      supernetAccuracy: 0.5,
      inheritedAccuracy: 0.4,
    });
    expect(trainer.calls.at(-1)).toBe(`alone [1,1,1,1,1,1] ${cfg.darts.standaloneEpochs}`);
    // The standalone training's progress goes out as proposal 0's, the derived cell's.
    expect(progress).toHaveLength(cfg.darts.standaloneEpochs);
    expect(progress[0]).toMatchObject({
      index: 0,
      arch: (derived as { arch: string }).arch,
      restart: 0,
      epoch: 1,
    });
    expect(checked(cfg, events)).toBe('ok');
  });

  it('is reproducible from the seed, and another seed draws other batches', async () => {
    const a = await run(config('darts'));
    const b = await run(config('darts'));
    expect(b.trainer.calls).toEqual(a.trainer.calls);
    const c = await run(config('darts', { seed: 6 }));
    expect(c.trainer.calls).not.toEqual(a.trainer.calls);
  });

  it('resumes from an epoch-boundary checkpoint to the log of an uninterrupted run', async () => {
    const cfg = config('darts', { darts: { epochs: 3, batchSize: 4 } });
    const whole = await run(cfg);
    // A run stopped in its third epoch, its latest checkpoint after the second.
    const events: RunEvent[] = [];
    const first = new OneShotRun(cfg, (e) => events.push(...e), { supernet: () => new FakeSupernet() });
    let checkpoint = null;
    while (!checkpoint || events.filter((e) => e.type === 'oneshot-epoch').length < 2) {
      await first.step();
      if (first.checkpointDue) checkpoint = await first.checkpoint();
    }
    expect(checkpoint!.loop.epoch).toBe(2);
    await first.step(); // a minibatch of epoch 3, lost with the worker
    const resumedEvents = events.slice(0, checkpoint!.events);
    const second = new OneShotRun(cfg, (e) => resumedEvents.push(...e), {
      supernet: () => new FakeSupernet(),
    });
    second.restoreLog(events, checkpoint!);
    expect(second.restoredEvents).toBe(checkpoint!.events);
    while (!second.done) await second.step();
    const numbers = (list: RunEvent[]) =>
      list.map((e) => (e.type === 'oneshot-epoch' ? { ...e, elapsedMs: 0 } : e));
    expect(numbers(resumedEvents)).toEqual(numbers(whole.events));
  });

  it('a log without a checkpoint is shown but cannot go on; a checkpoint beyond the log is refused', async () => {
    const cfg = config('darts');
    const { events } = await run(cfg);
    const unfinished = events.slice(0, 3);
    const shown = new OneShotRun(cfg, () => {}, { supernet: () => new FakeSupernet() });
    shown.restoreLog(unfinished);
    expect(shown.stopped).toBe(true);
    const refused = new OneShotRun(cfg, () => {}, { supernet: () => new FakeSupernet() });
    const beyond = {
      events: 99,
      loop: { epoch: 1, step: 3, elapsedMs: 0, lastValAccuracy: 0.5 },
      method: null,
      trainer: { tensors: [] },
    };
    expect(() => refused.restoreLog(unfinished, beyond)).toThrow(/does not fit a log of 3/);
  });

  it('batches cover every image once per epoch', () => {
    const batches = batchesOf(10, 4, new Rng(1));
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flat().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('SNAS: one joint step per minibatch at the annealed temperature; derives the argmax', async () => {
    const cfg = config('snas', { snas: { epochs: 3, batchSize: 5 } });
    const { events, trainer } = await run(cfg);
    const joints = trainer.calls.filter((c) => c.startsWith('joint'));
    expect(joints).toHaveLength(6);
    const temps = events.flatMap((e) =>
      e.type === 'oneshot-step' && e.temperature !== undefined ? [e.temperature] : [],
    );
    // SNAS's Temp_Scheduler steps before each epoch: epoch 0 of 3 runs at (1 - 1/3) * 0.97 + 0.03.
    expect(temps[0]).toBeCloseTo((2 / 3) * 0.97 + 0.03, 6);
    expect(temps.at(-1)).toBeCloseTo(0.03, 6);
    expect(events.find((e) => e.type === 'oneshot-derived')).toMatchObject({ ops: [3, 3, 3, 3, 3, 3] });
    // Explain mode's sample: the first step of each epoch, its noise and Z those of the step.
    const samples = events.filter((e) => e.type === 'snas-gumbel');
    expect(samples.map((e) => e.step)).toEqual([1, 3, 5]);
    expect(samples[0]!.temperature).toBeCloseTo(temps[0]!, 12);
    expect(samples[0]!.hard).toEqual([3, 3, 3, 3, 3, 3]);
    expect(samples[1]!.logAlpha[0]).toEqual([0, 0, 0, 1, 0]);
    expect(samples[0]!.noise.flat().every(Number.isFinite)).toBe(true);
    expect(checked(cfg, events)).toBe('ok');
  });

  it('an explain event of the wrong shape is refused', async () => {
    const cfg = config('darts');
    const { events } = await run(cfg);
    const edited = events.map((e) => (e.type === 'darts-alpha' ? { ...e, grad: e.grad.slice(1) } : e));
    expect(checked(cfg, edited)).not.toBe('ok');
  });

  it('a log whose derived cell is not the string of its ops is refused', async () => {
    const cfg = config('darts');
    const { events } = await run(cfg);
    const edited = events.map((e) => (e.type === 'oneshot-derived' ? { ...e, ops: [0, 0, 0, 0, 0, 0] } : e));
    expect(checked(cfg, edited)).not.toBe('ok');
  });
});
