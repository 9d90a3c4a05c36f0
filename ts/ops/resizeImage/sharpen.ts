// pica's unsharp mask after the resize: options checked here, the Gaussian's
// coefficients computed here (in f64 then rounded to f32, as pica's
// gaussCoef), the mask run by the crate (crate/src/resize_image/sharpen.rs).
import { SharpenImageArgs } from '../../abi.js';
import type { Call } from '../../args.js';
import { invalid } from '../../errors.js';
import { declareOptions } from '../../options.js';

/** `sharpen` of resizeImage: pica's unsharpAmount, unsharpRadius and unsharpThreshold. */
export interface SharpenOptions {
  /** Strength in percent, 0 to 500; 0 (the default, as pica's) turns sharpening off. pica's demo uses 80 to 160. */
  amount?: number | undefined;
  /** Radius (sigma) of the Gaussian blur, 0.5 to 2. Default 0.6. */
  radius?: number | undefined;
  /** Lightness difference (0 to 255) below which a pixel is left alone. Default 0. */
  threshold?: number | undefined;
}

/** A checked, active sharpen: the crate's fixed-point parameters. */
export interface SharpenPlan {
  amount: number;
  threshold: number;
  coef: number[];
}

const keys = declareOptions<SharpenOptions>([], { amount: true, radius: true, threshold: true }, 'sharpen key');

function inRange(option: string, v: unknown, lo: number, hi: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw invalid(option, v, `a number from ${lo} to ${hi}`);
  return v;
}

/** pica's gaussCoef: Deriche's recursive Gaussian for `sigma`, rounded to f32. */
function gaussCoef(sigma: number): number[] {
  const a = Math.exp(0.527076) / sigma;
  const g1 = Math.exp(-a);
  const g2 = Math.exp(-2 * a);
  const k = ((1 - g1) * (1 - g1)) / (1 + 2 * a * g1 - g2);
  const [a0, a1, a2, a3, b1, b2] = [k, k * (a - 1) * g1, k * (a + 1) * g1, -k * g2, 2 * g1, -g2];
  return [...new Float32Array([a0, a1, a2, a3, b1, b2, (a0 + a1) / (1 - b1 - b2), (a2 + a3) / (1 - b1 - b2)])];
}

/** The `sharpen` option checked; undefined when it sharpens nothing. */
export function planSharpen(o: SharpenOptions | undefined): SharpenPlan | undefined {
  if (o === undefined) return undefined;
  if (o === null || typeof o !== 'object') throw invalid('sharpen', o, 'an object { amount, radius, threshold }');
  const s = keys('resizeImage', o);
  const amount = inRange('sharpen.amount', s.amount, 0, 500, 0);
  const radius = inRange('sharpen.radius', s.radius, 0.5, 2, 0.6);
  const threshold = inRange('sharpen.threshold', s.threshold, 0, 255, 0);
  if (!Number.isInteger(threshold)) throw invalid('sharpen.threshold', threshold, 'an integer from 0 to 255');
  if (amount === 0) return undefined;
  // pica's fixed point: amount / 100 in 4.12, threshold in 8.8.
  return { amount: ((amount / 100) * 4096 + 0.5) | 0, threshold: threshold << 8, coef: gaussCoef(radius) };
}

/** Sharpens the `width × height` RGBA image at `ptr` in place. */
export function runSharpen(c: Call, ptr: number, width: number, height: number, s: SharpenPlan): void {
  c.kernel(SharpenImageArgs, { image: ptr, width, height, amount: s.amount, threshold: s.threshold, coef: s.coef });
}
