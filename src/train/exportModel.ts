/**
 * A trained LayersModel as the two files of tfjs's layers format: `model.json` (topology and a
 * weights manifest naming the .bin file) and the weights' bytes, as plain data for the UI thread.
 * The artifacts come from tfjs itself (`model.save` through `tf.io.withSaveHandler`).
 */
import * as tf from '@tensorflow/tfjs';

/** What `saveModelFiles` produces: the content of model.json and of the weights file it names. */
export interface ModelFiles {
  /** The parsed content of model.json (tfjs `ModelJSON`). */
  modelJson: tf.io.ModelJSON;
  /** The weights, all tensors concatenated in manifest order. */
  weightData: ArrayBuffer;
}

/** Saves `model` as tfjs's model.json plus one weights file called `weightsFile` (a bare file name). */
export async function saveModelFiles(model: tf.LayersModel, weightsFile: string): Promise<ModelFiles> {
  let files: ModelFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!(artifacts.modelTopology && !(artifacts.modelTopology instanceof ArrayBuffer))) {
        throw new Error('tfjs returned no JSON topology for the model');
      }
      const weightData =
        artifacts.weightData === undefined
          ? new ArrayBuffer(0)
          : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      files = {
        modelJson: {
          modelTopology: artifacts.modelTopology,
          format: artifacts.format,
          generatedBy: artifacts.generatedBy,
          convertedBy: artifacts.convertedBy,
          weightsManifest: [{ paths: [`./${weightsFile}`], weights: artifacts.weightSpecs ?? [] }],
        },
        weightData,
      };
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: weightData.byteLength,
        },
      };
    }),
  );
  if (!files) throw new Error('tfjs did not save the model');
  return files;
}
