/**
 * The model export of a one-shot run's derived cell (issue #18: tfjs; issue #20: PyTorch, Keras): the
 * cell of `net` (a NAS-Bench-201 cell string) trained alone with the run's skeleton, optimizer,
 * schedule and seed, saved as tfjs layers files (src/train/supernet/exportCell.ts) or as a Python
 * file of the network (src/nas/export/pytorchNb201.ts; Keras: src/train/kerasModel.ts, from the
 * same LayersModel as the tfjs files) with its weights in safetensors.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../nas/config';
import { encodeSafetensors } from '../nas/export/safetensors';
import { pytorchNb201Source } from '../nas/export/pytorchNb201';
import type { StandaloneProgress } from '../nas/oneshot/trainer';
import { MessageError } from '../nas/messageError';
import { NB201_OPS, parseCellString } from '../nas/spaces/nb201';
import { oneShotMessage } from '../nas/strategies/oneshot/events';
import { oneShotSectionOf, standaloneOptionsOf, supernetOptionsOf } from '../nas/strategies/oneshot/config';
import type { TrainingTensors } from '../train/data';
import { kerasOfModel, type KerasFiles } from '../train/kerasModel';
import { exportDerivedCell } from '../train/supernet/exportCell';
import type { ExportedModelFiles, ExportedPythonFiles, ModelFormat, PythonFormat } from './protocol';

const percent = (x: number): string => `${(100 * x).toFixed(2)}%`;

export async function exportOneShotCell(
  config: RunConfig,
  net: string,
  tensors: TrainingTensors,
  weightsFile: string,
  format: ModelFormat,
  onProgress: (progress: StandaloneProgress) => void,
): Promise<
  { format: 'tfjs'; files: ExportedModelFiles } | { format: PythonFormat; files: ExportedPythonFiles }
> {
  // The exporters build NAS-Bench-201's skeleton only (exportCell.ts, pytorchNb201.ts).
  if (config.space === 'darts') throw new MessageError(oneShotMessage('export.dartsSpace'));
  const ops = parseCellString(net).map((op) => NB201_OPS.indexOf(op));
  const section = oneShotSectionOf(config);
  const supernet = supernetOptionsOf(section, config.seed);
  const skeleton = {
    channels: supernet.channels,
    cellsPerStage: supernet.cellsPerStage,
    inputChannels: tensors.xTrain.shape[3],
    classes: tensors.classes,
  };
  let keras: KerasFiles | null = null;
  const exported = await exportDerivedCell(
    tensors,
    skeleton,
    supernet.weights,
    ops,
    standaloneOptionsOf(section, config.seed),
    weightsFile,
    onProgress,
    format === 'keras'
      ? async (model) => {
          keras = await kerasOfModel(model, weightsFile);
        }
      : undefined,
  );
  const common = {
    arch: net,
    accuracy: exported.accuracy,
    trainedAccuracy: exported.trained.accuracy,
    backend: tf.getBackend(),
  };
  if (format === 'tfjs') {
    const modelJson = exported.files.modelJson as unknown as Record<string, unknown>;
    return { format, files: { ...common, modelJson, weightData: exported.files.weightData } };
  }
  const about = [
    `Found by ${config.strategy.toUpperCase()} in NAS Playground, seed ${config.seed}, dataset ${config.dataset}`,
    `(${tensors.size}x${tensors.size}, ${tensors.nTrain} training images); trained alone for ${section.standaloneEpochs} epochs.`,
    `Validation accuracy of these weights: ${percent(exported.accuracy)} (batch norm on its running`,
    `statistics; the run's standalone training measured ${percent(exported.trained.accuracy)}).`,
  ];
  const translated = keras as KerasFiles | null;
  if (format === 'keras') {
    if (!translated) throw new Error('The derived cell was trained but not translated to Keras');
    const weights = encodeSafetensors(translated.tensors, { arch: net, format: 'keras' });
    return {
      format,
      files: {
        ...common,
        source: translated.source([...about, `Cell: ${net}`]),
        weightData: weights.buffer.slice(0) as ArrayBuffer,
      },
    };
  }
  const source = pytorchNb201Source({
    arch: net,
    ops,
    ...skeleton,
    weightsFile,
    about,
  });
  const weights = encodeSafetensors(exported.torch, { arch: net, format: 'pt' });
  return {
    format,
    files: { ...common, source, weightData: weights.buffer.slice(0) as ArrayBuffer },
  };
}
