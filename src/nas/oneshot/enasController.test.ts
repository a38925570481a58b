import { describe, expect, it } from 'vitest';
import { LstmController } from '../lstmController';
import { Rng } from '../rng';
import { nb201TokenSpace } from '../tokenSpaces';
import { ENAS_CONTROLLER_DEFAULTS, EnasController } from './enasController';
import { argmax } from './gumbel';

const spec = nb201TokenSpace().spec;

/** The plain controller an `EnasController` of `seed` and the defaults runs on. */
function twinOf(seed: number): LstmController {
  const { units, lstmLayers, learningRate, initRange } = ENAS_CONTROLLER_DEFAULTS;
  return new LstmController(spec, { seed, units, lstmLayers, learningRate, initRange });
}

const entropyOf = (rows: number[][]) =>
  rows.reduce((s, p) => s - p.reduce((h, q) => h + q * Math.log(q), 0), 0);

describe('ENAS controller', () => {
  it('has the micro search defaults: 64 x 1 LSTM, lr 0.0035, entropy weight 1e-4, baseline decay 0.99', () => {
    expect(ENAS_CONTROLLER_DEFAULTS).toEqual({
      units: 64,
      lstmLayers: 1,
      learningRate: 0.0035,
      initRange: 0.1,
      entropyWeight: 1e-4,
      baselineDecay: 0.99,
    });
  });

  it('samples one op per edge with its distributions and their summed entropy', () => {
    const controller = new EnasController(spec, { seed: 7 });
    const child = controller.sample(new Rng(1));
    expect(child.ops).toHaveLength(6);
    child.ops.forEach((op) => expect(op).toBeGreaterThanOrEqual(0));
    expect(child.probabilities.map((p) => p.length)).toEqual([5, 5, 5, 5, 5, 5]);
    expect(child.entropy).toBeCloseTo(entropyOf(child.probabilities), 14);
    // U(-0.1, 0.1) weights: every distribution is near uniform, 6 ln 5 = 9.657 nats in all.
    expect(child.entropy).toBeGreaterThan(9.5);
    expect(child.entropy).toBeLessThanOrEqual(6 * Math.log(5) + 1e-12);
    const logProb = child.ops.reduce((s, op, t) => s + Math.log(child.probabilities[t]![op]!), 0);
    expect(child.logProb).toBeCloseTo(logProb, 12);
  });

  it('updates the baseline child by child and the advantages against it (entropy weight 0, by hand)', () => {
    const controller = new EnasController(spec, { seed: 3, entropyWeight: 0 });
    const rng = new Rng(4);
    const children = [controller.sample(rng), controller.sample(rng), controller.sample(rng)];
    const update = controller.update(
      children.map((c) => c.ops),
      [0.5, 0.7, 0.9],
    );
    // b = 0 - 0.01 (0 - 0.5) = 0.005; 0.005 + 0.01 (0.7 - 0.005) = 0.01195; 0.01195 + 0.01 (0.9 - 0.01195).
    expect(update.rewards).toEqual([0.5, 0.7, 0.9]);
    const expected = [0.495, 0.68805, 0.8791695];
    update.advantages.forEach((a, k) => expect(a).toBeCloseTo(expected[k]!, 14));
    expect(update.baseline).toBeCloseTo(0.0208305, 14);
    expect(controller.baseline).toBe(update.baseline);
    const loss = -children.reduce((s, c, k) => s + c.logProb * expected[k]!, 0) / 3;
    expect(update.loss).toBeCloseTo(loss, 12);
  });

  it('adds entropyWeight * sample entropy to each reward and takes the Adam step of those advantages', () => {
    const seed = 5;
    const controller = new EnasController(spec, { seed, entropyWeight: 0.01 });
    const rng = new Rng(6);
    const children = [controller.sample(rng), controller.sample(rng)];
    const accuracies = [0.25, 0.75];
    const update = controller.update(
      children.map((c) => c.ops),
      accuracies,
    );
    const rewards = children.map((c, k) => accuracies[k]! + 0.01 * entropyOf(c.probabilities));
    update.rewards.forEach((r, k) => expect(r).toBeCloseTo(rewards[k]!, 14));
    const b1 = 0.01 * rewards[0]!;
    const b2 = b1 + 0.01 * (rewards[1]! - b1);
    expect(update.advantages[0]).toBeCloseTo(rewards[0]! - b1, 14);
    expect(update.advantages[1]).toBeCloseTo(rewards[1]! - b2, 14);
    expect(update.baseline).toBeCloseTo(b2, 14);
    // The event's entropy: per decision, over both children's 6 decisions.
    const h = (entropyOf(children[0]!.probabilities) + entropyOf(children[1]!.probabilities)) / 12;
    expect(update.entropy).toBeCloseTo(h, 14);

    // The same Adam step on the same advantages by the plain controller gives the same weights.
    const twin = twinOf(seed);
    twin.updateWithAdvantages(
      children.map((c) => ({ tokens: c.ops })),
      [rewards[0]! - b1, rewards[1]! - b2],
    );
    expect(controller.probabilities()).toEqual(twin.follow((_t, p) => argmax(p)).probabilities);
  });

  it("raises the probability of a rewarded op: edge 0's nor_conv_3x3 earns 1, anything else 0", () => {
    const controller = new EnasController(spec, { seed: 11 });
    const rng = new Rng(12);
    const before = controller.probabilities()[0]![3]!;
    for (let step = 0; step < 30; step++) {
      const children = Array.from({ length: 10 }, () => controller.sample(rng).ops);
      controller.update(
        children,
        children.map((ops) => (ops[0] === 3 ? 1 : 0)),
      );
    }
    const after = controller.probabilities()[0]![3]!;
    expect(before).toBeGreaterThan(0.15);
    expect(before).toBeLessThan(0.25);
    expect(after).toBeGreaterThan(before + 0.2);
  });

  it("gives the greedy path's distributions: deterministic, rows summing to 1, the first the sampler's", () => {
    const controller = new EnasController(spec, { seed: 8 });
    const rows = controller.probabilities();
    expect(controller.probabilities()).toEqual(rows);
    rows.forEach((p) => expect(p.reduce((s, q) => s + q, 0)).toBeCloseTo(1, 14));
    // The first step sees no earlier choice: its distribution is every sample's.
    expect(controller.sample(new Rng(9)).probabilities[0]).toEqual(rows[0]);
  });

  it('resumes from its state through JSON: the same distributions, samples and updates', () => {
    const a = new EnasController(spec, { seed: 21 });
    const rng = new Rng(22);
    for (let step = 0; step < 3; step++) {
      const children = [a.sample(rng).ops, a.sample(rng).ops];
      a.update(children, [0.3, 0.6]);
    }
    const b = new EnasController(spec, { seed: 99 });
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(b.probabilities()).toEqual(a.probabilities());
    expect(b.baseline).toBe(a.baseline);
    const childA = a.sample(new Rng(5)).ops;
    expect(b.sample(new Rng(5)).ops).toEqual(childA);
    expect(b.update([childA], [0.8])).toEqual(a.update([childA], [0.8]));
    expect(b.probabilities()).toEqual(a.probabilities());

    expect(() => b.setState({ baseline: 0 })).toThrow(/Not an ENAS controller state/);
    const state = a.getState();
    const short = {
      ...state,
      controller: { ...state.controller, weights: state.controller.weights.slice(1) },
    };
    expect(() => b.setState(short)).toThrow(/weights do not match/);
    expect(b.probabilities()).toEqual(a.probabilities()); // a refused state changes nothing
  });

  it('rejects a child of the wrong length and a missing accuracy', () => {
    const controller = new EnasController(spec, { seed: 1 });
    expect(() => controller.update([[0, 1, 2]], [0.5])).toThrow(/3 tokens, expected 6/);
    expect(() => controller.update([[0, 1, 2, 3, 4, 0]], [])).toThrow(/one reward per sample/);
  });
});
