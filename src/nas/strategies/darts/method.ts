/**
 * DARTS's steps on the supernet (Liu et al., ICLR 2019, Alg. 1; SPEC §5): per minibatch, first an
 * Adam step of alpha on a validation batch (first order, or the unrolled second order), then an
 * SGD step of the shared weights on the training batch through the mix softmax(alpha). Derived
 * on the NAS-Bench-201 cell as NAS-Bench-201's own DARTS code derives it (argmax per edge).
 * Pure module: no DOM, React or tfjs.
 */
import { deriveNb201 } from '../../oneshot/derive';
import type { DartsAlphaEvent } from '../../oneshot/events';
import { softmaxRows } from '../../oneshot/gumbel';
import type { OneShotMethod } from '../oneshot/search';
import type { DartsConfig } from './config';

export function dartsMethod(section: DartsConfig): OneShotMethod {
  return {
    async step(trainer, batch, context) {
      const alphaBefore = context.explain ? await trainer.alpha() : null;
      // quark0/darts train_search.py: architect.step(input_search, ...) before the weights' step.
      const order = section.order === 'second' ? 2 : 1;
      const alpha = await trainer.alphaStep(context.valBatch, { order, trainBatch: batch, lr: context.lr });
      const explained: DartsAlphaEvent | null = alphaBefore && {
        type: 'darts-alpha',
        epoch: context.epoch,
        step: context.step + 1,
        order,
        valLoss: alpha.loss,
        alphaBefore,
        grad: alpha.grad,
        alphaAfter: await trainer.alpha(),
        learningRate: section.alphaLearningRate,
        beta1: section.alphaBeta1,
        beta2: section.alphaBeta2,
        weightDecay: section.alphaWeightDecay,
      };
      const weights = await trainer.weightStep(batch, { kind: 'softmax' }, context.lr);
      return explained ? { ...weights, explained } : weights;
    },
    distribution: async (trainer) => softmaxRows(await trainer.alpha()),
    validationMixes: () => [{ kind: 'softmax' }],
    derive: async (trainer) => ({ ops: deriveNb201(softmaxRows(await trainer.alpha())), rule: 'argmax' }),
  };
}
