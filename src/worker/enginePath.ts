/**
 * The `engine` training path of the worker: each model trains on our WebGPU engine (src/gpu) when
 * the engine supports its network and a WebGPU device can be had, else on tfjs. A model that falls
 * back says why (`engineFallback`), and an engine error, a lost device included, retrains that
 * model on tfjs, so the run goes on. After a loss the next model asks for a fresh device.
 */
import type { Architecture } from '../nas/architecture';
import { formatMessage, message, type Message } from '../nas/message';
import { exceptionText, MessageError } from '../nas/messageError';
import type { TrainingConfig, TrainingPath } from '../nas/config';
import type { EvalResult } from '../nas/search';
import type { Acquired } from '../gpu/device';
import type { GpuEngine } from '../gpu/engine';
import { compileAhead, engineSupport, trainArchitectureOnEngine } from '../gpu/engineTrainer';
import type { TrainingTensors } from '../train/data';
import type { BatchProgress } from '../train/schedule';
import type { TrainOptions } from '../train/trainer';

/** Options of one model's training, with progress that says which path reports it. */
export interface PathTrainOptions extends Omit<TrainOptions, 'onProgress'> {
  onProgress?: (progress: BatchProgress, trainedOn: TrainingPath) => void;
  /** The architecture trained after this one, when known: its kernels compile meanwhile. */
  next?: Architecture;
}

export class EnginePath {
  private acquired: Promise<Acquired | { ok: false; reason: Message | string }> | null = null;
  /** Why the current device was lost, once it was. */
  private lost: Message | null = null;
  /** The last compile-ahead started: its kernel counts once they are ready, null on failure. */
  lastAhead: Promise<{ kernels: number; compiled: number } | null> | null = null;

  /**
   * `acquire` is called for the first model that can train on the engine, and after a loss.
   * With `compileAhead` (the default), the next architecture's kernels, when it is known, are
   * compiled in the background while a model trains (engineTrainer.ts, compileAhead).
   */
  constructor(
    private readonly acquire: () => Promise<Acquired>,
    private readonly ahead = true,
  ) {}

  /** The engine, or why there is none. */
  private async engine(): Promise<{ engine: GpuEngine } | { reason: Message }> {
    if (!this.acquired) {
      this.lost = null;
      this.acquired = this.acquire().catch(
        // A message the caller threw stays a message; a browser's words are data.
        (err: unknown) =>
          ({ ok: false, reason: err instanceof MessageError ? err.problem : exceptionText(err) }) as const,
      );
      const first = await this.acquired;
      if (first.ok)
        void first.engine.device.lost.then((info) => {
          this.lost = message('engine.deviceLost', {
            reason: info.message || info.reason || message('backend.unknownReason'),
          });
          this.acquired = null; // the next model asks for a fresh device
        });
    }
    const acquired = await this.acquired;
    return acquired.ok
      ? { engine: acquired.engine }
      : { reason: message('engine.noDevice', { reason: acquired.reason }) };
  }

  /**
   * Trains `arch` on the engine if it can, else with `tfjs` (the tfjs trainer with the same
   * options); the result says which (`trainedOn`) and, after a fallback, why.
   */
  async train(
    arch: Architecture,
    data: TrainingTensors,
    training: TrainingConfig,
    options: PathTrainOptions,
    tfjs: (options: TrainOptions) => Promise<EvalResult>,
  ): Promise<EvalResult> {
    const { onProgress, next, ...rest } = options;
    const reportAs = (path: TrainingPath) =>
      onProgress ? { onProgress: (p: BatchProgress) => onProgress(p, path) } : {};
    let reason: Message;
    const support = engineSupport(arch, [data.size, data.size, data.channels]);
    if (!support.ok) reason = support.reason;
    else {
      const found = await this.engine();
      if ('reason' in found) reason = found.reason;
      else {
        // Once this model's kernels are compiled, the next model's compile in the background.
        // Not awaited: it only fills the pipeline cache, and fails silently (the next model's own
        // training reports what is wrong with it).
        const engine = found.engine;
        const prepareNext =
          next && this.ahead
            ? () => {
                this.lastAhead = compileAhead(engine, next, data, training).catch(() => null);
              }
            : undefined;
        try {
          return await trainArchitectureOnEngine(
            engine,
            arch,
            data,
            training,
            { ...rest, ...reportAs('engine') },
            prepareNext,
          );
        } catch (err) {
          // A lost device rejects whatever was waiting on it: name the loss, not its echo.
          await Promise.race([found.engine.device.lost, new Promise((resolve) => setTimeout(resolve, 100))]);
          reason = this.lost ?? message('engine.error', { reason: exceptionText(err) });
        }
      }
    }
    const result = await tfjs({ ...rest, ...reportAs('tfjs') });
    // The log keeps the English text (logs are data) and the message, for the UI's language.
    return {
      ...result,
      trainedOn: 'tfjs',
      engineFallback: formatMessage(reason),
      engineFallbackMessage: reason,
    };
  }
}
