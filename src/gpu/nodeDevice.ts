/**
 * Node only: installs WebGPU from the `webgpu` package (Dawn) as `navigator.gpu`. Where no
 * Vulkan driver is on the library path but Debian's chromium is installed (CI, the development
 * machines), it preloads chromium's Vulkan loader and points it at SwiftShader, so the engine's
 * tests run on the CPU emulation without any environment set by hand. Must run before
 * `@tensorflow/tfjs-backend-webgpu` is imported (it registers only if navigator.gpu exists).
 */
import { existsSync } from 'node:fs';
import { constants } from 'node:os';

const CHROMIUM_VULKAN = '/usr/lib/chromium/libvulkan.so.1';
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
/** glibc's RTLD_NODELETE: keeps the loader mapped when Node closes the non-addon library. */
const RTLD_NODELETE = 0x1000;

/** Installs navigator.gpu; returns '' on success or why WebGPU cannot be had. */
export async function installNodeWebGpu(): Promise<string> {
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (g.navigator?.gpu) return '';
  let webgpu: { create: (flags: string[]) => GPU; globals: object };
  try {
    webgpu = (await import('webgpu')) as unknown as typeof webgpu;
  } catch (err) {
    return `cannot load the webgpu package: ${err instanceof Error ? err.message : String(err)}`;
  }
  Object.assign(globalThis, webgpu.globals);
  let gpu = webgpu.create([]);
  if (!(await gpu.requestAdapter()) && existsSync(CHROMIUM_VULKAN) && existsSync(SWIFTSHADER_ICD)) {
    try {
      process.dlopen(
        { exports: {} },
        CHROMIUM_VULKAN,
        constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE,
      );
    } catch {
      // Expected: the loader is not a Node addon ("did not self-register"), but it stays loaded.
    }
    process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
    gpu = webgpu.create([]);
  }
  if (!(await gpu.requestAdapter()))
    return 'no WebGPU adapter: Dawn found no Vulkan driver (install chromium for SwiftShader, or run on a GPU)';
  g.navigator ??= {};
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  return '';
}
