// A consumer with lib ES2022 alone (no DOM, no @types/node): the host types
// the package names are `never` there, and nothing else breaks.
import type { InitOptions, JobOptions, PoolOptions } from 'resample-wasm';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const noSignal: Same<NonNullable<JobOptions['signal']>, never> = true;
export const workerUrlIsAString: Same<NonNullable<PoolOptions['workerUrl']>, string> = true;
export const wasmIsBytes: Same<NonNullable<InitOptions['wasm']>, ArrayBuffer | ArrayBufferView> = true;
