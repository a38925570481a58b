import { describe, expect, it } from 'vitest';
import { buildTokenSpec, decodeTokens, paperNasRlSpace, type NasRlLayer } from '../reinforce';
import { Rng } from '../rng';
import { uniformTokens } from '../tokenSpace';
import { nasrlCost, nasrlString, nasrlUnusedOutputs, parseNasrlString } from './nasrlGraph';

const layer = (fh: number, fw: number, filters: number, inputs: number[], sh = 1, sw = 1): NasRlLayer => ({
  filterHeight: fh,
  filterWidth: fw,
  strideHeight: sh,
  strideWidth: sw,
  filters,
  inputs,
});

/** L0 reads the image; L1 reads L0 at stride 2; L2 reads L0 and L1 (L1 zero-padded to L0's size). */
const NET = [layer(3, 5, 36, []), layer(1, 1, 24, [0], 2, 2), layer(7, 7, 48, [0, 1])];
const NET_STRING = 'L0 3x5/1x1 36 <- img | L1 1x1/2x2 24 <- 0 | L2 7x7/1x1 48 <- 0,1';

describe('NAS-RL strings', () => {
  it('prints and parses L<i> <fh>x<fw>/<sh>x<sw> <filters> <- <inputs>', () => {
    expect(nasrlString(NET)).toBe(NET_STRING);
    expect(parseNasrlString(` ${NET_STRING.replace(/ \| /g, '|')} `)).toEqual(NET);
  });

  it('round-trips random decoded architectures of the paper space', () => {
    const spec = buildTokenSpec({ ...paperNasRlSpace(6), strides: [1, 2, 3] });
    const rng = new Rng(8);
    for (let i = 0; i < 100; i++) {
      const layers = decodeTokens(spec, uniformTokens(spec, rng));
      expect(parseNasrlString(nasrlString(layers))).toEqual(layers);
    }
  });

  it.each([
    ['', /Empty/],
    ['L0 3x3 36 <- img', /is not L0 <fh>x<fw>/],
    ['L1 3x3/1x1 36 <- img', /layer 0 is numbered L1/],
    ['L0 3x3/1x1 36 <- 0', /input 0 is not an earlier layer/],
    ['L0 3x3/1x1 36 <- img | L1 3x3/1x1 36 <- 0,0', /distinct and ascending/],
    ['L0 0x3/1x1 36 <- img', /filterHeight must be a positive integer/],
  ])('rejects %j with a clear message', (text, message) => {
    expect(() => parseNasrlString(text)).toThrow(message);
  });
});

describe('NAS-RL graph', () => {
  it('concatenates the outputs that feed nothing', () => {
    expect(nasrlUnusedOutputs(NET)).toEqual([2]);
    expect(nasrlUnusedOutputs([layer(1, 1, 8, []), layer(1, 1, 8, []), layer(1, 1, 8, [0])])).toEqual([1, 2]);
  });

  it('counts shapes, MACs and parameters on a 9x9x1 image, 10 classes', () => {
    const cost = nasrlCost(NET, [9, 9, 1], 10);
    // L0: 9x9 out, 3*5*1*36 weights; L1: ceil(9/2) = 5x5, 1*1*36*24; L2 reads 36 + 24 channels at 9x9.
    expect(cost.layers.map((l) => [l.height, l.width, l.inChannels])).toEqual([
      [9, 9, 1],
      [5, 5, 36],
      [9, 9, 60],
    ]);
    expect(cost.layers.map((l) => l.macs)).toEqual([81 * 540, 25 * 864, 81 * 49 * 60 * 48]);
    expect(cost.macs).toBe(81 * 540 + 25 * 864 + 81 * 49 * 60 * 48 + 48 * 10);
    expect(cost.params).toBe(540 + 864 + 49 * 60 * 48 + 4 * (36 + 24 + 48) + 48 * 10 + 10);
    expect(cost.trainableParams).toBe(cost.params - 2 * (36 + 24 + 48));
    expect([cost.outputHeight, cost.outputWidth, cost.outputChannels]).toEqual([9, 9, 48]);
  });
});
