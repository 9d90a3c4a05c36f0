// DepthToSpace and SpaceToDepth: the pixel_shuffle kernel, whose small
// side's channels it reads in CRD order (PyTorch's) or, with blocksOuter,
// in DCR order (ONNX's default).
import { PixelShuffleArgs } from '../../abi.js';
import { ResampleError, invalid, show } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import type { Node, OpVersion } from './node.js';

type Mode = 'DCR' | 'CRD';

/** One rearrangement: `toSpace` is DepthToSpace; `modes` the versions' choices (DCR only without a mode attribute). */
function rearrange(node: Node, toSpace: boolean, modes: readonly Mode[]): Tensor[] {
  const x = node.tensor(0);
  const r = node.int('blocksize');
  if (r === undefined || r < 1) throw invalid('attribute blocksize', r, 'a positive integer');
  const mode = modes.length > 1 ? node.string('mode', 'DCR', modes) : 'DCR';
  if (x.shape.length !== 4) throw invalid('input.shape', x.shape, 'of rank 4 ([N, C, H, W])');
  const [n, ch, h, w] = x.shape;
  const fail = (what: string) => new ResampleError('INVALID_ARGUMENT', `input.shape ${show(x.shape)} has ${what}`);
  if (toSpace && ch % (r * r)) throw fail(`C = ${ch}, not divisible by blocksize² = ${r * r}`);
  if (!toSpace && (h % r || w % r)) throw fail(`H = ${h}, W = ${w}, not both divisible by blocksize ${r}`);
  const channels = toSpace ? ch / (r * r) : ch;
  const [sh, sw] = toSpace ? [h, w] : [h / r, w / r];
  const y = node.c.output(toSpace ? [n, channels, h * r, w * r] : [n, ch * r * r, sh, sw], 'float32', undefined);
  const args = { x: x.ptr, y: y.ptr, unshuffle: !toSpace, batch: n, channels, channelsLast: false, blocksOuter: mode === 'DCR', factor: r, height: sh, width: sw };
  node.c.kernel(PixelShuffleArgs, args);
  return [y];
}

const version = (since: number, toSpace: boolean, modes: readonly Mode[]): OpVersion => ({
  since,
  attributes: modes.length > 1 ? { blocksize: 'int', mode: 'string' } : { blocksize: 'int' },
  inputs: ['input'],
  run: (_, node) => rearrange(node, toSpace, modes),
});

const BOTH: readonly Mode[] = ['DCR', 'CRD'];

export const layoutOperators: Record<string, OpVersion[]> = {
  DepthToSpace: [version(1, true, ['DCR']), version(11, true, BOTH), version(13, true, BOTH), version(28, true, BOTH)],
  SpaceToDepth: [version(1, false, ['DCR']), version(13, false, ['DCR']), version(28, false, BOTH)],
};
