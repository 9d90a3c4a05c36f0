// `node examples/pooling.mjs` (after `npm run build`): the down- and
// up-sampling methods of this package on one small feature map:
// nearest decimation, max and average pooling, unpooling with the saved max
// positions versus upsampling by copying (PyTorch's nn.MaxUnpool2d), and the sub-pixel
// rearrangement of ESPCN (pixel shuffle).
import { init } from '../dist/index.js';

const rs = await init();
const show = (title, t) => {
  const [h, w] = t.shape.slice(-2);
  console.log(`${title} ${JSON.stringify(t.shape)}`);
  for (let i = 0; i < h; i++) console.log('  ' + Array.from(t.data.subarray(i * w, (i + 1) * w), (v) => String(+v.toFixed(2)).padStart(5)).join(''));
};

const x = rs.tensor([1, 1, 4, 4], [1, 2, 6, 3, 3, 5, 2, 1, 1, 2, 2, 1, 7, 3, 4, 8]);
show('input', x);

// Nearest decimation: keep every 2nd pixel.
const every2nd = rs.interpolate(x, { scaleFactor: 0.5, mode: 'nearest' });
show('nearest decimation (interpolate nearest, scaleFactor 1/2)', every2nd);

const avg = rs.avgPool2d(x, { kernelSize: 2 });
show('average pooling 2x2', avg);

const { values, indices } = rs.maxPool2d(x, { kernelSize: 2, returnIndices: true });
show('max pooling 2x2', values);
console.log(`  indices (flat within the 4x4 plane): ${Array.from(indices.data)}`);

// Unpooling puts each maximum back where it came from, zeros elsewhere...
const unpooled = rs.maxUnpool2d(values, indices, { kernelSize: 2 });
show('max unpooling (上池化)', unpooled);
// ...while upsampling copies each value over its whole block.
const copied = rs.interpolate(values, { scaleFactor: 2, mode: 'nearest' });
show('nearest upsampling (上采样)', copied);

// ESPCN: r² channels of a low-resolution map become one map r times larger.
const channels = rs.tensor([1, 4, 2, 2], Array.from({ length: 16 }, (_, i) => i));
const shuffled = rs.pixelShuffle(channels, 2);
show('pixel shuffle of 4 channels [0..3], [4..7], [8..11], [12..15]', shuffled);
const back = rs.pixelUnshuffle(shuffled, 2);
console.log(`pixel unshuffle restores the channels: ${Array.from(back.data).every((v, i) => v === channels.data[i])}`);

for (const t of [x, every2nd, avg, values, indices, unpooled, copied, channels, shuffled, back]) t.dispose();
console.log(rs.stats());
