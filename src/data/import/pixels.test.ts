import { describe, expect, it } from 'vitest';
import { compositeOnBlack, resizeAreaAverage } from './pixels';

describe('resizeAreaAverage', () => {
  it('averages each 2x2 block of a 4x4 image into a 2x2 image', () => {
    // prettier-ignore
    const source = new Uint8Array([
        0,  10,  20,  30,
       40,  50,  60,  70,
       80,  90, 100, 110,
      120, 130, 140, 150,
    ]);
    // (0+10+40+50)/4 = 25, (20+30+60+70)/4 = 45, (80+90+120+130)/4 = 105, (100+110+140+150)/4 = 125
    expect([...resizeAreaAverage(source, 4, 4, 1, 2)]).toEqual([25, 45, 105, 125]);
  });

  it('weights a source pixel by the part of it an output pixel covers (3x3 -> 2x2)', () => {
    // Output (0,0) covers source [0,1.5)x[0,1.5): the centre pixel counts 0.5*0.5 of an area of
    // 1.5*1.5, so 90 * 0.25 / 2.25 = 10, and likewise in every corner.
    const source = new Uint8Array([0, 0, 0, 0, 90, 0, 0, 0, 0]);
    expect([...resizeAreaAverage(source, 3, 3, 1, 2)]).toEqual([10, 10, 10, 10]);
  });

  it('keeps channels apart (channel-last) and leaves a same-size image unchanged', () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
    expect([...resizeAreaAverage(rgb, 2, 2, 3, 1)]).toEqual([128, 128, 128]);
    expect([...resizeAreaAverage(rgb, 2, 2, 3, 2)]).toEqual([...rgb]);
  });

  it('rounds only at the end', () => {
    expect([...resizeAreaAverage(new Uint8Array([0, 0, 0, 1]), 2, 2, 1, 1)]).toEqual([0]);
    expect([...resizeAreaAverage(new Uint8Array([1, 1, 1, 0]), 2, 2, 1, 1)]).toEqual([1]);
  });
});

describe('compositeOnBlack', () => {
  it('scales colour by alpha and says whether every pixel is grey', () => {
    const half = compositeOnBlack(new Uint8ClampedArray([200, 100, 50, 128]), 1);
    expect([...half.rgb]).toEqual([100, 50, 25]);
    expect(half.grey).toBe(false);
    const grey = compositeOnBlack(new Uint8ClampedArray([7, 7, 7, 255, 200, 200, 200, 0]), 2);
    expect([...grey.rgb]).toEqual([7, 7, 7, 0, 0, 0]);
    expect(grey.grey).toBe(true);
  });
});
