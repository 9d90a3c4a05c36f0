// F.grid_sample: PyTorch's argument rules, then one call into the crate,
// which follows ATen's CPU kernels (4-D: the vectorized one, 5-D: the scalar loop).
import { GridMode, GridPadding, GridRule, GridSampleArgs } from '../abi.js';
import { call, choice, optionalBool } from '../args.js';
import { invalid, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';

/** Options of `rs.gridSample`, as F.grid_sample's. */
export interface GridSampleOptions {
  /** Default 'bilinear' (trilinear on 5-D input); 'bicubic' needs a 4-D input. */
  mode?: 'bilinear' | 'nearest' | 'bicubic' | undefined;
  /** What points outside the input read: 'zeros' (default), the nearest 'border' pixel, or the input mirrored ('reflection'). */
  paddingMode?: 'zeros' | 'border' | 'reflection' | undefined;
  /** −1 and 1 are the corner pixels' centres (true) or their outer edges (false, the default). */
  alignCorners?: boolean | undefined;
  /** Write into this float32 tensor of the context (the output's shape, not an input) and return it. Default: a new tensor. */
  out?: Tensor | undefined;
}

const gridSampleOptions = declareOptions<GridSampleOptions>(['gridSample'], { mode: true, paddingMode: true, alignCorners: true, out: true });

const MODES = { bilinear: GridMode.Bilinear, nearest: GridMode.Nearest, bicubic: GridMode.Bicubic } as const;
const PADDINGS = { zeros: GridPadding.Zeros, border: GridPadding.Border, reflection: GridPadding.Reflection } as const;

export function gridSample(heap: Heap, x: TensorInput, grid: TensorInput, options?: GridSampleOptions): Tensor {
  return call(heap, 'gridSample', (c) => {
    const o = gridSampleOptions('gridSample', options);
    const input = c.input(x, 'x');
    const g = c.input(grid, 'grid');
    const mode = MODES[choice('mode', o.mode, 'bilinear', MODES)];
    const padding = PADDINGS[choice('paddingMode', o.paddingMode, 'zeros', PADDINGS)];
    const alignCorners = optionalBool('alignCorners', o.alignCorners) ?? false;
    const shape = input.shape;
    const rank = shape.length - 2;
    if (rank !== 2 && rank !== 3) throw invalid('x.shape', shape, 'of rank 4 or 5 ([N, C, H, W] or [N, C, D, H, W])');
    if (mode === GridMode.Bicubic && rank !== 2) throw invalid('mode', o.mode, `'bilinear' or 'nearest' with a 5-D input ('bicubic' needs a 4-D one)`);
    const inSize = shape.slice(2);
    if (inSize.some((d) => d === 0)) throw invalid('x.shape', shape, 'non-empty in its spatial dimensions');
    const gs = g.shape;
    const expected = `[${shape[0]}, ${rank === 2 ? 'Ho, Wo' : 'Do, Ho, Wo'}, ${rank}] for x.shape ${show(shape)}`;
    if (gs.length !== rank + 2 || gs[0] !== shape[0] || gs[rank + 1] !== rank) throw invalid('grid.shape', gs, expected);
    const outSize = gs.slice(1, rank + 1);
    const y = c.output([shape[0], shape[1], ...outSize], 'float32', o.out);
    const pad = (v: readonly number[]) => [...Array(3 - rank).fill(1), ...v];
    c.kernel(GridSampleArgs, {
      x: input.ptr, grid: g.ptr, y: y.ptr, mode, padding, rule: GridRule.PyTorch, alignCorners, rank,
      batch: shape[0], channels: shape[1], input: pad(inSize), output: pad(outSize),
    });
    return y;
  });
}
