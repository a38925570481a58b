/**
 * Softmax, Gumbel noise and the Gumbel-softmax relaxation of SNAS (Xie et al., ICLR 2019, eq. 3):
 * Z_e = softmax((log alpha_e + G_e) / lambda), G = -log(-log U), U ~ Uniform(0, 1). As the SNAS
 * authors' `_get_categ_mask` (SNAS-Series/SNAS-Series, SNAS/model_search.py):
 * `softmax((log_alpha + (-((-(u.log())).log()))) / self._temp)`. Rows are edges, columns ops.
 * Pure module: no DOM, React or tfjs.
 */
import type { Rng } from '../rng';

/** Rows of a matrix [edges][ops]. */
export type Rows = readonly (readonly number[])[];

/** Softmax of one row, shifted by its maximum so that large logits do not overflow. */
function softmax(row: readonly number[]): number[] {
  let max = -Infinity;
  for (const z of row) if (z > max) max = z;
  const exps = row.map((z) => Math.exp(z - max));
  const sum = exps.reduce((s, e) => s + e, 0);
  return exps.map((e) => e / sum);
}

/** softmax of every row of `logits` (DARTS: the mixing weights softmax(alpha_e) of each edge). */
export function softmaxRows(logits: Rows): number[][] {
  return logits.map(softmax);
}

/**
 * Gumbel(0, 1) noise [edges][ops]: G = -log(-log U) with U = (k + 1/2) / 2^32 from a 32-bit draw
 * k, so U lies strictly inside (0, 1) and G is always finite (torch's `uniform_()` may return 0,
 * which gives G = -inf).
 */
export function gumbelNoise(rng: Pick<Rng, 'nextUint32'>, edges: number, ops: number): number[][] {
  return Array.from({ length: edges }, () =>
    Array.from({ length: ops }, () => {
      const u = (rng.nextUint32() + 0.5) / 0x100000000;
      return -Math.log(-Math.log(u));
    }),
  );
}

/** Z = softmax((logits + noise) / temperature) per row: the relaxed one-hot sample of each edge. */
export function gumbelSoftmax(logits: Rows, noise: Rows, temperature: number): number[][] {
  if (!(temperature > 0)) throw new Error(`Gumbel-softmax temperature must be positive, got ${temperature}`);
  if (noise.length !== logits.length)
    throw new Error(`Noise has ${noise.length} rows, logits ${logits.length}`);
  return logits.map((row, e) => {
    const g = noise[e]!;
    if (g.length !== row.length)
      throw new Error(`Row ${e}: noise has ${g.length} columns, logits ${row.length}`);
    return softmax(row.map((z, o) => (z + g[o]!) / temperature));
  });
}

/** Index of the largest entry of a row; the first one on ties (as torch's and numpy's argmax). */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

/** The discrete choice of every row (the op of each edge): argmax per row. */
export function hardChoice(z: Rows): number[] {
  return z.map(argmax);
}

/** Entropy -sum p ln p of one distribution, in nats (0 ln 0 = 0). */
export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) h -= p[i]! * Math.log(p[i]!);
  return h;
}

/** Mean entropy of the rows, in nats (ln 5 = 1.609 for uniform rows over NAS-Bench-201's 5 ops). */
export function meanEntropy(rows: Rows): number {
  if (rows.length === 0) return 0;
  return rows.reduce((sum, row) => sum + entropy(row), 0) / rows.length;
}
