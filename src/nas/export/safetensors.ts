/**
 * Named float32 tensors in the safetensors format (huggingface/safetensors, "Format"): an
 * unsigned 64-bit little-endian header length, a JSON header naming each tensor's dtype, shape and
 * byte range, padded with spaces to a multiple of 8, then the tensors' bytes (little-endian).
 * Readable by the `safetensors` package and, with a few lines of numpy, without it.
 * Pure module: no DOM, React or tfjs.
 */

/** One tensor to store: its name, shape and values in row-major order. */
export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** The bytes of a safetensors file holding `tensors` (and string `metadata`). */
export function encodeSafetensors(
  tensors: readonly NamedTensor[],
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name in header) throw new Error(`Two tensors are named "${t.name}"`);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.values.length)
      throw new Error(
        `"${t.name}": shape [${t.shape.join(', ')}] holds ${size} values, not ${t.values.length}`,
      );
    header[t.name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + 4 * size] };
    offset += 4 * size;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (new TextEncoder().encode(json).length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    for (let i = 0; i < t.values.length; i++, at += 4) view.setFloat32(at, t.values[i]!, true);
  }
  return out;
}
