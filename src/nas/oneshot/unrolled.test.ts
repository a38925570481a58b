import { describe, expect, it } from 'vitest';
import { finiteDifferenceHvp, secondOrderAlphaGradient, virtualStep, type UnrolledProblem } from './unrolled';

type Matrix = readonly (readonly number[])[];
const vec = (...xs: number[]) => Float64Array.from(xs);
const mul = (m: Matrix, x: ArrayLike<number>) =>
  Float64Array.from(m, (r) => r.reduce((s, mij, j) => s + mij * x[j]!, 0));
const mulT = (m: Matrix, x: ArrayLike<number>) =>
  Float64Array.from(m[0]!, (_, j) => m.reduce((s, r, i) => s + r[j]! * x[i]!, 0));
const add = (...xs: Float64Array[]) => xs[0]!.map((_, i) => xs.reduce((s, x) => s + x[i]!, 0));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((s, ai, i) => s + ai * b[i]!, 0);

/**
 * The toy: Ltrain(w, alpha) = 1/2 w^T A w + w^T B alpha, Lval(w, alpha) = 1/2 w^T P w + w^T Q alpha
 * + d^T w + 1/2 alpha^T E alpha. The mixed Hessian of Ltrain is B^T (d/dalpha of grad_w), so its
 * product with v is B^T v exactly.
 */
const A = [
  [2, 0],
  [0, 1],
];
const B = [
  [1, 2],
  [0, 1],
];
const P = [
  [1, 0],
  [0, 3],
];
const Q = [
  [0, 1],
  [1, 0],
];
const E = [
  [1, 0],
  [0, 0],
];
const d = vec(1, -1);
const toy: UnrolledProblem = {
  gradTrainW: (w, a) => add(mul(A, w), mul(B, a)),
  gradTrainAlpha: (w) => mulT(B, w),
  gradValW: (w, a) => add(mul(P, w), mul(Q, a), d),
  gradValAlpha: (w, a) => add(mulT(Q, w), mul(E, a)),
};
const lossVal = (w: Float64Array, a: Float64Array) =>
  0.5 * dot(w, mul(P, w)) + dot(w, mul(Q, a)) + dot(d, w) + 0.5 * dot(a, mul(E, a));

describe('DARTS second-order alpha gradient (eq. 7-8)', () => {
  const w = vec(1, 1);
  const alpha = vec(1, -1);
  const xi = 0.5;

  it('takes the finite-difference mixed Hessian-vector product B^T v at eps = 0.01 / ||v||', () => {
    // v = (0.5, 3): B^T v = (1 * 0.5, 2 * 0.5 + 1 * 3) = (0.5, 4).
    const v = vec(0.5, 3);
    const { hvp, epsilon } = finiteDifferenceHvp(toy.gradTrainAlpha, w, alpha, v);
    expect(epsilon).toBeCloseTo(0.01 / Math.sqrt(9.25), 15);
    expect(Math.abs(hvp[0]! - 0.5)).toBeLessThan(1e-8);
    expect(Math.abs(hvp[1]! - 4)).toBeLessThan(1e-8);
    const zero = finiteDifferenceHvp(toy.gradTrainAlpha, w, alpha, vec(0, 0));
    expect([...zero.hvp, zero.epsilon]).toEqual([0, 0, 0]);
  });

  it('equals the exact gradient of Lval(w - xi grad_w Ltrain(w, alpha), alpha), worked by hand', () => {
    // grad_w Ltrain = A w + B alpha = (2, 1) + (-1, -1) = (1, 0); w' = w - 0.5 (1, 0) = (0.5, 1).
    expect([...virtualStep(toy, w, alpha, xi)]).toEqual([0.5, 1]);
    // v = grad_w Lval(w') = P w' + Q alpha + d = (0.5, 3) + (-1, 1) + (1, -1) = (0.5, 3).
    // grad_alpha Lval(w') = Q^T w' + E alpha = (1, 0.5) + (1, 0) = (2, 0.5).
    // d w'/d alpha = -xi B, so dF/dalpha = (2, 0.5) - 0.5 B^T v = (2, 0.5) - 0.5 (0.5, 4) = (1.75, -1.5).
    const { grad, epsilon } = secondOrderAlphaGradient(toy, w, alpha, xi);
    expect(Math.abs(grad[0]! - 1.75)).toBeLessThan(1e-8);
    expect(Math.abs(grad[1]! + 1.5)).toBeLessThan(1e-8);
    expect(epsilon).toBeCloseTo(0.01 / Math.sqrt(9.25), 15);

    // The same by central differences of F(alpha) = Lval(w'(alpha), alpha), quadratic in alpha.
    const F = (a: Float64Array) => lossVal(virtualStep(toy, w, a, xi), a);
    const h = 1e-4;
    [0, 1].forEach((i) => {
      const up = alpha.slice();
      const down = alpha.slice();
      up[i] = up[i]! + h;
      down[i] = down[i]! - h;
      expect(Math.abs((F(up) - F(down)) / (2 * h) - grad[i]!)).toBeLessThan(1e-8);
    });
  });

  it("adds the reference code's momentum buffer and weight decay to the virtual step", () => {
    // w' = w - 0.5 (0.9 (1, -1) + (1, 0) + 0.1 (1, 1)) = (1, 1) - 0.5 (2, -0.8) = (0, 1.4).
    const options = { momentum: 0.9, momentumBuffer: vec(1, -1), weightDecay: 0.1 };
    const unrolled = virtualStep(toy, w, alpha, xi, options);
    expect(unrolled[0]).toBeCloseTo(0, 15);
    expect(unrolled[1]).toBeCloseTo(1.4, 15);
    // v = (0, 4.2) + (-1, 1) + (1, -1) = (0, 4.2); direct (1.4, 0) + (1, 0); B^T v = (0, 4.2).
    const { grad } = secondOrderAlphaGradient(toy, w, alpha, xi, options);
    expect(Math.abs(grad[0]! - 2.4)).toBeLessThan(1e-8);
    expect(Math.abs(grad[1]! + 2.1)).toBeLessThan(1e-8);
  });

  it('approximates a curved mixed Hessian to O(eps^2): Ltrain = sum_i alpha_i exp(w_i)', () => {
    // grad_alpha Ltrain = exp(w), so the exact product is exp(w) * v elementwise.
    const gradTrainAlpha = (x: Float64Array) => x.map(Math.exp);
    const at = vec(0.3, -0.2, 1);
    const v = vec(2, -1, 0.5);
    const { hvp } = finiteDifferenceHvp(gradTrainAlpha, at, vec(0, 0, 0), v);
    hvp.forEach((h, i) => expect(Math.abs(h / (Math.exp(at[i]!) * v[i]!) - 1)).toBeLessThan(1e-4));
  });

  it('rejects gradients of the wrong length', () => {
    const bad = { ...toy, gradValW: () => vec(1) };
    expect(() => secondOrderAlphaGradient(bad, w, alpha, xi)).toThrow(/gradValW has length 1, expected 2/);
  });
});
