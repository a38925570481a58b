import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter } from './backend';

describe('isSoftwareAdapter', () => {
  it('knows the CPU renderers by their adapter info or WebGL renderer string', () => {
    // Chromium's SwiftShader WebGPU adapter, as this machine reports it.
    expect(
      isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader', device: '', description: '' }),
    ).toBe(true);
    expect(
      isSoftwareAdapter(
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      ),
    ).toBe(true);
    expect(isSoftwareAdapter('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'microsoft', description: 'Microsoft Basic Render Driver' })).toBe(
      true,
    );
  });

  it('takes the browser at its word when it says the adapter is a fallback one', () => {
    expect(isSoftwareAdapter({ vendor: 'unknown', isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper' }, true)).toBe(true);
  });

  it('leaves real GPUs alone', () => {
    expect(
      isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100' }),
    ).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'apple', architecture: 'metal-3' })).toBe(false);
    expect(isSoftwareAdapter('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBe(
      false,
    );
    // "warp" only as a word: a GPU whose name contains it is not WARP.
    expect(isSoftwareAdapter('Warpdrive GPU 9000')).toBe(false);
    expect(isSoftwareAdapter(undefined)).toBe(false);
  });
});
