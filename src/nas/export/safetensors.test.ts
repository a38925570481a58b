import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from './safetensors';

describe('encodeSafetensors', () => {
  it('writes the header length, an 8-byte aligned JSON header and the little-endian floats', () => {
    const bytes = encodeSafetensors(
      [
        { name: 'a', shape: [2], values: Float32Array.of(1, -2) },
        { name: 'b.weight', shape: [1, 1], values: Float32Array.of(0.5) },
      ],
      { arch: 'x' },
    );
    const view = new DataView(bytes.buffer);
    const size = Number(view.getBigUint64(0, true));
    expect(size % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + size))) as Record<
      string,
      unknown
    >;
    expect(header).toEqual({
      __metadata__: { arch: 'x' },
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      'b.weight': { dtype: 'F32', shape: [1, 1], data_offsets: [8, 12] },
    });
    expect(bytes.length).toBe(8 + size + 12);
    const body = 8 + size;
    expect([0, 4, 8].map((o) => view.getFloat32(body + o, true))).toEqual([1, -2, 0.5]);
  });

  it('refuses a shape that does not hold the values, and a name twice', () => {
    expect(() => encodeSafetensors([{ name: 'a', shape: [3], values: Float32Array.of(1) }])).toThrow(
      /holds 3/,
    );
    const t = { name: 'a', shape: [1], values: Float32Array.of(1) };
    expect(() => encodeSafetensors([t, t])).toThrow(/Two tensors/);
  });
});
