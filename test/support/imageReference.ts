// The filters of resizeImage written out in float64 from their definitions
// (no fixed point, no tables shared with the crate), for the reference
// resamplers of the resizeImage suites.
import type { ImageFilter } from 'resample-wasm';

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
function cubic(x: number, b: number, c: number): number {
  x = Math.abs(x);
  if (x < 1) return ((12 - 9 * b - 6 * c) * x ** 3 + (-18 + 12 * b + 6 * c) * x ** 2 + (6 - 2 * b)) / 6;
  if (x < 2) return ((-b - 6 * c) * x ** 3 + (6 * b + 30 * c) * x ** 2 + (-12 * b - 48 * c) * x + (8 * b + 24 * c)) / 6;
  return 0;
}
export const KERNELS: Record<Exclude<ImageFilter, 'nearest'>, [number, (x: number) => number]> = {
  box: [0.5, (x) => (x > -0.5 && x <= 0.5 ? 1 : 0)],
  bilinear: [1, (x) => Math.max(0, 1 - Math.abs(x))],
  bicubic: [2, (x) => cubic(x, 0, 0.5)],
  mitchell: [2, (x) => cubic(x, 1 / 3, 1 / 3)],
  lanczos2: [2, (x) => (Math.abs(x) < 2 ? sinc(x) * sinc(x / 2) : 0)],
  lanczos3: [3, (x) => (Math.abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0)],
};

/** Per output position: source indices and normalised weights (taps outside the image dropped). */
export function weights(filter: ImageFilter, inLen: number, outLen: number): { k: number[]; w: number[] }[] {
  const scale = inLen / outLen;
  return Array.from({ length: outLen }, (_, j) => {
    const center = (j + 0.5) * scale;
    if (filter === 'nearest') return { k: [Math.min(inLen - 1, Math.floor(center))], w: [1] };
    const [support, f] = KERNELS[filter];
    const stretch = Math.max(1, scale);
    const k: number[] = [];
    const w: number[] = [];
    for (let i = Math.max(0, Math.floor(center - support * stretch) - 1); i < Math.min(inLen, Math.ceil(center + support * stretch) + 1); i++) {
      const v = f((i + 0.5 - center) / stretch);
      if (v !== 0) {
        k.push(i);
        w.push(v);
      }
    }
    const sum = w.reduce((a, b) => a + b, 0);
    return { k, w: w.map((v) => v / sum) };
  });
}

export const toLinear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
export const fromLinear = (v: number) => (v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055);

