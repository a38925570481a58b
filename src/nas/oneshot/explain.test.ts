import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { nb201TokenSpace } from '../tokenSpaces';
import { EnasController } from './enasController';
import type { DartsAlphaEvent, EnasUpdateEvent, SnasGumbelEvent } from './events';
import { explainDartsAlpha, explainEnasUpdate, explainSnasGumbel, snasFocusEdge } from './explain';

describe('explaining a DARTS alpha step', () => {
  // Two edges of two ops; the first Adam step (t = 1) at lr 3e-4, weight decay 1e-3.
  const event: DartsAlphaEvent = {
    type: 'darts-alpha',
    epoch: 0,
    step: 1,
    order: 1,
    valLoss: 2.3,
    alphaBefore: [
      [0, 0],
      [0.1, 0.2],
    ],
    grad: [
      [0.5, -0.25],
      [0, 0],
    ],
    // By hand: m = (1 - b1) g, v = (1 - b2) g^2, corrected m/sqrt(v) = g/|g|: delta = -lr sign(g).
    alphaAfter: [
      [-3e-4, 3e-4],
      [0.1 - 3e-4, 0.2 - 3e-4],
    ],
    learningRate: 3e-4,
    beta1: 0.5,
    beta2: 0.999,
    weightDecay: 1e-3,
  };

  it('shows the edge whose softmax moved most, with the gradient, Adam step and softmax by hand', () => {
    const e = explainDartsAlpha(event);
    // Edge 1 moved both alphas by the same amount: its softmax did not change.
    expect(e.edge).toBe(0);
    expect(e.firstAdamStep).toBe(true);
    expect(e.consistent).toBe(true);
    const [a, b] = e.rows;
    expect(a!.grad).toBe(0.5);
    expect(a!.decayedGrad).toBe(0.5);
    expect(a!.delta).toBeCloseTo(-3e-4, 15);
    expect(b!.delta).toBeCloseTo(3e-4, 15);
    expect(a!.softmaxBefore).toBe(0.5);
    // softmax([-3e-4, 3e-4])_0 = 1 / (1 + e^0.0006) = 0.49985000000450...
    expect(a!.softmaxAfter).toBeCloseTo(0.4998500000045, 12);
    expect(b!.softmaxAfter).toBeCloseTo(1 - 0.4998500000045, 12);
  });

  it('adds weight decay to the gradient Adam sees', () => {
    const e = explainDartsAlpha(event, 1);
    expect(e.rows.map((r) => r.decayedGrad)).toEqual([1e-3 * 0.1, 1e-3 * 0.2]);
    expect(e.consistent).toBe(true);
  });

  it('says when a first step is not the one Adam takes', () => {
    const wrong = { ...event, alphaAfter: [[-1e-4, 3e-4], event.alphaAfter[1]!] };
    expect(explainDartsAlpha(wrong, 0).consistent).toBe(false);
    // After the first step the moments carry history: nothing to check from one event.
    expect(explainDartsAlpha({ ...wrong, step: 9 }, 0).consistent).toBe(true);
  });
});

describe('explaining a SNAS Gumbel-softmax sample', () => {
  const event: SnasGumbelEvent = {
    type: 'snas-gumbel',
    epoch: 0,
    step: 1,
    logAlpha: [
      [Math.log(0.5), Math.log(0.5)],
      [Math.log(0.7), Math.log(0.3)],
    ],
    noise: [
      [0.3, 0],
      [0, 1],
    ],
    temperature: 0.5,
    z: [
      [0.6456563062, 0.3543436938],
      [0.4242369, 0.5757631],
    ],
    hard: [0, 1],
  };

  it('shows the edge where the noise overturned the likeliest op, with Z by hand', () => {
    expect(snasFocusEdge(event)).toBe(1);
    const e = explainSnasGumbel(event);
    expect(e.edge).toBe(1);
    expect(e.mostLikely).toBe(0);
    expect(e.chosen).toBe(1);
    expect(e.temperature).toBe(0.5);
    const [a, b] = e.rows;
    expect(a!.probability).toBeCloseTo(0.7, 12);
    // (ln 0.7 + 0) / 0.5 = -0.71335; (ln 0.3 + 1) / 0.5 = -0.40795.
    expect(a!.scaled).toBeCloseTo(-0.7133498879, 9);
    expect(b!.scaled).toBeCloseTo(-0.4079456087, 9);
    expect(a!.z).toBeCloseTo(0.4242368967, 9);
    expect(b!.z).toBeCloseTo(0.5757631033, 9);
    expect(b!.hard).toBe(true);
    expect(e.consistent).toBe(true);
  });

  it('says when the device Z or the hard choice disagree with the formula', () => {
    expect(explainSnasGumbel({ ...event, z: [event.z[0]!, [0.5, 0.5]] }, 1).consistent).toBe(false);
    expect(explainSnasGumbel({ ...event, hard: [0, 0] }, 1).consistent).toBe(false);
  });
});

describe('explaining an ENAS controller update', () => {
  // By hand: rewards 0.5 + 0.1 x 1 = 0.6 and 0.7 + 0.1 x 2 = 0.9; baseline 0.5, decay 0.9:
  // b1 = 0.5 - 0.1 (0.5 - 0.6) = 0.51, A1 = 0.09; b2 = 0.51 - 0.1 (0.51 - 0.9) = 0.549, A2 = 0.351;
  // loss = -(-1 x 0.09 + -2 x 0.351) / 2 = 0.396.
  const event: EnasUpdateEvent = {
    type: 'enas-update',
    epoch: 0,
    children: [
      [0, 1, 2, 3, 4, 0],
      [1, 1, 1, 1, 1, 1],
    ],
    accuracies: [0.5, 0.7],
    rewards: [0.6, 0.9],
    baseline: 0.549,
    entropy: 0.25,
    entropyWeight: 0.1,
    loss: 0.396,
    baselineBefore: 0.5,
    baselineDecay: 0.9,
    sampleEntropies: [1, 2],
    logProbs: [-1, -2],
    advantages: [0.09, 0.351],
  };

  it('recomputes rewards, the baseline child by child, advantages and the loss', () => {
    const e = explainEnasUpdate(event);
    expect(e.detailed).toBe(true);
    expect(e.rows.map((r) => r.baselineAfter)).toEqual([expect.closeTo(0.51, 12), expect.closeTo(0.549, 12)]);
    expect(e.lossRecomputed).toBeCloseTo(0.396, 12);
    expect(e.consistent).toBe(true);
  });

  it('flags a logged advantage that is not reward minus baseline', () => {
    expect(explainEnasUpdate({ ...event, advantages: [0.1, 0.351] }).consistent).toBe(false);
  });

  it('shows rewards only for a log from before the detailed fields', () => {
    const old: EnasUpdateEvent = {
      type: 'enas-update',
      epoch: event.epoch,
      children: event.children,
      accuracies: event.accuracies,
      rewards: event.rewards,
      baseline: event.baseline,
      entropy: event.entropy,
      entropyWeight: event.entropyWeight,
      loss: event.loss,
    };
    const e = explainEnasUpdate(old);
    expect(e.detailed).toBe(false);
    expect(e.consistent).toBe(true);
    expect(e.rows[1]).toEqual({ child: 1, ops: event.children[1], accuracy: 0.7, reward: 0.9 });
  });

  it('agrees with what the controller logs for a real update', () => {
    const controller = new EnasController(nb201TokenSpace().spec, { seed: 5, entropyWeight: 0.01 });
    const children = [0, 1, 2].map((k) => controller.sample(new Rng(k)).ops);
    const update = controller.update(children, [0.4, 0.6, 0.5]);
    const e = explainEnasUpdate({
      type: 'enas-update',
      epoch: 0,
      children,
      accuracies: [0.4, 0.6, 0.5],
      rewards: update.rewards,
      baseline: update.baseline,
      entropy: update.entropy,
      entropyWeight: 0.01,
      loss: update.loss,
      baselineBefore: update.baselineBefore,
      baselineDecay: 0.99,
      sampleEntropies: update.sampleEntropies,
      logProbs: update.logProbs,
      advantages: update.advantages,
    });
    expect(e.detailed).toBe(true);
    expect(e.consistent).toBe(true);
  });
});
