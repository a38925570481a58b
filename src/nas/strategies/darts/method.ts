/**
 * DARTS's steps on the supernet (Liu et al., ICLR 2019, Alg. 1; SPEC §5): per minibatch, first an
 * Adam step of alpha on a validation batch (first order, or the unrolled second order), then an
 * SGD step of the shared weights on the training batch through the mix softmax(alpha). Derived
 * on the NAS-Bench-201 cell as NAS-Bench-201's own DARTS code derives it (argmax per edge), on
 * the DARTS cells by the paper's rule (per node the 2 strongest inputs, `deriveDartsCell`), for
 * the normal and the reduction cell each from its own alpha (quark0/darts cnn/model_search.py
 * `genotype`).
 * Pure module: no DOM, React or tfjs.
 */
import { deriveDartsCell, deriveNb201 } from '../../oneshot/derive';
import type { DartsAlphaEvent } from '../../oneshot/events';
import { softmaxRows, type Rows } from '../../oneshot/gumbel';
import { oneShotSpace, type OneShotSpace } from '../../oneshot/spaces';
import type { OneShotMethod } from '../oneshot/search';
import type { DartsConfig } from './config';

/**
 * The paper's derivation on the darts space's 28 rows: each cell's genes from its own 14 rows of
 * softmax(alpha), as one op per row (none where an edge is not kept).
 */
export function deriveDartsPair(weights: Rows, space: OneShotSpace): number[] {
  const ops = new Array<number>(space.edges).fill(0);
  for (const cell of space.cells) {
    const rows = weights.slice(cell.first, cell.first + cell.count);
    for (const gene of deriveDartsCell(rows)) ops[cell.first + gene.edge] = gene.op;
  }
  return ops;
}

export function dartsMethod(
  section: DartsConfig,
  space: OneShotSpace = oneShotSpace('nb201'),
): OneShotMethod {
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
    async derive(trainer) {
      const weights = softmaxRows(await trainer.alpha());
      return space.id === 'darts'
        ? { ops: deriveDartsPair(weights, space), rule: 'top2' }
        : { ops: deriveNb201(weights), rule: 'argmax' };
    },
  };
}
