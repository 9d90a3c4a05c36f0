// pad (F.pad): PyTorch's rules for each mode, then one walk in the crate
// that maps every output position of every padded axis to its source.
import { PadArgs, PadMode } from '../abi.js';
import { call, choice } from '../args.js';
import { invalid, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';

/** Options of `rs.pad`, as F.pad's. */
export interface PadOptions {
  /** How the new elements are chosen: the constant `value`, the input mirrored about its edge (edge not repeated), the edge repeated, or the input wrapped around. Default 'constant'. */
  mode?: 'constant' | 'reflect' | 'replicate' | 'circular' | undefined;
  /** The fill of mode 'constant' (any float, NaN and ±Infinity included); other modes take none (0 is accepted, as by PyTorch). Default 0. */
  value?: number | undefined;
  /** Write into this float32 tensor of the context (the output's shape, not an input) and return it. Default: a new tensor. */
  out?: Tensor | undefined;
}

const padOptions = declareOptions<PadOptions>(['pad'], { mode: true, value: true, out: true });

const MODES = { constant: PadMode.Constant, reflect: PadMode.Reflect, replicate: PadMode.Replicate, circular: PadMode.Circular } as const;
type ModeName = keyof typeof MODES;
// The kernel's argument block carries this many padded axes.
const MAX_AXES = PadArgs.fields.input[2];
const MAX = 0x7fffffff;

/** One padded axis: input length, left and right padding (negative crops). */
interface Axis {
  n: number;
  left: number;
  right: number;
}

/** PyTorch's per-axis limits of `mode`; the output length. */
function axisLength(mode: ModeName, a: Axis, i: number, pad: readonly number[]): number {
  const out = a.n + a.left + a.right;
  const core = a.n + Math.min(a.left, 0) + Math.min(a.right, 0);
  const at = `on the axis padded by (${a.left}, ${a.right}) with ${a.n} elements (pad[${2 * i}], pad[${2 * i + 1}])`;
  if (mode === 'reflect' && (a.left >= a.n || a.right >= a.n)) throw invalid('pad', pad, `below the input length for mode 'reflect' ${at}`);
  if ((mode === 'reflect' || mode === 'replicate') && out < 1) throw invalid('pad', pad, `leaving at least one element ${at}`);
  if ((mode === 'constant' || mode === 'circular') && core < 0) throw invalid('pad', pad, `cropping no more than the input ${at}`);
  // Beyond the cropped input PyTorch reports an overlapping copy, or (from an empty one) returns uninitialised memory.
  if (mode === 'circular' && (a.left > core || a.right > core)) {
    throw invalid('pad', pad, `no larger than the ${core} elements left after cropping for mode 'circular' (it wraps around once) ${at}`);
  }
  return out;
}

/** Checks `pad` against x's shape and mode; the padded axes, innermost last. */
function padAxes(shape: readonly number[], pad: unknown, mode: ModeName): Axis[] {
  const rank = shape.length;
  if (!Array.isArray(pad) || pad.length % 2 !== 0 || !pad.every((p) => Number.isSafeInteger(p) && Math.abs(p) <= MAX)) {
    throw invalid('pad', pad, 'an array of an even number of integers (left, right of the last axis first)');
  }
  const k = pad.length / 2;
  if (k > rank) throw invalid('pad', pad, `at most ${2 * rank} long for x of rank ${rank}`);
  if (mode !== 'constant') {
    if (k < 1 || k > 3 || (rank !== k + 1 && rank !== k + 2)) {
      throw invalid('pad', pad, `of length 2, 4 or 6 with x of rank one or two more (x.shape is ${show(shape)}) for mode '${mode}'`);
    }
    const batch = rank === k + 2 ? 1 : 0;
    if (mode !== 'circular' && shape.slice(batch).some((d) => d === 0)) throw invalid('x.shape', shape, `non-empty apart from the batch axis for mode '${mode}'`);
  }
  return Array.from({ length: k }, (_, j) => {
    const i = k - 1 - j;
    return { n: shape[rank - k + j], left: pad[2 * i] as number, right: pad[2 * i + 1] as number };
  });
}

/** F.pad(x, pad, mode, value). */
export function pad(heap: Heap, x: TensorInput, padding: readonly number[], options?: PadOptions): Tensor {
  return call(heap, 'pad', (c) => {
    const o = padOptions('pad', options);
    const mode = choice('mode', o.mode, 'constant', MODES);
    const value = o.value ?? 0;
    if (typeof value !== 'number') throw invalid('value', value, 'a number');
    if (mode !== 'constant' && value !== 0) throw invalid('value', value, `left unset for mode '${mode}' (it has no fill value)`);
    const input = c.input(x, 'x');
    const shape = input.shape;
    const axes = padAxes(shape, padding, mode);
    const lengths = axes.map((a, j) => axisLength(mode, a, axes.length - 1 - j, padding));
    const lead = shape.slice(0, shape.length - axes.length);
    const y = c.output([...lead, ...lengths], 'float32', o.out);
    if (y.size === 0) return y;
    if (input.size === 0) {
      y.data.fill(value);
      return y;
    }
    // Unpadded axes fold into the leading block, or into an unpadded neighbour.
    let outer = lead.reduce((a, b) => a * b, 1);
    const kept: Axis[] = [];
    for (const a of axes) {
      const last = kept[kept.length - 1] as Axis | undefined;
      const unpadded = (b: Axis) => b.left === 0 && b.right === 0;
      if (unpadded(a) && last === undefined) outer *= a.n;
      else if (unpadded(a) && last !== undefined && unpadded(last)) last.n *= a.n;
      else kept.push({ ...a });
    }
    if (kept.length === 0) {
      kept.push({ n: outer, left: 0, right: 0 });
      outer = 1;
    }
    if (kept.length > MAX_AXES) throw invalid('pad', padding, `padding at most ${MAX_AXES} axes`);
    const fill = (v: number[], f: number) => [...v, ...Array<number>(MAX_AXES - v.length).fill(f)];
    c.kernel(PadArgs, {
      x: input.ptr, y: y.ptr, mode: MODES[mode], value, outer, axes: kept.length,
      input: fill(kept.map((a) => a.n), 1), output: fill(kept.map((a) => a.n + a.left + a.right), 1), left: fill(kept.map((a) => a.left), 0),
    });
    return y;
  });
}
