/** The tfjs backend a browser benchmark measures on, and the adapter behind it. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';

/** Makes `backend` tfjs's active backend; false where it cannot initialise here. */
export async function switchBackend(backend: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(backend);
    await tf.ready();
    return ok;
  } catch {
    return false;
  }
}

/** The GPU behind the active tfjs backend (WebGPU vendor and architecture, WebGL renderer); '' on cpu. */
export function adapterOf(backend: string): string {
  const b = tf.backend() as unknown as {
    adapterInfo?: { vendor?: string; architecture?: string };
    gpgpu?: { gl?: WebGLRenderingContext };
  };
  if (backend === 'webgpu')
    return [b.adapterInfo?.vendor, b.adapterInfo?.architecture].filter(Boolean).join(' ');
  const gl = backend === 'webgl' ? b.gpgpu?.gl : undefined;
  if (!gl) return '';
  // RENDERER says only "WebKit WebGL"; the debug extension names the driver (e.g. SwiftShader).
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}
