import { describe, expect, it } from 'vitest';
import { cosineLr, snasTemperature } from './schedules';

describe('one-shot schedules', () => {
  it("anneals SNAS's temperature linearly per epoch, stepped before each epoch (150 epochs, 1 -> 0.03)", () => {
    // Epoch 0 runs at (1 - 1/150) * 0.97 + 0.03 = 0.993533...; epoch 74 at 0.5 * 0.97 + 0.03.
    expect(snasTemperature(0, 150)).toBeCloseTo(0.03 + (0.97 * 149) / 150, 14);
    expect(snasTemperature(0, 150)).toBeCloseTo(0.9935333, 7);
    expect(snasTemperature(74, 150)).toBeCloseTo(0.515, 14);
    expect(snasTemperature(149, 150)).toBeCloseTo(0.03, 14);
    // 10 epochs from 2 to 0.5: 1.85, 1.25 (epoch 4), 0.5.
    expect(snasTemperature(0, 10, 2, 0.5)).toBeCloseTo(1.85, 14);
    expect(snasTemperature(4, 10, 2, 0.5)).toBeCloseTo(1.25, 14);
    expect(snasTemperature(9, 10, 2, 0.5)).toBeCloseTo(0.5, 14);
  });

  it("gives DARTS's cosine learning rate per epoch (50 epochs, 0.025 -> 0.001)", () => {
    expect(cosineLr(0, 50, 0.025, 0.001)).toBe(0.025);
    // The middle: cos(pi / 2) = 0, so (lrMax + lrMin) / 2.
    expect(cosineLr(25, 50, 0.025, 0.001)).toBeCloseTo(0.013, 15);
    // The last: 0.001 + 0.024 (1 - cos(0.02 pi)) / 2 = 0.001 + 0.024 * 0.000986636 = 0.00102368.
    expect(cosineLr(49, 50, 0.025, 0.001)).toBeCloseTo(0.00102368, 8);
  });

  it('rejects an epoch outside 0..epochs-1', () => {
    expect(() => cosineLr(50, 50, 0.025, 0.001)).toThrow(/0\.\.49/);
    expect(() => snasTemperature(-1, 10)).toThrow(/epoch/);
    expect(() => snasTemperature(0, 0)).toThrow(/epochs/);
  });
});
