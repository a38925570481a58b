/**
 * Chooses the tfjs backend inside the worker: WebGPU, then WebGL, then the CPU, and says why a
 * better one was not used. Runs in a Web Worker (tsconfig.worker.json: no `document`).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../worker/protocol';

export interface BackendChoice {
  backend: BackendName;
  /** Why a better backend was not used (empty when WebGPU is active). */
  reason: string;
  /** GPU adapter description, when known. */
  adapter: string;
}

/** Runs `fn` while collecting console.warn lines (tfjs reports backend init failures there). */
async function collectWarnings<T>(fn: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    original.apply(console, args);
  };
  try {
    return { value: await fn(), warnings };
  } finally {
    console.warn = original;
  }
}

function firstLine(text: string): string {
  return (
    text.split('\n').find((line) => line.trim() !== '' && !/^Initialization of backend/.test(line)) ?? text
  );
}

function describeAdapter(info: Partial<GPUAdapterInfo> | undefined): string {
  if (!info) return '';
  return (
    [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' ') ||
    'unknown adapter'
  );
}

async function tryWebGpu(): Promise<{ ok: true; adapter: string } | { ok: false; reason: string }> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
  if (!gpu) return { ok: false, reason: 'WebGPU: no navigator.gpu in the worker' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return {
      ok: false,
      reason: `WebGPU: requestAdapter failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  if (!adapter)
    return { ok: false, reason: 'WebGPU: no adapter (navigator.gpu.requestAdapter() returned null)' };
  const adapterName = describeAdapter(adapter.info);
  try {
    // Registers the 'webgpu' backend only when navigator.gpu exists at import time.
    await import('@tensorflow/tfjs-backend-webgpu');
    const { value: ok, warnings } = await collectWarnings(() => tf.setBackend('webgpu'));
    if (!ok)
      return {
        ok: false,
        reason: `WebGPU: backend init failed: ${firstLine(warnings.join('\n')) || 'unknown error'}`,
      };
    await tf.ready();
    return { ok: true, adapter: adapterName };
  } catch (err) {
    return {
      ok: false,
      reason: `WebGPU: backend init failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

async function tryWebGl(): Promise<{ ok: true; adapter: string } | { ok: false; reason: string }> {
  if (typeof OffscreenCanvas === 'undefined')
    return { ok: false, reason: 'WebGL: no OffscreenCanvas in the worker' };
  try {
    const { value: ok, warnings } = await collectWarnings(() => tf.setBackend('webgl'));
    if (!ok)
      return {
        ok: false,
        reason: `WebGL: backend init failed: ${firstLine(warnings.join('\n')) || 'unknown error'}`,
      };
    await tf.ready();
    return { ok: true, adapter: webGlRenderer() };
  } catch (err) {
    return {
      ok: false,
      reason: `WebGL: backend init failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

/** The WebGL renderer string, when the backend exposes its context. */
function webGlRenderer(): string {
  try {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
    if (!gl) return '';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return '';
  }
}

/**
 * Picks the best backend that initialises: 'webgpu' → 'webgl' → 'cpu'. `prefer` restricts the
 * order (e.g. ['cpu'] for tests). Call once per worker.
 */
export async function selectBackend(
  prefer: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'],
): Promise<BackendChoice> {
  const reasons: string[] = [];
  for (const name of prefer) {
    if (name === 'cpu') {
      await tf.setBackend('cpu');
      await tf.ready();
      return { backend: 'cpu', reason: reasons.join('; '), adapter: '' };
    }
    const attempt = name === 'webgpu' ? await tryWebGpu() : await tryWebGl();
    if (attempt.ok) return { backend: name, reason: reasons.join('; '), adapter: attempt.adapter };
    reasons.push(attempt.reason);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu', reason: reasons.join('; '), adapter: '' };
}

/**
 * Calls `onLost` once if the active WebGPU device is lost (tfjs-backend-webgpu 4.22 does not
 * handle it). No-op on other backends. `destroy()`-initiated losses are ignored.
 */
export function watchDeviceLoss(onLost: (message: string) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  void device?.lost.then((info) => {
    if (info.reason === 'destroyed') return;
    onLost(`WebGPU device lost: ${info.message || info.reason || 'unknown reason'}`);
  });
}

/**
 * Makes `name` tfjs's active backend again if something switched away (the REINFORCE controller
 * runs on the CPU backend). Costs nothing when it is already active.
 */
export async function useBackend(name: string): Promise<void> {
  if (tf.getBackend() !== name) await tf.setBackend(name);
}
