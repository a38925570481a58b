/**
 * The run-log rules of the one-shot events (src/nas/oneshot/events.ts): their schemas, and the
 * facts a schema cannot say (rows of a distribution sum to 1, steps and epochs go forward, the
 * derived arch is the cell string of its ops, the standalone proposal is the derived cell).
 * Pure module: no DOM, React or tfjs.
 */
import en from './locales/en.json' with { type: 'json' };
import { messagesOf, type Message } from '../../message';
import { oneShotSpace, type OneShotSpace } from '../../oneshot/spaces';
import type { RunEvent } from '../../runlog';
import type { EventCheck, EventRule } from '../contract';

/** A message of the one-shot strings (locales/en.json). */
export const oneShotMessage = messagesOf(en.messages);

const num = { type: 'number' } as const;
const unit = { type: 'number', minimum: 0, maximum: 1 } as const;
const nonNegative = { type: 'number', minimum: 0 } as const;
const nonNegativeInt = { type: 'integer', minimum: 0 } as const;
const ops = { type: 'array', items: nonNegativeInt, minItems: 1 } as const;
const rows = { type: 'array', items: { type: 'array', items: unit, minItems: 1 }, minItems: 1 } as const;
const matrix = { type: 'array', items: { type: 'array', items: num, minItems: 1 }, minItems: 1 } as const;
const numbers = { type: 'array', items: num, minItems: 1 } as const;
const elsewhere = (): Message => oneShotMessage('runlog.oneshotElsewhere');

/** The events every one-shot strategy logs (ENAS's updates only by ENAS). */
export const ONESHOT_EVENTS: readonly EventRule[] = [
  {
    type: 'oneshot-step',
    required: {
      step: { type: 'integer', minimum: 1 },
      epoch: nonNegativeInt,
      trainLoss: nonNegative,
      trainAccuracy: unit,
      weights: rows,
      entropy: nonNegative,
      lr: nonNegative,
    },
    optional: { temperature: { type: 'number', exclusiveMinimum: 0 }, penalty: num, child: ops },
    elsewhere,
  },
  {
    type: 'oneshot-epoch',
    required: {
      epoch: nonNegativeInt,
      step: nonNegativeInt,
      trainLoss: nonNegative,
      trainAccuracy: unit,
      valLoss: nonNegative,
      valAccuracy: unit,
      elapsedMs: nonNegative,
    },
    elsewhere,
  },
  {
    type: 'oneshot-derived',
    required: {
      arch: { type: 'string' },
      ops,
      rule: { enum: ['argmax', 'top2', 'sample-best'] },
      supernetAccuracy: unit,
      inheritedAccuracy: unit,
    },
    optional: {
      candidates: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['ops', 'accuracy'],
          properties: { ops, accuracy: unit },
        },
      },
      benchmarkAccuracy: unit,
    },
    elsewhere,
  },
];

/** ENAS's controller update. */
export const ENAS_UPDATE_EVENT: EventRule = {
  type: 'enas-update',
  required: {
    epoch: nonNegativeInt,
    children: { type: 'array', items: ops, minItems: 1 },
    accuracies: { type: 'array', items: unit, minItems: 1 },
    rewards: { type: 'array', items: num, minItems: 1 },
    baseline: num,
    entropy: nonNegative,
    entropyWeight: nonNegative,
    loss: num,
  },
  optional: {
    baselineBefore: num,
    baselineDecay: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
    sampleEntropies: { type: 'array', items: nonNegative, minItems: 1 },
    logProbs: { type: 'array', items: { type: 'number', maximum: 0 }, minItems: 1 },
    advantages: numbers,
  },
  elsewhere: () => oneShotMessage('runlog.enasElsewhere'),
};

/** DARTS's alpha step with its numbers (explain mode). */
export const DARTS_ALPHA_EVENT: EventRule = {
  type: 'darts-alpha',
  required: {
    epoch: nonNegativeInt,
    step: { type: 'integer', minimum: 1 },
    order: { enum: [1, 2] },
    valLoss: nonNegative,
    alphaBefore: matrix,
    grad: matrix,
    alphaAfter: matrix,
    learningRate: nonNegative,
    beta1: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
    beta2: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
    weightDecay: nonNegative,
  },
  elsewhere,
};

/** SNAS's Gumbel-softmax sample with its numbers (explain mode). */
export const SNAS_GUMBEL_EVENT: EventRule = {
  type: 'snas-gumbel',
  required: {
    epoch: nonNegativeInt,
    step: { type: 'integer', minimum: 1 },
    logAlpha: matrix,
    noise: matrix,
    temperature: { type: 'number', exclusiveMinimum: 0 },
    z: rows,
    hard: ops,
  },
  elsewhere,
};

const sumsToOne = (row: readonly number[]): boolean => Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-3;

/** A matrix not [edges][ops] of the space's cells. */
function shapeProblem(
  space: OneShotSpace,
  ...matrices: readonly (readonly (readonly number[])[])[]
): Message | undefined {
  const wrong = matrices.some(
    (m) => m.length !== space.edges || m.some((r) => r.length !== space.ops.length),
  );
  return wrong
    ? oneShotMessage('runlog.oneshotWeightsShape', { edges: space.edges, ops: space.ops.length })
    : undefined;
}

function opsProblem(space: OneShotSpace, list: readonly number[]): Message | undefined {
  if (list.length !== space.edges || list.some((o) => o >= space.ops.length))
    return oneShotMessage('runlog.oneshotOps', { edges: space.edges, ops: space.ops.length });
  return undefined;
}

/** The facts of one log's one-shot events, in log order (fresh state per log). */
export function oneShotEventCheck(space: OneShotSpace = oneShotSpace('nb201')): EventCheck {
  let step = 0;
  let epoch = -1;
  let derived = false;
  return (event: RunEvent) => {
    switch (event.type) {
      case 'oneshot-step': {
        if (event.step <= step)
          return oneShotMessage('runlog.oneshotStepOrder', { step: event.step, previous: step });
        step = event.step;
        const shape = shapeProblem(space, event.weights);
        if (shape) return shape;
        const row = event.weights.findIndex((r) => !sumsToOne(r));
        if (row >= 0) return oneShotMessage('runlog.oneshotRowSum', { row });
        return event.child ? opsProblem(space, event.child) : undefined;
      }
      case 'oneshot-epoch':
        if (event.epoch !== epoch + 1)
          return oneShotMessage('runlog.oneshotEpochOrder', { epoch: event.epoch, expected: epoch + 1 });
        if (event.step < step)
          return oneShotMessage('runlog.oneshotStepOrder', { step: event.step, previous: step });
        epoch = event.epoch;
        return undefined;
      case 'enas-update': {
        if (
          event.rewards.length !== event.children.length ||
          event.accuracies.length !== event.children.length
        )
          return oneShotMessage('runlog.enasLengths');
        const perChild = [event.sampleEntropies, event.logProbs, event.advantages];
        if (perChild.some((list) => list !== undefined && list.length !== event.children.length))
          return oneShotMessage('runlog.enasLengths');
        for (const child of event.children) {
          const problem = opsProblem(space, child);
          if (problem) return problem;
        }
        return undefined;
      }
      case 'darts-alpha':
        return shapeProblem(space, event.alphaBefore, event.grad, event.alphaAfter);
      case 'snas-gumbel': {
        const shape = shapeProblem(space, event.logAlpha, event.noise, event.z);
        if (shape) return shape;
        const row = event.z.findIndex((r) => !sumsToOne(r));
        if (row >= 0) return oneShotMessage('runlog.oneshotRowSum', { row });
        return opsProblem(space, event.hard);
      }
      case 'oneshot-derived': {
        if (derived) return oneShotMessage('runlog.oneshotDerivedTwice');
        derived = true;
        const problem = opsProblem(space, event.ops);
        if (problem) return problem;
        const expected = space.archOf(event.ops);
        if (event.arch !== expected)
          return oneShotMessage('runlog.oneshotArch', { arch: event.arch, expected });
        return undefined;
      }
      default:
        return undefined;
    }
  };
}
