// onnxruntime-node, the second engine for the cross-checks. It runs only
// under Node: elsewhere the import fails and the cross-check suites are not
// registered.
import { describe } from 'vitest';

/** The part of onnxruntime-node's API the tests use (typed here: Deno type-checks without it). */
export interface Ort {
  InferenceSession: { create(model: Uint8Array): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown; dims: readonly number[] }>> }> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
}

const ortModule = 'onnxruntime-node';
const ort = (await import(/* @vite-ignore */ ortModule).catch(() => undefined)) as Ort | undefined;

/** A describe() that exists only where the engine loaded. */
export function describeWithOrt(name: string, body: (ort: Ort) => void): void {
  if (ort) describe(name, () => body(ort));
}
