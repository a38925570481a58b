/**
 * The GEMM tile choice (pure: no GPU needed). The point of tuning: the small channel counts of
 * these nets (N = 4..32 output channels) must not leave most of each tile's columns empty.
 */
import { describe, expect, it } from 'vitest';
import { chooseSplits, chooseTile, TILES, tileDims } from './gemm';

/** Fraction of the launched outputs that are real, for an M x N GEMM on `tile`. */
const usedFraction = (M: number, N: number, tile: (typeof TILES)[number]) => {
  const { tm, tn } = tileDims(tile);
  return (M * N) / (Math.ceil(M / tm) * tm * Math.ceil(N / tn) * tn);
};

describe('GEMM tile choice', () => {
  it('every shape uses 64 to 256 threads, each with a whole block of at least 2 x 2 outputs', () => {
    for (const tile of TILES) {
      const { tm, tn, tx, ty, rm, rn } = tileDims(tile);
      expect(tx * ty).toBeLessThanOrEqual(256);
      expect(tx * ty).toBeGreaterThanOrEqual(64);
      expect((tx * ty) % 16, 'the A loads need a multiple of TK threads').toBe(0);
      expect(rm * rn, tile).toBeGreaterThanOrEqual(4);
      expect([rm * ty, rn * tx, Number.isInteger(rm), Number.isInteger(rn)]).toEqual([tm, tn, true, true]);
    }
  });

  it('the reference net at batch 64 wastes far less than the fixed 64x64 tile', () => {
    // forward, data gradient and filter gradient GEMMs (M, N) of conv3x3x16 on 28x28x1 and
    // conv3x3x32 on 14x14x16, and of dense 1568 -> 10.
    const gemms: [number, number][] = [
      [64 * 28 * 28, 16],
      [9, 16],
      [64 * 14 * 14, 32],
      [64 * 14 * 14, 16],
      [144, 32],
      [64, 10],
      [64, 1568],
      [1568, 10],
    ];
    for (const [M, N] of gemms) {
      const tuned = usedFraction(M, N, chooseTile(M, N));
      expect(tuned, `${M}x${N} on ${chooseTile(M, N)}`).toBeGreaterThanOrEqual(usedFraction(M, N, '64x64'));
    }
    expect(usedFraction(64 * 28 * 28, 16, chooseTile(64 * 28 * 28, 16))).toBe(1);
    expect(usedFraction(64 * 28 * 28, 16, '64x64')).toBe(0.25);
  });

  it('gives each thread a 4 x 4 block wherever 64 threads remain (fewer workgroup-memory reads per multiply-add)', () => {
    expect(tileDims('64x16')).toEqual({ tm: 64, tn: 16, tx: 4, ty: 16, rm: 4, rn: 4 });
    expect(tileDims('64x64')).toEqual({ tm: 64, tn: 64, tx: 16, ty: 16, rm: 4, rn: 4 });
    expect(tileDims('16x16')).toEqual({ tm: 16, tn: 16, tx: 8, ty: 8, rm: 2, rn: 2 });
  });

  it('splits K only when the tiles alone leave the GPU idle and K is deep', () => {
    expect(chooseSplits(9, 16, 64 * 28 * 28, chooseTile(9, 16))).toBeGreaterThan(1);
    expect(chooseSplits(9, 16, 500, chooseTile(9, 16))).toBe(1);
    expect(chooseSplits(64 * 28 * 28, 16, 9, chooseTile(64 * 28 * 28, 16))).toBe(1);
  });
});
