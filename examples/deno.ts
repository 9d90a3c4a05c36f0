// Run with: deno run --allow-read examples/deno.ts  (after `npm run build`)
// The same package, unchanged, under Deno: upsample a 2x2 tensor as PyTorch's nn.Upsample example does.
import { init } from '../dist/index.js';

const rs = await init();
{
  // `using` frees the tensors in linear memory at the end of the block.
  using x = rs.tensor([1, 1, 2, 2], [1, 2, 3, 4]);
  for (const alignCorners of [false, true]) {
    using y = rs.interpolate(x, { scaleFactor: 2, mode: 'bilinear', alignCorners });
    console.log(`bilinear x2, alignCorners=${alignCorners}`);
    for (let r = 0; r < 4; r++) console.log('  ' + Array.from(y.data.subarray(r * 4, r * 4 + 4), (v) => v.toFixed(4)).join('  '));
  }
}
console.log('live tensors:', rs.stats().liveTensors);
