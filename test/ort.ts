// onnxruntime-node, the second engine for the cross-checks. It runs only
// under Node: elsewhere the import fails, `ort` is undefined and the
// cross-check suites are not registered.

/** The part of onnxruntime-node's API the tests use (typed here: Deno type-checks without it). */
export interface Ort {
  InferenceSession: { create(model: Uint8Array): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown; dims: readonly number[] }>> }> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
}

const ortModule = 'onnxruntime-node';
export const ort = (await import(/* @vite-ignore */ ortModule).catch(() => undefined)) as Ort | undefined;
