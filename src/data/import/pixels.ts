/**
 * Pixel work for an import: alpha compositing, the grey test and the area-average resize.
 * Pure arithmetic on typed arrays.
 */

/**
 * Straight RGBA composited onto black (MNIST's background: a transparent pixel reads as ink-free),
 * as RGB bytes. Also says whether every pixel came out grey (R = G = B).
 */
export function compositeOnBlack(
  rgba: Uint8ClampedArray,
  pixelCount: number,
): { rgb: Uint8Array; grey: boolean } {
  const rgb = new Uint8Array(pixelCount * 3);
  let grey = true;
  for (let i = 0; i < pixelCount; i++) {
    const alpha = rgba[i * 4 + 3] ?? 255;
    const r = alpha === 255 ? (rgba[i * 4] ?? 0) : Math.round(((rgba[i * 4] ?? 0) * alpha) / 255);
    const g = alpha === 255 ? (rgba[i * 4 + 1] ?? 0) : Math.round(((rgba[i * 4 + 1] ?? 0) * alpha) / 255);
    const b = alpha === 255 ? (rgba[i * 4 + 2] ?? 0) : Math.round(((rgba[i * 4 + 2] ?? 0) * alpha) / 255);
    rgb[i * 3] = r;
    rgb[i * 3 + 1] = g;
    rgb[i * 3 + 2] = b;
    if (r !== g || g !== b) grey = false;
  }
  return { rgb, grey };
}

/** Axis weights by `${sourceLength}:${side}`, a pure memo (kept small): datasets have few sizes, many images. */
const weightCache = new Map<string, { index: number; weight: number }[][]>();

/**
 * For each output index along one axis, the source indices it covers and the share of each:
 * output pixel o spans source [o * n / side, (o + 1) * n / side), and a source pixel counts by
 * the length of its overlap with that span. Shares of one output pixel sum to 1.
 */
function axisWeights(sourceLength: number, side: number): { index: number; weight: number }[][] {
  const key = `${sourceLength}:${side}`;
  const known = weightCache.get(key);
  if (known) return known;
  const scale = sourceLength / side;
  const weights: { index: number; weight: number }[][] = [];
  for (let o = 0; o < side; o++) {
    const start = o * scale;
    const end = (o + 1) * scale;
    const row: { index: number; weight: number }[] = [];
    for (let s = Math.floor(start); s < Math.min(Math.ceil(end), sourceLength); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap > 0) row.push({ index: s, weight: overlap / scale });
    }
    weights.push(row);
  }
  if (weightCache.size >= 64) weightCache.clear();
  weightCache.set(key, weights);
  return weights;
}

/**
 * Resizes a channel-last image to side x side by area averaging (a box filter): each output
 * pixel is the mean of the source area it covers, partial pixels weighted by their overlap.
 * Rounded to the nearest byte at the end only.
 */
export function resizeAreaAverage(
  source: Uint8Array,
  width: number,
  height: number,
  channels: number,
  side: number,
): Uint8Array {
  const across = axisWeights(width, side);
  const down = axisWeights(height, side);
  // Horizontal pass into floats (height x side), then the vertical pass.
  const rows = new Float64Array(height * side * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < side; x++) {
      for (const { index, weight } of across[x] ?? []) {
        const from = (y * width + index) * channels;
        const to = (y * side + x) * channels;
        for (let c = 0; c < channels; c++) rows[to + c]! += (source[from + c] ?? 0) * weight;
      }
    }
  }
  const out = new Uint8Array(side * side * channels);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (const { index, weight } of down[y] ?? [])
          sum += (rows[(index * side + x) * channels + c] ?? 0) * weight;
        out[(y * side + x) * channels + c] = Math.min(255, Math.max(0, Math.round(sum)));
      }
    }
  }
  return out;
}

/** The first channel of an RGB image whose pixels are all grey. */
export function greyFromRgb(rgb: Uint8Array): Uint8Array {
  const grey = new Uint8Array(rgb.length / 3);
  for (let i = 0; i < grey.length; i++) grey[i] = rgb[i * 3] ?? 0;
  return grey;
}
