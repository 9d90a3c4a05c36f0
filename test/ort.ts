// onnxruntime-node, the second engine for the cross-checks. It runs only
// under Node. There a failed import is a failing test that names the error:
// the cross-checks must not vanish with a broken install. In browsers and
// Deno the suites are registered as skipped, so they still show in the counts.
import { describe, test } from 'vitest';
import { inNode } from './util.ts';

/** The part of onnxruntime-node's API the tests use (typed here: Deno type-checks without it). */
export interface Ort {
  InferenceSession: { create(model: Uint8Array): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown; dims: readonly number[] }>> }> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
}

// A computed specifier keeps the browser bundler from resolving the native module.
const ortModule = 'onnxruntime-node';
const loaded: { ort: Ort } | { error: unknown } | undefined = inNode
  ? await import(/* @vite-ignore */ ortModule).then(
      (ort: Ort) => ({ ort }),
      (error: unknown) => ({ error }),
    )
  : undefined;

/** A describe() whose tests get the engine; skipped outside Node, failing in Node if the engine does not load. */
export function describeWithOrt(name: string, body: (ort: Ort) => void): void {
  if (loaded === undefined) {
    // Skipped tests are collected, never run, so they never read `ort`.
    describe.skip(`${name} (onnxruntime-node runs under Node only)`, () => body(undefined as never));
  } else if ('error' in loaded) {
    const { error } = loaded;
    describe(name, () => {
      test('onnxruntime-node loads', () => {
        throw new Error(`cannot import onnxruntime-node: ${String((error as Error)?.message ?? error)}`);
      });
    });
  } else {
    describe(name, () => body(loaded.ort));
  }
}
