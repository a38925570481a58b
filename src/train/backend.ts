/**
 * Chooses the tfjs backend inside the worker: WebGPU, then WebGL, then the CPU, and says why a
 * better one was not used. Runs in a Web Worker (tsconfig.worker.json: no `document`).
 */
import * as tf from '@tensorflow/tfjs';
import { message, type Message } from '../nas/message';
import { exceptionText } from '../nas/messageError';
import type { BackendName } from '../worker/protocol';
import { computePlan, type ComputePreference } from './compute';

export interface BackendChoice {
  backend: BackendName;
  /** Why a better backend was not used (null when WebGPU is active); tfjs's and the browser's
   * own words are data inside it. */
  reason: Message | null;
  /** GPU adapter description, when known. */
  adapter: string;
  /** The GPU is emulated on the CPU (SwiftShader, llvmpipe, WARP, a fallback adapter): slow. */
  software?: boolean;
}

/** Names of the CPU renderers that browsers fall back to when there is no usable GPU. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

/**
 * Whether an adapter (WebGPU's adapter info, or WebGL's renderer string) is a software one: the
 * browser says so (`isFallbackAdapter`), or it names a CPU renderer.
 */
export function isSoftwareAdapter(
  info: (Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }) | string | undefined,
  fallback = false,
): boolean {
  if (fallback) return true;
  if (info === undefined) return false;
  if (typeof info === 'string') return SOFTWARE_RENDERERS.test(info);
  if (info.isFallbackAdapter === true) return true;
  return [info.vendor, info.architecture, info.device, info.description].some(
    (s) => typeof s === 'string' && SOFTWARE_RENDERERS.test(s),
  );
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

type Attempt = { ok: true; adapter: string; software: boolean } | { ok: false; reason: Message };

/** "<backend>: backend init failed: <tfjs's first warning line or exception>". */
const initFailed = (backend: 'WebGPU' | 'WebGL', reason: string): Attempt => ({
  ok: false,
  reason: message('backend.initFailed', { backend, reason: reason || message('backend.unknownError') }),
});

async function tryWebGpu(): Promise<Attempt> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
  if (!gpu) return { ok: false, reason: message('backend.noGpu') };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return { ok: false, reason: message('backend.requestAdapterFailed', { reason: exceptionText(err) }) };
  }
  if (!adapter) return { ok: false, reason: message('backend.noAdapter') };
  const adapterName = describeAdapter(adapter.info);
  // `isFallbackAdapter` moved from the adapter to its info; either says so.
  const software = isSoftwareAdapter(
    adapter.info,
    (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true,
  );
  try {
    // Registers the 'webgpu' backend only when navigator.gpu exists at import time.
    await import('@tensorflow/tfjs-backend-webgpu');
    const { value: ok, warnings } = await collectWarnings(() => tf.setBackend('webgpu'));
    if (!ok) return initFailed('WebGPU', firstLine(warnings.join('\n')));
    await tf.ready();
    return { ok: true, adapter: adapterName, software };
  } catch (err) {
    return initFailed('WebGPU', exceptionText(err));
  }
}

async function tryWebGl(): Promise<Attempt> {
  if (typeof OffscreenCanvas === 'undefined')
    return { ok: false, reason: message('backend.noOffscreenCanvas') };
  try {
    const { value: ok, warnings } = await collectWarnings(() => tf.setBackend('webgl'));
    if (!ok) return initFailed('WebGL', firstLine(warnings.join('\n')));
    await tf.ready();
    const renderer = webGlRenderer();
    return { ok: true, adapter: renderer, software: isSoftwareAdapter(renderer) };
  } catch (err) {
    return initFailed('WebGL', exceptionText(err));
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

/** "first; second; …" as one message (null for none). */
export function joinReasons(reasons: readonly Message[]): Message | null {
  if (reasons.length === 0) return null;
  return reasons
    .slice(1)
    .reduce((all, next) => message('backend.list', { first: all, rest: next }), reasons[0]!);
}

/**
 * Picks the best backend that initialises: 'webgpu' → 'webgl' → 'cpu'. `prefer` restricts the
 * order (e.g. ['cpu'] for tests). Call once per worker.
 */
export async function selectBackend(
  prefer: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'],
): Promise<BackendChoice> {
  const reasons: Message[] = [];
  for (const name of prefer) {
    if (name === 'cpu') {
      await tf.setBackend('cpu');
      await tf.ready();
      return { backend: 'cpu', reason: joinReasons(reasons), adapter: '' };
    }
    const attempt = name === 'webgpu' ? await tryWebGpu() : await tryWebGl();
    if (attempt.ok)
      return {
        backend: name,
        reason: joinReasons(reasons),
        adapter: attempt.adapter,
        ...(attempt.software ? { software: true } : {}),
      };
    reasons.push(attempt.reason);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu', reason: joinReasons(reasons), adapter: '' };
}

/** What the WebGPU adapter is, without initialising tfjs's WebGPU backend. */
async function probeAdapter(): Promise<'software' | 'hardware' | 'none'> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
  if (!gpu) return 'none';
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return 'none';
    const fallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
    return isSoftwareAdapter(adapter.info, fallback) ? 'software' : 'hardware';
  } catch {
    return 'none';
  }
}

/**
 * Sets tfjs up for the machine's compute preference (src/train/compute.ts): probes the WebGPU
 * adapter where the choice depends on it, then picks the first backend of the plan that
 * initialises. `engine`: models the engine can train go to it. When auto chose WebGL over a
 * software WebGPU adapter, `reason` says so.
 */
export async function chooseBackend(
  preference: ComputePreference = 'auto',
): Promise<BackendChoice & { engine: boolean; autoSoftware: boolean }> {
  const adapter = preference === 'auto' || preference === 'engine' ? await probeAdapter() : 'hardware';
  const plan = computePlan(preference, adapter);
  const choice = await selectBackend(plan.order);
  const autoSoftware = plan.autoSoftware && choice.backend === 'webgl';
  return {
    ...choice,
    ...(autoSoftware ? { reason: message('backend.autoSoftware') } : {}),
    engine: plan.engine,
    autoSoftware,
  };
}

/**
 * Calls `onLost` once if the active WebGPU device is lost (tfjs-backend-webgpu 4.22 does not
 * handle it). No-op on other backends. `destroy()`-initiated losses are ignored.
 */
export function watchDeviceLoss(onLost: (problem: Message) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  void device?.lost.then((info) => {
    if (info.reason === 'destroyed') return;
    onLost(
      message('backend.deviceLost', {
        reason: info.message || info.reason || message('backend.unknownReason'),
      }),
    );
  });
}

/**
 * Makes `name` tfjs's active backend again if something switched away (the REINFORCE controller
 * runs on the CPU backend). Costs nothing when it is already active.
 */
export async function useBackend(name: string): Promise<void> {
  if (tf.getBackend() !== name) await tf.setBackend(name);
}
