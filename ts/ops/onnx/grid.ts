// ONNX GridSample (16, 20, 22) and AffineGrid (20) on the project's
// grid_sample and affine_grid kernels. GridSample runs with the kernel's
// ONNX rule, where the reference differs from F.grid_sample: nearest rounds
// before padding, cubic pads a point outside the borders before its taps.
import { AffineGridArgs, GridMode, GridPadding, GridRule, GridSampleArgs } from '../../abi.js';
import { invalid, show } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import type { Node, OpVersion } from './node.js';

const PADDINGS = { zeros: GridPadding.Zeros, border: GridPadding.Border, reflection: GridPadding.Reflection } as const;
const MODES_16 = { bilinear: GridMode.Bilinear, nearest: GridMode.Nearest, bicubic: GridMode.Bicubic } as const;
const MODES_20 = { linear: GridMode.Bilinear, nearest: GridMode.Nearest, cubic: GridMode.Bicubic } as const;

/** D, H, W with D (and H) = 1 for fewer spatial axes, as the kernels take them. */
const dhw = (spatial: readonly number[]): number[] => [...Array<number>(3 - spatial.length).fill(1), ...spatial];

function gridSample(node: Node, modes: Record<string, number>, fallback: string, ranks: readonly number[]): Tensor[] {
  const { c } = node;
  const mode = node.string('mode', fallback, Object.keys(modes));
  const padding = PADDINGS[node.string('padding_mode', 'zeros', ['zeros', 'border', 'reflection'])];
  const align = node.flag('align_corners');
  const x = node.tensor(0);
  const grid = node.tensor(1);
  const shape = x.shape;
  const rank = shape.length - 2;
  if (!ranks.includes(rank)) {
    throw invalid('X.shape', shape, ranks.length === 1 ? 'of rank 4 (N, C, H, W) in version 16' : 'of rank 3, 4 or 5 (N, C, W or N, C, H, W or N, C, D, H, W)');
  }
  if (shape.slice(2).some((d) => d === 0)) throw invalid('X.shape', shape, 'non-empty in its spatial dimensions');
  const gs = grid.shape;
  if (gs.length !== rank + 2 || gs[0] !== shape[0] || gs[rank + 1] !== rank) {
    throw invalid('grid.shape', gs, `[${shape[0]}, ${['W_out', 'H_out, W_out', 'D_out, H_out, W_out'][rank - 1]}, ${rank}] for X.shape ${show(shape)}`);
  }
  const outSize = gs.slice(1, rank + 1);
  const y = c.output([shape[0], shape[1], ...outSize], 'float32', undefined);
  // 1-D runs as 2-D of height 1, sampled at y = 0: that row's centre, weight 1 exactly in every mode.
  const points = rank === 1 ? c.scratch([gs[0], gs[1], 2], 'float32') : grid;
  if (rank === 1) {
    const [from, to] = [grid.data, points.data];
    for (let i = 0; i < from.length; i++) [to[2 * i], to[2 * i + 1]] = [from[i], 0];
  }
  c.kernel(GridSampleArgs, {
    x: x.ptr, grid: points.ptr, y: y.ptr, mode: modes[mode], padding, rule: GridRule.Onnx, alignCorners: align, rank: Math.max(rank, 2),
    batch: shape[0], channels: shape[1], input: dhw(shape.slice(2)), output: dhw(outSize),
  });
  return [y];
}

function affineGrid(node: Node): Tensor[] {
  const { c } = node;
  const align = node.flag('align_corners');
  const theta = node.tensor(0);
  const size = node.ints(1) ?? [];
  if ((size.length !== 4 && size.length !== 5) || !size.every((d) => d > 0)) {
    throw invalid('size', size, '4 or 5 positive integers (N, C, H, W or N, C, D, H, W)');
  }
  const rank = size.length - 2;
  const ts = theta.shape;
  if (ts.length !== 3 || ts[0] !== size[0] || ts[1] !== rank || ts[2] !== rank + 1) {
    throw invalid('theta.shape', ts, `[${size[0]}, ${rank}, ${rank + 1}] for size ${show(size)}`);
  }
  const spatial = size.slice(2);
  const grid = c.output([size[0], ...spatial, rank], 'float32', undefined);
  c.kernel(AffineGridArgs, { theta: theta.ptr, grid: grid.ptr, alignCorners: align, rank, batch: size[0], size: dhw(spatial) });
  return [grid];
}

const SAMPLE = { mode: 'string', padding_mode: 'string', align_corners: 'int' } as const;

export const gridOperators: Record<string, OpVersion[]> = {
  GridSample: [
    { since: 16, attributes: SAMPLE, inputs: ['X', 'grid'], run: (_, node) => gridSample(node, MODES_16, 'bilinear', [2]) },
    { since: 20, attributes: SAMPLE, inputs: ['X', 'grid'], run: (_, node) => gridSample(node, MODES_20, 'linear', [1, 2, 3]) },
    { since: 22, attributes: SAMPLE, inputs: ['X', 'grid'], run: (_, node) => gridSample(node, MODES_20, 'linear', [1, 2, 3]) },
  ],
  AffineGrid: [{ since: 20, attributes: { align_corners: 'int' }, inputs: ['theta', 'size'], run: (_, node) => affineGrid(node) }],
};
