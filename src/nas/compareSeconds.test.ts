import { describe, expect, it } from 'vitest';
import {
  compareMixProblem,
  oneShotPoint,
  runComparison,
  sampledCurves,
  type CompareRun,
  type CompareSpec,
} from './compare';
import type { RunConfig } from './config';
import { applyConfigPatch, patchConfigProblems } from './configPatch';
import { formatMessage } from './message';
import type { BatchStats, StandaloneProgress, SupernetTrainer } from './oneshot/trainer';
import { presetConfig } from './presets';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunEvent } from './runlog';
import { checkRunLog } from './runlogSchema';
import type { Evaluate } from './search';
import { NB201_SECTION } from './spaces/nb201Section';
import './strategies';

function configure(patch: object, fidelity: 'test' | 'class' = 'test'): RunConfig {
  const result = applyConfigPatch(presetConfig(fidelity, 3), patch);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

/** Random search on NAS-Bench-201 cells trained on images, the base of a mixed comparison. */
const trainedBase = () => configure({ strategy: 'random', space: 'nb201', nb201: { evaluate: 'train' } });

describe('the nb201 space’s cell accuracy option', () => {
  it('looks cells up by default at every fidelity', () => {
    for (const fidelity of ['test', 'class', 'paper'] as const) {
      expect(presetConfig(fidelity).nb201.evaluate).toBe('table');
      expect(NB201_SECTION.presets[fidelity].evaluate).toBe('table');
    }
    const table = configure({ strategy: 'random', space: 'nb201' });
    expect(table.dataset).toBe('nb201-cifar10');
  });

  it("'train' pairs the space with images; a table dataset with it is refused in words", () => {
    const trained = trainedBase();
    expect(trained).toMatchObject({ space: 'nb201', nb201: { evaluate: 'train' } });
    expect(trained.dataset).toBe(presetConfig('test').dataset);
    const refused = patchConfigProblems(trained, { dataset: 'nb201-cifar10', nb201: { evaluate: 'train' } });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.problems.map((p) => p.problem.code)).toEqual(['config.nb201TrainNeedsImages']);
    expect(formatMessage(refused.problems[0]!.problem)).toMatch(
      /^Training the 'nb201' cells needs images: choose mnist-28/,
    );
    // Choosing a table dataset alone goes back to looking cells up (one click).
    const back = applyConfigPatch(trained, { dataset: 'nb201-cifar100' });
    expect(back.ok && back.config.nb201.evaluate).toBe('table');
  });

  it('reads a run log saved before the option as looking cells up', () => {
    const config = presetConfig('test', 1) as unknown as Record<string, unknown>;
    delete config.nb201;
    const log = { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, config, seed: 1, events: [] };
    const checked = checkRunLog(JSON.stringify(log));
    expect(checked.ok && checked.log.config.nb201).toEqual({ evaluate: 'table' });
  });

  it('refuses a value that is not table or train', () => {
    const refused = applyConfigPatch(trainedBase(), { nb201: { evaluate: 'guess' } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors[0]!.path).toBe('nb201.evaluate');
  });
});

describe('the seconds axis of a comparison, from run logs', () => {
  it('a sample-based run: cumulative measured seconds and best-so-far steps', () => {
    const results = [
      { arch: 'a', accuracy: 0.5, trainMs: 1000 },
      { arch: 'b', accuracy: 0.4, trainMs: 2500 },
      { arch: 'c', accuracy: 0.7, trainMs: 500 },
      { arch: 'd', accuracy: 0.6, trainMs: 1250 },
    ];
    expect(sampledCurves(results)).toEqual({
      best: [0.5, 0.5, 0.7, 0.7],
      seconds: [1, 3.5, 4, 5.25],
      bestArch: 'c',
    });
  });

  it('a one-shot run: one point at its supernet’s elapsed time plus the standalone training', () => {
    const epoch = (epochIndex: number, elapsedMs: number) =>
      ({
        type: 'oneshot-epoch',
        epoch: epochIndex,
        step: 2 * (epochIndex + 1),
        trainLoss: 1,
        trainAccuracy: 0.5,
        valLoss: 1,
        valAccuracy: 0.5,
        elapsedMs,
      }) as RunEvent;
    const events: RunEvent[] = [
      epoch(0, 3000),
      epoch(1, 7000),
      { type: 'propose', index: 0, arch: 'cell', trajectory: [], decisions: [] } as unknown as RunEvent,
      {
        type: 'result',
        index: 0,
        arch: 'cell',
        reward: 0.8,
        accuracy: 0.8,
        curve: [0.8],
        params: 10,
        trainMs: 2000,
        backend: 'cpu',
        restarts: 0,
        cached: false,
      },
    ];
    expect(oneShotPoint(events)).toEqual({ arch: 'cell', accuracy: 0.8, seconds: 9 });
    expect(oneShotPoint(events.slice(0, 2))).toBeUndefined();
  });
});

describe('which strategies a comparison can mix', () => {
  const spec: CompareSpec = { strategies: ['random', 'darts'], space: 'nb201', budget: 2, seeds: [1] };

  it('refuses a one-shot strategy beside looked-up cells, in words', () => {
    const problem = compareMixProblem(configure({ strategy: 'random', space: 'nb201' }), spec);
    expect(problem?.code).toBe('compare.oneShotWithTable');
    const text = formatMessage(problem!);
    expect(text).toMatch(/^darts trains its cell on images, while this comparison would look/);
    expect(text).not.toContain('compare.');
  });

  it('accepts it beside trained cells, and refuses a one-shot section trained otherwise', () => {
    expect(compareMixProblem(trainedBase(), spec)).toBeUndefined();
    expect(compareMixProblem(trainedBase(), { ...spec, strategies: ['darts', 'snas'] })).toBeUndefined();
    const edited = configure({
      strategy: 'random',
      space: 'nb201',
      nb201: { evaluate: 'train' },
      darts: { standaloneEpochs: 3 },
    });
    expect(compareMixProblem(edited, spec)).toMatchObject({
      code: 'compare.oneShotTrainedOtherwise',
      params: { strategy: 'darts', field: 'darts.standaloneEpochs' },
    });
    // A fidelity preset in the comparison resets every section alike.
    expect(compareMixProblem(edited, { ...spec, fidelity: 'test' })).toBeUndefined();
  });
});

/** A supernet without tfjs: every step and evaluation answers at once; the cell alone takes 40 ms. */
class InstantSupernet implements SupernetTrainer {
  readonly edges = 6;
  readonly ops = 5;
  constructor(
    readonly trainImages = 8,
    readonly valImages = 4,
  ) {}
  private stats: BatchStats = { loss: 1, accuracy: 0.5 };
  async alpha() {
    return Array.from({ length: 6 }, (_, e) => [0, e === 0 ? 1 : 0, 0, 2, 0]);
  }
  async weightStep() {
    return this.stats;
  }
  async alphaStep() {
    return { ...this.stats, grad: Array.from({ length: 6 }, () => [0, 0, 0, 0, 0]) };
  }
  async jointStep(): Promise<never> {
    throw new Error('not SNAS');
  }
  async evaluate() {
    return this.stats;
  }
  async trainAlone(
    _ops: readonly number[],
    o: { epochs: number },
    onProgress?: (p: StandaloneProgress) => void,
  ) {
    onProgress?.({ epoch: 1, epochs: o.epochs, batch: 1, batches: 1, loss: 1, valAccuracy: 0.9 });
    return { accuracy: 0.9, curve: [0.9], params: 10, trainMs: 40, backend: 'cpu' };
  }
  params() {
    return 100;
  }
  async saveState() {
    return { tensors: [] };
  }
  loadState() {}
  dispose() {}
}

describe('a comparison of random search and DARTS on trained nb201 cells', () => {
  it('gives random search a step curve over measured seconds and DARTS one point', async () => {
    const runs: CompareRun[] = [];
    let trained = 0;
    // Each cell "trains" in 1.5 s by the log's measure, with an accuracy from its string.
    const evaluate: Evaluate = async (_arch, ctx) => {
      trained++;
      const accuracy = 0.5 + (ctx.net.length % 7) / 100;
      return { accuracy, curve: [accuracy], params: 1, trainMs: 1500, backend: 'cpu', restarts: 0 };
    };
    let steps = 0;
    await runComparison(
      trainedBase(),
      { strategies: ['random', 'darts'], space: 'nb201', budget: 3, seeds: [1], fidelity: 'test' },
      evaluate,
      { supernet: () => new InstantSupernet() },
      (r) => runs.push(r),
      () => false,
      async () => {
        steps++;
      },
    );
    expect(runs.map((r) => r.strategy)).toEqual(['random', 'darts']);
    const [random, darts] = runs as [CompareRun, CompareRun];
    expect(trained).toBe(3);
    expect(random.seconds).toEqual([1.5, 3, 4.5]);
    expect(random.best).toHaveLength(3);
    expect(darts.best).toEqual([0.9]);
    expect(darts.accuracies).toEqual([0.9]);
    // The supernet's logged time (instant here) plus the 40 ms of the cell trained alone.
    expect(darts.seconds).toHaveLength(1);
    expect(darts.seconds![0]).toBeGreaterThanOrEqual(0.04);
    expect(darts.seconds![0]).toBeLessThan(1);
    expect(steps).toBeGreaterThan(1);
  });

  it('refuses a mix on looked-up cells before running anything', async () => {
    await expect(
      runComparison(
        configure({ strategy: 'random', space: 'nb201' }),
        { strategies: ['random', 'darts'], space: 'nb201', budget: 2, seeds: [1] },
        async () => {
          throw new Error('nothing is evaluated');
        },
        {},
        () => {},
      ),
    ).rejects.toThrow(/darts trains its cell on images/);
  });
});
