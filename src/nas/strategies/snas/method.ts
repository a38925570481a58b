/**
 * SNAS's steps on the supernet (Xie et al., ICLR 2019; SPEC §5): per minibatch one Gumbel-softmax
 * sample Z = softmax((log alpha + G) / lambda) per edge, and the weights and alpha trained on the
 * same batch through it; lambda annealed over the epochs; an optional resource penalty on the
 * expected cost of Z. Derived by argmax per edge, none included (an edge whose argmax is none is
 * dropped, which on the NAS-Bench-201 cell is the op `none` itself).
 * Pure module: no DOM, React or tfjs.
 */
import { deriveSnas } from '../../oneshot/derive';
import type { SnasGumbelEvent } from '../../oneshot/events';
import { gumbelNoise, hardChoice, softmaxRows } from '../../oneshot/gumbel';
import { snasTemperature } from '../../oneshot/schedules';
import type { ResourcePenalty } from '../../oneshot/trainer';
import { oneShotSpace, type OneShotSpace } from '../../oneshot/spaces';
import { DARTS_OPS } from '../../spaces/darts';
import { NB201_OPS } from '../../spaces/nb201';
import type { OneShotMethod } from '../oneshot/search';
import type { SnasConfig } from './config';

/**
 * Cost of each NAS-Bench-201 op relative to nor_conv_3x3 on C channels (the 'linear' form):
 * parameters (a 1x1 conv has 1/9 of a 3x3's; skip, pooling and none have none) or
 * multiply-accumulates per output position (pooling adds 9 per channel, 1/C of a 3x3 conv's 9C).
 */
export function nb201OpCost(resource: 'params' | 'flops', channels: number): number[] {
  return NB201_OPS.map((op) => {
    switch (op) {
      case 'nor_conv_3x3':
        return 1;
      case 'nor_conv_1x1':
        return 1 / 9;
      case 'avg_pool_3x3':
        return resource === 'flops' ? 1 / channels : 0;
      default:
        return 0;
    }
  });
}

/**
 * Cost of each NAS-Bench-201 op in real units (the 'log' form, as the SNAS authors' `op.size` and
 * `op.flops`): the weights of its convolution on the first stage's C channels (9C² for 3x3, C²
 * for 1x1; skip, pooling and none have none), or its multiply-accumulates on one
 * size x size image of that stage (pooling 9 per channel and position).
 */
export function nb201OpRealCost(resource: 'params' | 'flops', channels: number, size: number): number[] {
  const relative = nb201OpCost(resource, channels);
  const perPosition = 9 * channels * channels;
  return relative.map((r) => r * perPosition * (resource === 'flops' ? size * size : 1));
}

/**
 * Cost of each DARTS op in real units on the first stage's C channels (quark0/darts
 * cnn/operations.py): the weights of a stride-1 op (sep_conv_k: two depthwise k x k and two 1x1
 * convs, 2 (k²C + C²); dil_conv_k: one of each, k²C + C²; pooling, skip and none: none; the
 * search cell's BN has no affine weights), or its multiply-accumulates on one size x size image
 * (the convs' weights per position; pooling 9 per channel and position).
 */
export function dartsOpRealCost(resource: 'params' | 'flops', channels: number, size: number): number[] {
  const c = channels;
  return DARTS_OPS.map((op) => {
    const perPosition = (() => {
      switch (op) {
        case 'sep_conv_3x3':
          return 2 * (9 * c + c * c);
        case 'sep_conv_5x5':
          return 2 * (25 * c + c * c);
        case 'dil_conv_3x3':
          return 9 * c + c * c;
        case 'dil_conv_5x5':
          return 25 * c + c * c;
        case 'max_pool_3x3':
        case 'avg_pool_3x3':
          return resource === 'flops' ? 9 * c : 0;
        default:
          return 0;
      }
    })();
    return resource === 'flops' ? perPosition * size * size : perPosition;
  });
}

/** The DARTS ops' costs relative to sep_conv_3x3 (the 'linear' form). */
export function dartsOpCost(resource: 'params' | 'flops', channels: number): number[] {
  const real = dartsOpRealCost(resource, channels, 1);
  const unit = real[DARTS_OPS.indexOf('sep_conv_3x3')]!;
  return real.map((r) => r / unit);
}

/** The ops' costs of a space in a form: 'log' in real units, 'linear' relative. */
function opCosts(section: SnasConfig, space: OneShotSpace, imageSize: number): number[] {
  const log = section.resourceForm === 'log';
  const resource = section.resource as 'params' | 'flops';
  if (space.id === 'darts')
    return log
      ? dartsOpRealCost(resource, section.channels, imageSize)
      : dartsOpCost(resource, section.channels);
  return log
    ? nb201OpRealCost(resource, section.channels, imageSize)
    : nb201OpCost(resource, section.channels);
}

/**
 * `imageSize`: the side of the dataset's images (the first stage's resolution, for FLOPs).
 * `space`: the cell space (its ops' costs, its rows of Gumbel noise). On the darts space the rule
 * is the same argmax per edge, none included (SNAS-Series/SNAS-Series, SNAS/model_search.py,
 * `genotype_edge_all`): a node may keep any number of inputs, unlike DARTS's top 2.
 */
export function snasMethod(
  section: SnasConfig,
  imageSize: number,
  space: OneShotSpace = oneShotSpace('nb201'),
): OneShotMethod {
  const resource: ResourcePenalty | undefined =
    section.resource === 'none'
      ? undefined
      : {
          lambda: section.resourceLambda,
          form: section.resourceForm,
          cost: opCosts(section, space, imageSize),
        };
  const temperature = (epoch: number) =>
    snasTemperature(epoch, section.epochs, section.temperatureStart, section.temperatureEnd);
  return {
    async step(trainer, batch, context) {
      const t = temperature(context.epoch);
      const noise = gumbelNoise(context.rng, trainer.edges, trainer.ops);
      const logAlpha = context.explain ? await trainer.alpha() : null;
      const result = await trainer.jointStep(
        batch,
        { kind: 'gumbel', noise, temperature: t },
        context.lr,
        resource,
      );
      const child = hardChoice(result.z);
      const explained: SnasGumbelEvent | null = logAlpha && {
        type: 'snas-gumbel',
        epoch: context.epoch,
        step: context.step + 1,
        logAlpha,
        noise,
        temperature: t,
        z: result.z,
        hard: child,
      };
      return {
        loss: result.loss,
        accuracy: result.accuracy,
        temperature: t,
        child,
        ...(resource ? { penalty: result.penalty } : {}),
        ...(explained ? { explained } : {}),
      };
    },
    distribution: async (trainer) => softmaxRows(await trainer.alpha()),
    validationMixes: (epoch, rng) => [
      {
        kind: 'gumbel',
        noise: gumbelNoise(rng, space.edges, space.ops.length),
        temperature: temperature(epoch),
      },
    ],
    derive: async (trainer) => ({ ops: deriveSnas(softmaxRows(await trainer.alpha())), rule: 'argmax' }),
  };
}
