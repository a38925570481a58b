/**
 * ENAS's steps on the supernet (Pham et al., ICML 2018; SPEC §5): in each epoch one child sampled
 * by the controller per minibatch trains the shared weights; then, the weights frozen, the
 * controller learns by REINFORCE from children's accuracies on validation minibatches (entropy
 * bonus, EMA baseline, Adam). Derived by sampling `deriveSamples` children and keeping the best
 * on the validation split (Pham et al. §2.2).
 * Pure module: no DOM, React or tfjs.
 */
import { EnasController } from '../../oneshot/enasController';
import type { EdgeMix } from '../../oneshot/trainer';
import { oneShotSpace, type OneShotSpace } from '../../oneshot/spaces';
import type { TokenSpec } from '../../reinforce';
import { nb201TokenSpace } from '../../tokenSpaces';
import type { OneShotMethod } from '../oneshot/search';
import type { EnasConfig } from './config';

/** Children sampled for an epoch's validation pass (their mean is the supernet's accuracy). */
const VALIDATION_CHILDREN = 2;

/**
 * The controller's decisions on a space: NAS-Bench-201's token space, or on the darts space one op
 * per edge for each of the 28 rows (normal cell, then reduction cell), `none` included. ENAS's
 * own micro search (melodyguan/enas src/cifar10/micro_controller.py, `_build_sampler`) samples
 * per node two inputs and two ops instead; we keep the app's per-edge decision (a child is one
 * op per edge, as on nb201), so a sampled node may read any number of its inputs.
 */
export function enasTokenSpec(space: OneShotSpace): TokenSpec {
  if (space.id === 'nb201') return nb201TokenSpace().spec;
  const choices = space.ops.map((_, i) => i);
  return {
    layers: space.edges,
    steps: Array.from({ length: space.edges }, (_, layer) => ({
      kind: 'choice' as const,
      layer,
      name: 'op' as const,
      choices,
      labels: space.ops,
    })),
  };
}

export function enasMethod(
  section: EnasConfig,
  seed: number,
  space: OneShotSpace = oneShotSpace('nb201'),
): OneShotMethod {
  const controller = new EnasController(enasTokenSpec(space), {
    seed,
    units: section.lstmUnits,
    learningRate: section.controllerLearningRate,
    baselineDecay: section.baselineDecay,
    entropyWeight: section.entropyWeight,
    ...(section.controllerTanhConstant > 0
      ? {
          logitShaping: {
            temperature: section.controllerTemperature,
            tanhConstant: section.controllerTanhConstant,
          },
        }
      : {}),
  });
  return {
    async step(trainer, batch, context) {
      const { ops } = controller.sample(context.rng);
      const result = await trainer.weightStep(batch, { kind: 'child', ops }, context.lr);
      return { ...result, child: ops };
    },
    distribution: async () => controller.probabilities(),
    validationMixes: (_epoch, rng): EdgeMix[] =>
      Array.from({ length: VALIDATION_CHILDREN }, (_, k) => ({
        kind: 'child',
        ops: controller.sample(rng.fork(`child ${k}`)).ops,
      })),
    controllerSteps: section.controllerSteps,
    async controllerStep(trainer, epoch, rng, valBatch) {
      const children: number[][] = [];
      const accuracies: number[] = [];
      for (let k = 0; k < section.controllerBatch; k++) {
        const { ops } = controller.sample(rng.fork(`child ${k}`));
        const stats = await trainer.evaluate({ kind: 'child', ops }, valBatch(k));
        children.push(ops);
        accuracies.push(stats.accuracy);
      }
      const update = controller.update(children, accuracies);
      return {
        type: 'enas-update',
        epoch,
        children,
        accuracies,
        rewards: update.rewards,
        baseline: update.baseline,
        entropy: update.entropy,
        entropyWeight: section.entropyWeight,
        loss: update.loss,
        baselineBefore: update.baselineBefore,
        baselineDecay: section.baselineDecay,
        sampleEntropies: update.sampleEntropies,
        logProbs: update.logProbs,
        advantages: update.advantages,
      };
    },
    async derive(trainer, rng) {
      const candidates: { ops: number[]; accuracy: number }[] = [];
      for (let k = 0; k < section.deriveSamples; k++) {
        const { ops } = controller.sample(rng.fork(`candidate ${k}`));
        const stats = await trainer.evaluate({ kind: 'child', ops });
        candidates.push({ ops, accuracy: stats.accuracy });
      }
      const best = candidates.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
      return { ops: best.ops, rule: 'sample-best', candidates };
    },
    getState: () => controller.getState(),
    setState: (state) => controller.setState(state),
  };
}
