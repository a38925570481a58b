/**
 * The beam's selection and the surrogate's quality measure (Liu et al., ECCV 2018): keep the K
 * cells of highest predicted accuracy, and Spearman's rank correlation between predicted and
 * measured accuracy (the paper's measure of its predictors, §5.2).
 * Pure module: no DOM, React or tfjs.
 */

/**
 * Indices of the `k` highest scores, best first; equal scores are broken by `keys` ascending
 * (the cells' strings), so the beam does not depend on the order candidates were enumerated in.
 */
export function topK(scores: readonly number[], keys: readonly string[], k: number): number[] {
  if (scores.length !== keys.length) throw new Error('topK needs one key per score');
  if (!Number.isInteger(k) || k < 0) throw new Error(`topK needs k >= 0, got ${k}`);
  return scores
    .map((_, i) => i)
    .sort((a, b) => scores[b]! - scores[a]! || (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0))
    .slice(0, k);
}

/** Ranks from 1 (smallest value), ties given the mean of the ranks they span. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) out[order[k]!] = rank;
    start = end;
  }
  return out;
}

/**
 * Spearman's rank correlation of `a` and `b` (the Pearson correlation of their ranks, ties
 * averaged), or null when it is undefined: fewer than 2 pairs, or one side constant.
 */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new Error('spearman needs two lists of the same length');
  if (a.length < 2) return null;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (a.length + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = ra[i]! - mean;
    const db = rb[i]! - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? null : sab / Math.sqrt(saa * sbb);
}
