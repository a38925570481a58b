import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RunConfig } from '../nas/config';
import { applyConfigPatch } from '../nas/configPatch';
import { presetConfig } from '../nas/presets';
import { formatMessage } from '../nas/message';
import type { ResultEvent } from '../nas/runlog';
import { disposeTrainingTensors } from '../train/data';
import { printedByPython, readRecordedKeras, recordKeras } from '../train/pythonTesting';
import { trainStandalone } from '../train/supernet/standalone';
import { syntheticData } from './syntheticData';
import { SearchWorkerController } from './controller';
import type { ExportedModelFiles, ExportedPythonFiles, FromWorker } from './protocol';

function harness() {
  const messages: FromWorker[] = [];
  const controller = new SearchWorkerController({
    post: (m) => messages.push(m),
    selectBackend: async () => ({ backend: 'cpu', reason: null, adapter: '' }),
    watchDeviceLoss: () => {},
    loadData: async (config) => syntheticData(config),
    disposeData: disposeTrainingTensors,
    loadTable: () => Promise.reject(new Error('no table in this test')),
    memory: () => ({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes, gpuBytes: null }),
  });
  return { controller, messages };
}

const config = presetConfig('test', 4);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe("the worker's 'export-model'", () => {
  it('trains the architecture as the run did (same accuracy) and sends tfjs files that load', async () => {
    // The run trains one model...
    const run = harness();
    await run.controller.handle({ type: 'init', config, events: [], resume: 'idle' });
    await run.controller.handle({ type: 'step' });
    await run.controller.idle();
    const result = run.messages
      .flatMap((m) => (m.type === 'events' ? m.events : []))
      .find((e): e is ResultEvent => e.type === 'result')!;

    // ...and a worker of its own trains it again for export.
    const exporter = harness();
    await exporter.controller.handle({
      type: 'export-model',
      config,
      arch: result.arch,
      weightsFile: 'best.weights.bin',
    });
    expect(exporter.messages.some((m) => m.type === 'progress')).toBe(true);
    const sent = exporter.messages.find((m) => m.type === 'model-files');
    expect(
      sent,
      JSON.stringify(exporter.messages.find((m) => m.type === 'model-export-failed')),
    ).toBeDefined();
    const files = (sent as { files: ExportedModelFiles }).files;
    expect(files.arch).toBe(result.arch);
    expect(files.accuracy).toBe(result.accuracy);

    const json = files.modelJson as unknown as tf.io.ModelJSON;
    expect(json.format).toBe('layers-model');
    const manifest = json.weightsManifest[0]!;
    expect(manifest.paths).toEqual(['./best.weights.bin']);
    const bytes = manifest.weights.reduce((sum, w) => sum + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    expect(files.weightData.byteLength).toBe(bytes);

    const model = await tf.loadLayersModel(
      tf.io.fromMemory(json.modelTopology, manifest.weights, files.weightData),
    );
    expect(model.countParams()).toBe(result.params);
    const out = model.predict(tf.zeros([1, 14, 14, 1])) as tf.Tensor;
    expect(out.shape).toEqual([1, 10]);
    tf.dispose([out]);
    model.dispose();
  }, 120_000);

  it('answers with a reason, and no files, for an architecture it cannot build', async () => {
    const { controller, messages } = harness();
    await controller.handle({ type: 'export-model', config, arch: 'not a net', weightsFile: 'x.bin' });
    const failed = messages.find((m) => m.type === 'model-export-failed');
    expect(failed && failed.type === 'model-export-failed' && formatMessage(failed.message)).toMatch(
      /not a net|token|Bad/i,
    );
    expect(messages.some((m) => m.type === 'model-files')).toBe(false);
  });

  it("exports a one-shot run's derived cell: trained alone as the run did, calibrated, loadable", async () => {
    // Fewer images than the test preset's: two trainings of the cell on tfjs's CPU backend in Node.
    const resolved = applyConfigPatch(presetConfig('test', 4), {
      strategy: 'darts',
      space: 'nb201',
      data: { trainImages: 32, valImages: 16 },
      darts: { batchSize: 16 },
    });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
    const darts = resolved.config;
    const arch = '|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|avg_pool_3x3~1|nor_conv_3x3~2|';
    // What the run trains after deriving this cell: the section's standalone schedule, run seed.
    const section = darts.darts;
    const data = await syntheticData(darts);
    const alone = await trainStandalone(
      data,
      { channels: section.channels, cellsPerStage: section.cellsPerStage, inputChannels: 1, classes: 10 },
      { momentum: section.momentum, weightDecay: section.weightDecay, gradClip: section.gradClip },
      [3, 1, 2, 0, 4, 3],
      {
        epochs: section.standaloneEpochs,
        batchSize: section.batchSize,
        lr: section.learningRate,
        lrMin: section.learningRateMin,
        seed: darts.seed,
      },
    );
    disposeTrainingTensors(data);
    const result = { arch, accuracy: alone.accuracy, params: alone.params };

    const exporter = harness();
    await exporter.controller.handle({
      type: 'export-model',
      config: darts,
      arch: result.arch,
      weightsFile: 'cell.bin',
    });
    const progress = exporter.messages.flatMap((m) => (m.type === 'progress' ? [m.progress] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.index === -1 && p.arch === result.arch)).toBe(true);
    const sent = exporter.messages.find((m) => m.type === 'model-files');
    expect(
      sent,
      JSON.stringify(exporter.messages.find((m) => m.type === 'model-export-failed')),
    ).toBeDefined();
    const files = (sent as { files: ExportedModelFiles }).files;
    // The same training as the run's, to the number; the saved model's own accuracy beside it.
    expect(files.trainedAccuracy).toBe(result.accuracy);
    expect(files.accuracy).toBeGreaterThanOrEqual(0);
    expect(files.accuracy).toBeLessThanOrEqual(1);
    const json = files.modelJson as unknown as tf.io.ModelJSON;
    const manifest = json.weightsManifest[0]!;
    expect(manifest.paths).toEqual(['./cell.bin']);
    const model = await tf.loadLayersModel(
      tf.io.fromMemory(json.modelTopology, manifest.weights, files.weightData),
    );
    const trainable = model.trainableWeights.reduce(
      (sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
      0,
    );
    expect(trainable).toBe(result.params);
    const probe = tf.randomUniform([2, 14, 14, 1], 0, 1, 'float32', 8);
    const out = model.predict(probe) as tf.Tensor;
    expect(out.shape).toEqual([2, 10]);
    const tfjsOutputs = out.arraySync() as number[][];
    tf.dispose([out]);
    model.dispose();

    // As PyTorch: the same training, a Python file naming its weights file, which Python loads
    // with the tfjs model's parameter count (torchExport.test.ts compares the outputs).
    const torch = harness();
    await torch.controller.handle({
      type: 'export-model',
      config: darts,
      arch: result.arch,
      weightsFile: 'cell.safetensors',
      format: 'pytorch',
    });
    const python = torch.messages.find((m) => m.type === 'python-files');
    expect(
      python,
      JSON.stringify(torch.messages.find((m) => m.type === 'model-export-failed')),
    ).toBeDefined();
    const py = (python as { files: ExportedPythonFiles }).files;
    expect(py.trainedAccuracy).toBe(result.accuracy);
    expect(py.accuracy).toBe(files.accuracy);
    expect(py.source).toContain(`# Cell: ${result.arch}`);
    expect(py.source).toContain('WEIGHTS = "cell.safetensors"');
    expect(printedByPython(py.source, 'cell.safetensors', py.weightData)).toBe(`${result.params} parameters`);

    // As Keras: the same training again; the file, run against the stand-in keras and read back by
    // tfjs's Keras reader, is the tfjs model above (parameters and outputs).
    const keras = harness();
    await keras.controller.handle({
      type: 'export-model',
      config: darts,
      arch: result.arch,
      weightsFile: 'cell-keras.safetensors',
      format: 'keras',
    });
    const sentKeras = keras.messages.find((m) => m.type === 'python-files');
    expect(
      sentKeras,
      JSON.stringify(keras.messages.find((m) => m.type === 'model-export-failed')),
    ).toBeDefined();
    const kf = (sentKeras as { files: ExportedPythonFiles }).files;
    expect(kf.trainedAccuracy).toBe(result.accuracy);
    expect(kf.accuracy).toBe(files.accuracy);
    expect(kf.source).toContain(`# Cell: ${result.arch}`);
    expect(kf.source).toContain('WEIGHTS = "cell-keras.safetensors"');
    const { recorded } = recordKeras(kf.source, 'cell-keras.safetensors', kf.weightData);
    const read = await readRecordedKeras(recorded);
    const readTrainable = read.trainableWeights.reduce(
      (sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
      0,
    );
    expect(readTrainable).toBe(result.params);
    const readOut = read.predict(probe) as tf.Tensor;
    (readOut.arraySync() as number[][]).forEach((row, i) =>
      row.forEach((p, c) => expect(Math.abs(p - tfjsOutputs[i]![c]!)).toBeLessThan(1e-4)),
    );
    tf.dispose([readOut, probe]);
    read.dispose();
  }, 180_000);

  it("exports a sample-based run's model as PyTorch: trained as the run did, loadable in Python", async () => {
    const run = harness();
    await run.controller.handle({ type: 'init', config, events: [], resume: 'idle' });
    await run.controller.handle({ type: 'step' });
    await run.controller.idle();
    const result = run.messages
      .flatMap((m) => (m.type === 'events' ? m.events : []))
      .find((e): e is ResultEvent => e.type === 'result')!;
    const { controller, messages } = harness();
    await controller.handle({
      type: 'export-model',
      config,
      arch: result.arch,
      weightsFile: 'best.safetensors',
      format: 'pytorch',
    });
    const sent = messages.find((m) => m.type === 'python-files');
    expect(sent, JSON.stringify(messages.find((m) => m.type === 'model-export-failed'))).toBeDefined();
    const files = (sent as { files: ExportedPythonFiles }).files;
    expect(files.accuracy).toBe(result.accuracy);
    expect(files.source).toContain(`# Architecture: ${result.arch}`);
    expect(printedByPython(files.source, 'best.safetensors', files.weightData)).toBe(
      `${result.params} parameters`,
    );
  }, 120_000);

  it("exports a sample-based run's model as Keras: trained as the run did, read back by tfjs", async () => {
    const run = harness();
    await run.controller.handle({ type: 'init', config, events: [], resume: 'idle' });
    await run.controller.handle({ type: 'step' });
    await run.controller.idle();
    const result = run.messages
      .flatMap((m) => (m.type === 'events' ? m.events : []))
      .find((e): e is ResultEvent => e.type === 'result')!;
    const { controller, messages } = harness();
    await controller.handle({
      type: 'export-model',
      config,
      arch: result.arch,
      weightsFile: 'best-keras.safetensors',
      format: 'keras',
    });
    const sent = messages.find((m) => m.type === 'python-files');
    expect(sent, JSON.stringify(messages.find((m) => m.type === 'model-export-failed'))).toBeDefined();
    const files = (sent as { files: ExportedPythonFiles }).files;
    expect(files.accuracy).toBe(result.accuracy);
    expect(files.source).toContain(`# Architecture: ${result.arch}`);
    expect(files.source).toContain(`seed ${config.seed}`);
    const { recorded, cli } = recordKeras(files.source, 'best-keras.safetensors', files.weightData);
    const read = await readRecordedKeras(recorded);
    const trainable = read.trainableWeights.reduce(
      (sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
      0,
    );
    expect(trainable).toBe(result.params);
    expect(cli).toBe(`${read.countParams()} parameters`);
    read.dispose();
  }, 120_000);

  it('refuses a NAS-Bench-201 run: its cells are looked up, not trained', async () => {
    const { controller, messages } = harness();
    const nb201: RunConfig = { ...config, space: 'nb201', dataset: 'nb201-cifar10' };
    await controller.handle({ type: 'export-model', config: nb201, arch: '|none~0|', weightsFile: 'x.bin' });
    const failed = messages.find((m) => m.type === 'model-export-failed');
    expect(failed && failed.type === 'model-export-failed' && formatMessage(failed.message)).toMatch(
      /looked up/,
    );
  });
});
