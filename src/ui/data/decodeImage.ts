/**
 * The browser's own PNG/JPEG decoders as an `ImageDecoder` (src/data/import): createImageBitmap,
 * then the pixels read back from an OffscreenCanvas (a canvas element where there is none).
 */
import type { DecodedImage, ImageDecoder, ImportFile } from '../../data/import/types';

function canvasOf(width: number, height: number): OffscreenCanvas | HTMLCanvasElement {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };

/** Decodes one image file; rejects with the browser's reason when it cannot. */
export const decodeImage: ImageDecoder = async (file: ImportFile): Promise<DecodedImage> => {
  const extension = /\.(\w+)$/.exec(file.path)?.[1]?.toLowerCase() ?? '';
  const blob = new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: MIME[extension] ?? '' });
  // Straight (not premultiplied) colours, the file's own orientation and colour values.
  const bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  try {
    const { width, height } = bitmap;
    const canvas = canvasOf(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true }) as
      OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
    if (!context) throw new Error('this browser gives no 2D canvas to read images with');
    context.drawImage(bitmap, 0, 0);
    return { width, height, rgba: context.getImageData(0, 0, width, height).data };
  } finally {
    bitmap.close();
  }
};
