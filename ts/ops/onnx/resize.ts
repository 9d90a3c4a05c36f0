// ONNX Resize (versions 10, 11, 13, 18, 19) and Upsample (7, 9, 10): ONNX's
// argument rules and output sizes, then one call into crate/src/onnx/resize,
// whose tables run on interpolate's engine. Output sizes and the per-axis
// scale follow onnx's reference implementation (op_resize.py) in float64.
import { OnnxResizeArgs, ResizeCoordinate as Coordinate, ResizeMode as Mode, ResizeNearest as Nearest } from '../../abi.js';
import type { Call } from '../../args.js';
import { ResampleError, invalid } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import type { AttributeKind, Node, OpVersion } from './node.js';

/** Axes the kernel's argument block carries once unresized neighbours are merged. */
const MAX_AXES = 8;

type CoordinateName = 'half_pixel' | 'half_pixel_symmetric' | 'pytorch_half_pixel' | 'align_corners' | 'asymmetric' | 'tf_crop_and_resize' | 'tf_half_pixel_for_nn';
type NearestName = 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil';

const COORDINATES: Record<CoordinateName, number> = {
  half_pixel: Coordinate.HalfPixel,
  half_pixel_symmetric: Coordinate.HalfPixelSymmetric,
  pytorch_half_pixel: Coordinate.PytorchHalfPixel,
  align_corners: Coordinate.AlignCorners,
  asymmetric: Coordinate.Asymmetric,
  tf_crop_and_resize: Coordinate.TfCropAndResize,
  tf_half_pixel_for_nn: Coordinate.TfHalfPixelForNn,
};
const NEAREST: Record<NearestName, number> = {
  round_prefer_floor: Nearest.RoundPreferFloor,
  round_prefer_ceil: Nearest.RoundPreferCeil,
  floor: Nearest.Floor,
  ceil: Nearest.Ceil,
};
const MODES = { nearest: Mode.Nearest, linear: Mode.Linear, cubic: Mode.Cubic } as const;

/** What the kernel needs besides the sizes. */
interface Rules {
  mode: number;
  coordinate: number;
  nearest: number;
  cubicA: number;
  excludeOutside: boolean;
  antialias: boolean;
  extrapolation: number;
}

/** Per axis of X: output length, the scale of the coordinate rules, and roi (start, end) where given. */
interface Sizes {
  out: number[];
  scale: number[];
  roi: [number, number][] | undefined;
}

/** Python's math.isclose with its default relative tolerance, as the reference skips an axis. */
const isClose = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/** Resizes `x`: axes whose mapping the reference skips are copied, merged with their unresized neighbours. */
function resize(c: Call, x: Tensor, rules: Rules, { out, scale, roi }: Sizes): Tensor[] {
  const y = c.output(out, 'float32', undefined);
  if (y.size === 0) return [y];
  const shape = x.shape;
  if (shape.some((d) => d === 0)) throw invalid('X.shape', shape, 'non-empty when the output is (nothing to resize from)');
  const copied = shape.map((d, k) => isClose(scale[k], 1) && out[k] === d && (roi === undefined || (roi[k][0] === 0 && isClose(roi[k][1], 1))));
  const first = copied.indexOf(false);
  const last = copied.lastIndexOf(false);
  const product = (from: number, to: number) => shape.slice(from, to).reduce((a, b) => a * b, 1);
  const axes: { input: number; output: number; scale: number; roi: [number, number] }[] = [];
  for (let k = first; first >= 0 && k <= last; k++) {
    const prev = axes[axes.length - 1];
    if (copied[k] && prev !== undefined && prev.scale === 0) {
      prev.input *= shape[k];
      prev.output = prev.input;
    } else {
      axes.push({ input: shape[k], output: copied[k] ? shape[k] : out[k], scale: copied[k] ? 0 : scale[k], roi: roi?.[k] ?? [0, 1] });
    }
  }
  if (axes.length > MAX_AXES) throw invalid('X.shape', shape, `resized on at most ${MAX_AXES} axes once the axes left unchanged between them are merged`);
  const pad = (v: number[], f: number) => [...v, ...Array<number>(MAX_AXES - v.length).fill(f)];
  c.kernel(OnnxResizeArgs, {
    x: x.ptr, y: y.ptr, ...rules, planes: first < 0 ? x.size : product(0, first), lane: first < 0 ? 1 : product(last + 1, shape.length), rank: axes.length,
    input: pad(axes.map((a) => a.input), 1), output: pad(axes.map((a) => a.output), 1), scale: pad(axes.map((a) => a.scale), 0),
    roiStart: pad(axes.map((a) => a.roi[0]), 0), roiEnd: pad(axes.map((a) => a.roi[1]), 1),
  });
  return [y];
}

/** Resize-10 and Upsample: a scale per axis (Upsample's at least 1), asymmetric coordinates, floor or ceil for nearest. */
function legacy(c: Call, node: Node, scales: number[] | undefined, atLeastOne: boolean): Tensor[] {
  const x = node.tensor(0);
  const mode = node.string('mode', 'nearest', ['nearest', 'linear']);
  const rank = x.shape.length;
  const name = node.version.attributes.scales === undefined ? 'input scales' : 'attribute scales';
  if (scales === undefined || scales.length !== rank || !scales.every((s) => Number.isFinite(s) && s >= (atLeastOne ? 1 : 0) && s > 0)) {
    throw invalid(name, scales, `${rank} ${atLeastOne ? 'numbers of at least 1' : 'positive numbers'}, one per axis of X`);
  }
  const rules = { mode: MODES[mode], coordinate: Coordinate.Asymmetric, nearest: Nearest.Legacy, cubicA: -0.75, excludeOutside: false, antialias: false, extrapolation: 0 };
  return resize(c, x, rules, { out: x.shape.map((d, k) => Math.floor(d * scales[k])), scale: scales, roi: undefined });
}

/** Resize-11 and later: attributes, then scales or sizes (with axes and keep_aspect_ratio_policy from 18). */
function modern(c: Call, node: Node): Tensor[] {
  const x = node.tensor(0);
  const v = node.version;
  const mode = node.string('mode', 'nearest', ['nearest', 'linear', 'cubic']);
  const coordinates = (Object.keys(COORDINATES) as CoordinateName[]).filter((m) => (m !== 'tf_half_pixel_for_nn' || v.since < 13) && (m !== 'half_pixel_symmetric' || v.since >= 19));
  const coordinate = node.string('coordinate_transformation_mode', 'half_pixel', coordinates);
  const nearest = node.string('nearest_mode', 'round_prefer_floor', Object.keys(NEAREST) as NearestName[]);
  const antialias = node.flag('antialias');
  if (antialias && mode === 'nearest') throw invalid('attribute antialias', 1, "0 with mode 'nearest' (only linear and cubic filter)");
  const rules: Rules = {
    mode: MODES[mode], coordinate: COORDINATES[coordinate], nearest: NEAREST[nearest], cubicA: node.float('cubic_coeff_a', -0.75),
    excludeOutside: node.flag('exclude_outside'), antialias, extrapolation: node.float('extrapolation_value', 0),
  };
  return resize(c, x, rules, sizes(node, x.shape, coordinate === 'tf_crop_and_resize'));
}

/** The axes that roi, scales and sizes name (attribute axes from Resize-18), normalised and checked. */
function resizedAxes(node: Node, rank: number): number[] {
  const axes = node.version.attributes.axes === undefined ? undefined : node.intList('axes');
  if (axes === undefined) return [...Array(rank).keys()];
  const normal = axes.map((a) => (a < 0 ? a + rank : a));
  if (!normal.every((a) => a >= 0 && a < rank) || new Set(normal).size !== normal.length) {
    throw invalid('attribute axes', axes, `distinct axes of X, each from ${-rank} to ${rank - 1}`);
  }
  return normal;
}

/** Output lengths and scales per axis of X from the scales or sizes input, and the roi. */
function sizes(node: Node, shape: readonly number[], cropping: boolean): Sizes {
  const rank = shape.length;
  const axes = resizedAxes(node, rank);
  const n = axes.length;
  const given = (i: number, read: (i: number) => number[] | undefined) => {
    const v = node.has(i) ? read(i) : undefined;
    return v !== undefined && v.length > 0 ? v : undefined;
  };
  const roiIn = given(1, (i) => node.floats(i));
  const scalesIn = given(2, (i) => node.floats(i));
  const sizesIn = given(3, (i) => node.ints(i));
  const what = n === rank ? `${n}, the rank of X` : `${n}, the length of axes`;
  let roi: [number, number][] | undefined;
  if (roiIn !== undefined) {
    if (roiIn.length !== 2 * n || !roiIn.every(Number.isFinite)) throw invalid('input roi', roiIn, `${2 * n} finite numbers (starts then ends; twice ${what})`);
    roi = shape.map(() => [0, 1]);
    axes.forEach((a, i) => (roi![a] = [roiIn[i], roiIn[n + i]]));
  } else if (cropping) {
    throw new ResampleError('INVALID_ARGUMENT', "input roi is required with coordinate_transformation_mode 'tf_crop_and_resize'");
  }
  if (scalesIn !== undefined && sizesIn !== undefined) throw invalid('input sizes', sizesIn, 'empty or left out when scales is given (one of scales and sizes)');
  if (scalesIn !== undefined) {
    if (scalesIn.length !== n || !scalesIn.every((s) => Number.isFinite(s) && s > 0)) throw invalid('input scales', scalesIn, `${what} positive numbers`);
    const scale = shape.map(() => 1);
    axes.forEach((a, i) => (scale[a] = scalesIn[i]));
    return { out: shape.map((d, k) => Math.floor(d * scale[k])), scale, roi };
  }
  if (sizesIn === undefined) throw new ResampleError('INVALID_ARGUMENT', 'input scales or input sizes is required (a non-empty one of them)');
  if (sizesIn.length !== n || !sizesIn.every((s) => s >= 0)) throw invalid('input sizes', sizesIn, `${what} non-negative integers`);
  const policy = node.version.attributes.keep_aspect_ratio_policy === undefined ? 'stretch' : node.string('keep_aspect_ratio_policy', 'stretch', ['stretch', 'not_larger', 'not_smaller']);
  const out = [...shape];
  const scale = shape.map(() => 1);
  axes.forEach((a, i) => ((out[a] = sizesIn[i]), (scale[a] = sizesIn[i] / shape[a])));
  if (policy !== 'stretch') {
    const ratios = axes.map((a) => scale[a]);
    const s = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
    for (const a of axes) {
      scale[a] = s;
      out[a] = Math.trunc(s * shape[a] + 0.5);
    }
  }
  return { out, scale, roi };
}

const RESIZE_11: Record<string, AttributeKind> = {
  mode: 'string', coordinate_transformation_mode: 'string', cubic_coeff_a: 'float', exclude_outside: 'int', extrapolation_value: 'float', nearest_mode: 'string',
};
const RESIZE_18: Record<string, AttributeKind> = { ...RESIZE_11, antialias: 'int', axes: 'ints', keep_aspect_ratio_policy: 'string' };
const upsample9 = (c: Call, node: Node) => legacy(c, node, node.floats(1), true);

export const resizeOperators: Record<string, OpVersion[]> = {
  Resize: [
    { since: 10, attributes: { mode: 'string' }, inputs: ['X', 'scales'], run: (c, node) => legacy(c, node, node.floats(1), false) },
    { since: 11, attributes: RESIZE_11, inputs: ['X', 'roi', 'scales', 'sizes?'], run: modern },
    { since: 13, attributes: RESIZE_11, inputs: ['X', 'roi?', 'scales?', 'sizes?'], run: modern },
    { since: 18, attributes: RESIZE_18, inputs: ['X', 'roi?', 'scales?', 'sizes?'], run: modern },
    { since: 19, attributes: RESIZE_18, inputs: ['X', 'roi?', 'scales?', 'sizes?'], run: modern },
  ],
  Upsample: [
    { since: 7, attributes: { mode: 'string', scales: 'floats' }, inputs: ['X'], run: (c, node) => legacy(c, node, node.floatList('scales'), true) },
    { since: 9, attributes: { mode: 'string' }, inputs: ['X', 'scales'], run: upsample9 },
    { since: 10, attributes: { mode: 'string' }, inputs: ['X', 'scales'], run: upsample9 },
  ],
};
