/**
 * DARTS's second-order architecture gradient (Liu et al., ICLR 2019, eq. 6-8) in plain
 * arithmetic over flat vectors, as quark0/darts cnn/architect.py `_backward_step_unrolled` and
 * `_hessian_vector_product` compute it:
 *   w' = w - xi grad_w Ltrain(w, alpha)                                  (one virtual SGD step)
 *   grad = grad_alpha Lval(w', alpha) - xi grad^2_{alpha,w} Ltrain(w, alpha) grad_w' Lval(w', alpha)
 * with the mixed Hessian-vector product by central differences (eq. 8):
 *   grad^2_{alpha,w} Ltrain(w, alpha) v ~ (grad_alpha Ltrain(w+, alpha) - grad_alpha Ltrain(w-, alpha)) / (2 eps),
 *   w+- = w +- eps v, eps = 0.01 / ||v||.
 * The losses are given as gradient functions, so the tfjs trainer can call this with flattened
 * weights and the tests with a quadratic whose gradient is known exactly.
 * Pure module: no DOM, React or tfjs.
 */

/** The gradients of the training and validation losses at (w, alpha), flattened. */
export interface UnrolledProblem {
  /** grad_w Ltrain(w, alpha), w's length. */
  gradTrainW(w: Float64Array, alpha: Float64Array): Float64Array;
  /** grad_alpha Ltrain(w, alpha), alpha's length. */
  gradTrainAlpha(w: Float64Array, alpha: Float64Array): Float64Array;
  /** grad_w Lval(w, alpha), w's length. */
  gradValW(w: Float64Array, alpha: Float64Array): Float64Array;
  /** grad_alpha Lval(w, alpha), alpha's length. */
  gradValAlpha(w: Float64Array, alpha: Float64Array): Float64Array;
}

/**
 * What the reference code adds to the virtual step: quark0/darts `_compute_unrolled_model` takes
 * w' = w - xi (momentum * buffer + grad_w Ltrain + weightDecay * w), the weight optimizer's
 * momentum buffer and L2 decay held fixed. Absent (the paper's eq. 6): plain SGD.
 */
export interface VirtualStepOptions {
  /** SGD momentum (DARTS: 0.9); used with `momentumBuffer`. */
  readonly momentum?: number;
  /** The weight optimizer's momentum buffer, w's length; absent before its first step. */
  readonly momentumBuffer?: Float64Array;
  /** L2 weight decay added to the gradient (DARTS: 3e-4). */
  readonly weightDecay?: number;
}

/** The finite-difference radius of eq. 8: eps = 0.01 / ||v|| (architect.py: `r=1e-2`). */
export const HVP_RADIUS = 0.01;

/** w' = w - xi (momentum * buffer + grad_w Ltrain(w, alpha) + weightDecay * w). */
export function virtualStep(
  problem: UnrolledProblem,
  w: Float64Array,
  alpha: Float64Array,
  xi: number,
  options: VirtualStepOptions = {},
): Float64Array {
  const grad = checkLength(problem.gradTrainW(w, alpha), w.length, 'gradTrainW');
  const { momentum = 0, momentumBuffer, weightDecay = 0 } = options;
  if (momentumBuffer) checkLength(momentumBuffer, w.length, 'momentumBuffer');
  return w.map((wi, i) => wi - xi * (momentum * (momentumBuffer?.[i] ?? 0) + grad[i]! + weightDecay * wi));
}

/**
 * grad^2_{alpha,w} Ltrain(w, alpha) v by central differences of grad_alpha Ltrain along v, at
 * radius eps = `radius` / ||v||; a zero v gives zeros (its product is 0; the reference divides
 * by ||v|| = 0). Returns the product and the eps used.
 */
export function finiteDifferenceHvp(
  gradTrainAlpha: UnrolledProblem['gradTrainAlpha'],
  w: Float64Array,
  alpha: Float64Array,
  v: Float64Array,
  radius = HVP_RADIUS,
): { hvp: Float64Array; epsilon: number } {
  checkLength(v, w.length, 'v');
  let squares = 0;
  for (const x of v) squares += x * x; // no Math.hypot(...v): a spread of a million weights overflows the stack
  const norm = Math.sqrt(squares);
  if (norm === 0) return { hvp: new Float64Array(alpha.length), epsilon: 0 };
  const epsilon = radius / norm;
  const plus = checkLength(
    gradTrainAlpha(
      w.map((wi, i) => wi + epsilon * v[i]!),
      alpha,
    ),
    alpha.length,
    'gradTrainAlpha',
  );
  const minus = checkLength(
    gradTrainAlpha(
      w.map((wi, i) => wi - epsilon * v[i]!),
      alpha,
    ),
    alpha.length,
    'gradTrainAlpha',
  );
  return { hvp: plus.map((p, i) => (p - minus[i]!) / (2 * epsilon)), epsilon };
}

/**
 * DARTS eq. 7-8: the gradient of Lval(w - xi grad_w Ltrain(w, alpha), alpha) with respect to
 * alpha, the implicit term by `finiteDifferenceHvp` at the original w along v = grad_w' Lval(w',
 * alpha). `xi` is the virtual step's learning rate (DARTS: the weights' current lr). Returns the
 * gradient and the eps of the finite difference.
 */
export function secondOrderAlphaGradient(
  problem: UnrolledProblem,
  w: Float64Array,
  alpha: Float64Array,
  xi: number,
  options: VirtualStepOptions = {},
): { grad: Float64Array; epsilon: number } {
  const unrolled = virtualStep(problem, w, alpha, xi, options);
  const direct = checkLength(problem.gradValAlpha(unrolled, alpha), alpha.length, 'gradValAlpha');
  const v = checkLength(problem.gradValW(unrolled, alpha), w.length, 'gradValW');
  const { hvp, epsilon } = finiteDifferenceHvp((x, a) => problem.gradTrainAlpha(x, a), w, alpha, v);
  return { grad: direct.map((g, i) => g - xi * hvp[i]!), epsilon };
}

function checkLength(x: Float64Array, length: number, what: string): Float64Array {
  if (x.length !== length) throw new Error(`${what} has length ${x.length}, expected ${length}`);
  return x;
}
