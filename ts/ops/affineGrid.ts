// F.affine_grid: the sampling grid of a batch of affine maps, for gridSample.
import { AffineGridArgs } from '../abi.js';
import { call, isPositiveInt, optionalBool } from '../args.js';
import { invalid, show } from '../errors.js';
import { declareOptions } from '../options.js';
import type { Heap, Tensor, TensorInput } from '../tensor.js';

/** Options of `rs.affineGrid`, as F.affine_grid's. */
export interface AffineGridOptions {
  /** −1 and 1 are the corner pixels' centres (true) or their outer edges (false, the default); use the same value in gridSample. */
  alignCorners?: boolean | undefined;
  /** Write into this float32 tensor of the context (the output's shape, not an input) and return it. Default: a new tensor. */
  out?: Tensor | undefined;
}

const affineGridOptions = declareOptions<AffineGridOptions>(['affineGrid'], { alignCorners: true, out: true });

export function affineGrid(heap: Heap, theta: TensorInput, size: readonly number[], options?: AffineGridOptions): Tensor {
  return call(heap, 'affineGrid', (c) => {
    const o = affineGridOptions('affineGrid', options);
    const t = c.input(theta, 'theta');
    const alignCorners = optionalBool('alignCorners', o.alignCorners) ?? false;
    if (!Array.isArray(size) || (size.length !== 4 && size.length !== 5) || !size.every(isPositiveInt)) {
      throw invalid('size', size, 'an array of 4 or 5 positive integers ([N, C, H, W] or [N, C, D, H, W])');
    }
    const rank = size.length - 2;
    const ts = t.shape;
    if (ts.length !== 3 || ts[0] !== size[0] || ts[1] !== rank || ts[2] !== rank + 1) {
      throw invalid('theta.shape', ts, `[${size[0]}, ${rank}, ${rank + 1}] for size ${show(size)}`);
    }
    const spatial = size.slice(2);
    const grid = c.output([size[0], ...spatial, rank], 'float32', o.out);
    c.kernel(AffineGridArgs, { theta: t.ptr, grid: grid.ptr, alignCorners, rank, batch: size[0], size: [...Array(3 - rank).fill(1), ...spatial] });
    return grid;
  });
}
