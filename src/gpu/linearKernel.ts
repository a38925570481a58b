/** The helpers every elementwise kernel is written with: storage binding declarations and the 1D launch. */
import { grid, LINEAR_MAIN, packUniforms, uniformStruct, type GpuTensor, type Recorder } from './engine';

/** WGSL declarations of storage bindings from 1: [name, 'r' | 'rw', element type]. */
export function storage(list: [string, 'r' | 'rw', string?][]): string {
  return list
    .map(
      ([name, mode, type], i) =>
        `@group(0) @binding(${i + 1}) var<storage, ${mode === 'r' ? 'read' : 'read_write'}> ${name}: array<${type ?? 'f32'}>;`,
    )
    .join('\n');
}

/** Records a 1D kernel over n elements: `body(i)` sees the uniforms `p` (n and `fields`) and `decl`. */
export function linear(
  rec: Recorder,
  label: string,
  n: number,
  fields: Record<string, number>,
  floats: string[],
  decl: string,
  body: string,
  buffers: readonly (GpuTensor | GPUBuffer)[],
): void {
  const all = { n, ...fields };
  const code = `${uniformStruct(all, floats)}\n${decl}\nfn body(i: u32) {\n${body}\n}\n${LINEAR_MAIN}`;
  rec.launch(label, code, packUniforms(all, floats), buffers, grid(n));
}
