/**
 * A few images of one class of an import preview, drawn at their training size and scaled up
 * with crisp pixels, so a user sees what the network will see.
 */
import { useEffect, useRef } from 'react';

/** Up to `max` images of `label`, in the order they were read. */
export function sampleIndices(labels: Uint8Array, label: number, max: number): number[] {
  const found: number[] = [];
  for (let i = 0; i < labels.length && found.length < max; i++) if (labels[i] === label) found.push(i);
  return found;
}

/** Pixels on screen of one sample (3× a 14-pixel image, 1.5× a 28-pixel one). */
const SHOWN_PX = 42;

export function SampleStrip({
  pixels,
  indices,
  side,
  channels,
  label,
}: {
  pixels: Uint8Array;
  indices: readonly number[];
  side: number;
  channels: 1 | 3;
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || indices.length === 0) return;
    const image = context.createImageData(side * indices.length, side);
    const stride = side * side * channels;
    indices.forEach((index, k) => {
      for (let y = 0; y < side; y++)
        for (let x = 0; x < side; x++) {
          const from = index * stride + (y * side + x) * channels;
          const to = (y * side * indices.length + k * side + x) * 4;
          image.data[to] = pixels[from]!;
          image.data[to + 1] = pixels[from + (channels === 3 ? 1 : 0)]!;
          image.data[to + 2] = pixels[from + (channels === 3 ? 2 : 0)]!;
          image.data[to + 3] = 255;
        }
    });
    context.putImageData(image, 0, 0);
  }, [pixels, indices, side, channels]);
  return (
    <canvas
      ref={canvas}
      className="data-samples"
      role="img"
      aria-label={label}
      width={side * Math.max(1, indices.length)}
      height={side}
      style={{ width: `${SHOWN_PX * Math.max(1, indices.length)}px`, height: `${SHOWN_PX}px` }}
      data-testid="data.samples"
      data-count={indices.length}
    />
  );
}
