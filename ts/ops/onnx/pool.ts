// MaxPool, AveragePool, LpPool, GlobalAveragePool, GlobalMaxPool: ONNX's
// attribute rules and output lengths, then one call into the crate's pool
// kernel (the one behind rs.maxPool2d etc.), whose record carries ONNX's
// begin and end pads and its whole-tensor Indices.
import { IndexOrder, PoolArgs, PoolOp } from '../../abi.js';
import { ResampleError, invalid, show } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import { autoPad as readAutoPad, samePadding } from './autoPad.js';
import type { AttributeKind, Node, OpVersion } from './node.js';

/** The windows on every spatial axis, as the kernel record takes them. */
interface Geometry {
  kernel: number[];
  strides: number[];
  dilations: number[];
  begin: number[];
  end: number[];
  out: number[];
}

/** A list attribute of one positive integer per spatial axis, or its default. */
function perAxis(node: Node, name: string, rank: number, fallback?: number): number[] {
  const v = node.intList(name) ?? (fallback === undefined ? undefined : Array<number>(rank).fill(fallback));
  if (v === undefined) throw invalid(`attribute ${name}`, v, `a list of ${rank} positive integers (one per spatial axis)`);
  if (v.length !== rank || v.some((k) => k < 1)) throw invalid(`attribute ${name}`, v, `${rank} positive integers (one per spatial axis of X)`);
  return v;
}

/**
 * ONNX's output lengths and pads. Explicit pads: ⌊ or ⌈(in + begin + end −
 * dilated kernel) / stride⌉ + 1, dropping a ceil-mode window that would
 * start in the end padding; VALID: no padding; SAME_*: ⌈in / stride⌉
 * outputs, the padding they need split with the odd one at the end (UPPER)
 * or the beginning (LOWER).
 */
function geometry(node: Node, spatial: readonly number[]): Geometry {
  const rank = spatial.length;
  const kernel = perAxis(node, 'kernel_shape', rank);
  const strides = perAxis(node, 'strides', rank, 1);
  const dilations = node.version.attributes.dilations ? perAxis(node, 'dilations', rank, 1) : Array<number>(rank).fill(1);
  const autoPad = readAutoPad(node);
  const ceil = node.flag('ceil_mode');
  const pads = node.intList('pads');
  if (pads !== undefined) {
    if (pads.length !== 2 * rank) throw invalid('attribute pads', pads, `${2 * rank} integers (begin and end of each of the ${rank} spatial axes)`);
    // onnxruntime's rule; the reference leaves windows inside the padding undefined.
    const bad = pads.findIndex((p, i) => p < 0 || p >= kernel[i % rank]);
    if (bad >= 0) throw invalid('attribute pads', pads, `non-negative and less than kernel_shape on each axis (pads[${bad}] = ${pads[bad]})`);
    if (autoPad !== 'NOTSET' && pads.some((p) => p !== 0)) throw invalid('attribute pads', pads, `absent with auto_pad ${show(autoPad)}`);
  }
  const extent = kernel.map((k, i) => (k - 1) * dilations[i] + 1);
  const begin = Array<number>(rank).fill(0);
  const end = Array<number>(rank).fill(0);
  const out = spatial.map((n, i) => {
    const s = strides[i];
    if (autoPad === 'VALID') return Math.floor((n - extent[i]) / s) + 1;
    if (autoPad !== 'NOTSET') {
      const same = samePadding(n, s, extent[i], autoPad);
      [begin[i], end[i]] = [same.begin, same.end];
      return same.out;
    }
    [begin[i], end[i]] = pads === undefined ? [0, 0] : [pads[i], pads[i + rank]];
    const span = n + begin[i] + end[i] - extent[i];
    let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
    if (ceil && (o - 1) * s >= n + begin[i]) o--;
    return o;
  });
  const empty = out.findIndex((o) => o < 1);
  if (empty >= 0) {
    throw new ResampleError('INVALID_ARGUMENT', `kernel_shape ${show(kernel)} (dilations ${show(dilations)}, pads ${begin[empty]} and ${end[empty]}) is larger than spatial axis ${empty} of X.shape: the output would be empty`);
  }
  return { kernel, strides, dilations, begin, end, out };
}

/** X as [N, C, ...spatial] with `most` spatial axes at most. */
function spatialOf(x: Tensor, most: number): number[] {
  const spatial = x.shape.slice(2);
  if (spatial.length < 1 || spatial.length > most || spatial.includes(0)) {
    throw invalid('X.shape', x.shape, `[N, C, D1, ...] with ${most === Infinity ? 'at least 1' : `1 to ${most}`} non-empty spatial axes`);
  }
  return spatial;
}

interface Pooling {
  op: number;
  countIncludePad?: boolean;
  norm?: number;
  /** Indices: 0 none, else 1 + storage_order. */
  indices?: number;
}

/**
 * Runs the kernel from `x` into `y` (and `ix`) over x's N·C planes, each of
 * `input` (1 to 3 axes) positions of `lane` interleaved values, with `g`'s windows.
 */
function kernel(node: Node, x: Tensor, y: Tensor, ix: Tensor | undefined, input: readonly number[], g: Geometry, p: Pooling, lane = 1, planes = x.shape[0] * x.shape[1]): void {
  const lead = 3 - input.length;
  const three = (v: readonly number[], fill: number) => [...Array<number>(lead).fill(fill), ...v];
  node.c.kernel(PoolArgs, {
    x: x.ptr, y: y.ptr, indices: ix?.ptr ?? 0, op: p.op, countIncludePad: p.countIncludePad ?? false, divisor: 0,
    planes, lane, input: three(input, 1), output: three(g.out, 1),
    kernel: three(g.kernel, 1), stride: three(g.strides, 1), padding: three(g.begin, 0), paddingEnd: three(g.end, 0),
    dilation: three(g.dilations, 1), samples: 0, rank: 0,
    indexOrder: p.indices === 2 ? IndexOrder.ColumnMajor : IndexOrder.RowMajor, norm: p.norm ?? 0,
  });
}

/** Y = the pool of X's N·C planes with `g`'s windows, and Indices if asked. */
function pool(node: Node, x: Tensor, spatial: readonly number[], g: Geometry, p: Pooling): Tensor[] {
  const shape = [x.shape[0], x.shape[1], ...g.out];
  const y = node.c.output(shape, 'float32', undefined);
  const ix = p.indices ? node.c.output(shape, 'int32', undefined) : undefined;
  kernel(node, x, y, ix, spatial, g, p);
  return ix ? [y, ix] : [y];
}

const product = (v: readonly number[]) => v.reduce((a, b) => a * b, 1);

/** The axes `from` to `to` of `g`. */
const axes = (g: Geometry, from: number, to: number): Geometry => ({
  kernel: g.kernel.slice(from, to), strides: g.strides.slice(from, to), dilations: g.dilations.slice(from, to),
  begin: g.begin.slice(from, to), end: g.end.slice(from, to), out: g.out.slice(from, to),
});

/**
 * AveragePool and LpPool over 4 to 6 spatial axes: a window is a box whose
 * divisor is a product over its axes, so pooling the last 3 axes (the
 * others folded into the planes) and then the others (the first pass's
 * results interleaved as lanes, the channels-last walk) is the same pool.
 */
function poolBoxes(node: Node, x: Tensor, spatial: readonly number[], g: Geometry, p: Pooling): Tensor[] {
  if (spatial.length <= 3) return pool(node, x, spatial, g, p);
  const head = spatial.length - 3;
  const [n, ch] = x.shape;
  const mid = node.c.scratch([n, ch, ...spatial.slice(0, head), ...g.out.slice(head)], 'float32');
  kernel(node, x, mid, undefined, spatial.slice(head), axes(g, head, spatial.length), p, 1, n * ch * product(spatial.slice(0, head)));
  const y = node.c.output([n, ch, ...g.out], 'float32', undefined);
  kernel(node, mid, y, undefined, spatial.slice(0, head), axes(g, 0, head), p, product(g.out.slice(head)));
  return [y];
}

function maxPool(node: Node): Tensor[] {
  const x = node.tensor(0);
  const spatial = spatialOf(x, 3);
  const g = geometry(node, spatial);
  const indexed = node.version.outputs !== undefined;
  const order = indexed ? node.int('storage_order', 0) : 0;
  if (order !== 0 && order !== 1) throw invalid('attribute storage_order', order, '0 (row major) or 1 (column major)');
  return pool(node, x, spatial, g, { op: PoolOp.Max, indices: node.outputs > 1 ? 1 + order : 0 });
}

function averagePool(node: Node): Tensor[] {
  const x = node.tensor(0);
  const spatial = spatialOf(x, 6);
  const g = geometry(node, spatial);
  return poolBoxes(node, x, spatial, g, { op: PoolOp.Avg, countIncludePad: node.flag('count_include_pad') });
}

function lpPool(node: Node): Tensor[] {
  const x = node.tensor(0);
  const spatial = spatialOf(x, 6);
  const g = geometry(node, spatial);
  // LpPool-1's p is a float, later versions' an integer.
  const p = node.version.attributes.p === 'float' ? node.float('p', 2) : node.int('p', 2);
  if (!Number.isFinite(p) || p === 0) throw invalid('attribute p', p, 'a non-zero finite number');
  return poolBoxes(node, x, spatial, g, { op: PoolOp.LpAbs, norm: p });
}

/** One window over a whole axis of `length`. */
const whole = (length: number): Geometry => ({ kernel: [length], strides: [length], dilations: [1], begin: [0], end: [0], out: [1] });

/**
 * Global pools: every plane's spatial axes, of any number, as one axis of
 * L = r·q positions (q its smallest factor from √L up). One window over all
 * of it would fold one position at a time; instead the kernel first pools
 * the plane as r positions of q interleaved values (the channels-last walk:
 * each of the r rows folded into q results, four per vector), then the q
 * results. The max is exact either way; the mean is the mean of the
 * column means.
 */
function globalPool(node: Node, op: number): Tensor[] {
  const x = node.tensor(0);
  const spatial = spatialOf(x, Infinity);
  const [n, ch] = x.shape;
  const length = product(spatial);
  let q = Math.ceil(Math.sqrt(length));
  while (length % q) q++;
  const y = node.c.output([n, ch, ...spatial.map(() => 1)], 'float32', undefined);
  if (q === length) {
    kernel(node, x, y, undefined, [length], whole(length), { op });
    return [y];
  }
  const columns = node.c.scratch([n, ch, q], 'float32');
  kernel(node, x, columns, undefined, [length / q], whole(length / q), { op }, q);
  kernel(node, columns, y, undefined, [q], whole(q), { op });
  return [y];
}

const WINDOW: Record<string, AttributeKind> = { auto_pad: 'string', kernel_shape: 'ints', pads: 'ints', strides: 'ints' };

function windowed(since: number, attributes: Record<string, AttributeKind>, run: (node: Node) => Tensor[], outputs?: string[]): OpVersion {
  return { since, attributes: { ...WINDOW, ...attributes }, inputs: ['X'], ...(outputs ? { outputs } : {}), run: (_, node) => run(node) };
}

const MAX_10 = { storage_order: 'int', ceil_mode: 'int', dilations: 'ints' } as const;
const AVG_10 = { count_include_pad: 'int', ceil_mode: 'int' } as const;
const LP_18 = { p: 'int', ceil_mode: 'int', dilations: 'ints' } as const;
const Y_INDICES = ['Y', 'Indices'];
const globalVersions = (op: number): OpVersion[] => [1, 22].map((since) => ({ since, attributes: {}, inputs: ['X'], run: (_, node) => globalPool(node, op) }));

export const poolOperators: Record<string, OpVersion[]> = {
  MaxPool: [
    windowed(1, {}, maxPool),
    windowed(8, { storage_order: 'int' }, maxPool, Y_INDICES),
    ...[10, 11, 12, 22].map((since) => windowed(since, MAX_10, maxPool, Y_INDICES)),
  ],
  AveragePool: [
    windowed(1, {}, averagePool),
    windowed(7, { count_include_pad: 'int' }, averagePool),
    ...[10, 11].map((since) => windowed(since, AVG_10, averagePool)),
    ...[19, 22].map((since) => windowed(since, { ...AVG_10, dilations: 'ints' }, averagePool)),
  ],
  LpPool: [
    windowed(1, { p: 'float' }, lpPool),
    ...[2, 11].map((since) => windowed(since, { p: 'int' }, lpPool)),
    ...[18, 22].map((since) => windowed(since, LP_18, lpPool)),
  ],
  GlobalAveragePool: globalVersions(PoolOp.Avg),
  GlobalMaxPool: globalVersions(PoolOp.Max),
};
