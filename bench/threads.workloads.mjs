// The workloads of the threads benches, one list for Node (threads.bench.mjs)
// and Chromium (threads-browser.bench.mjs, threads.page.mjs). `ours(rs)`
// makes the inputs resident in a context and returns the timed call; each
// peer does the same work in another library, given its module with its
// threads already set; a host without that library reports the peer as not
// run there. Nothing here needs Node: the page imports this file as it is.
import { photo } from '../examples/images.mjs';
import { convModel, resizeModel } from '../test/onnx.mjs';

const seeded = (n, seed) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.618 + seed) * 0.5);
const count = (shape) => shape.reduce((a, b) => a * b);
let picture;
/** W1's input, made once (it takes a second or two) however many contexts and peers use it. */
const uhd = () => (picture ??= photo(3840, 2160, { seed: 7 }));

/** onnxruntime-web: session.run from a JS Float32Array (it copies the input in and the output out). */
async function ortRun(ort, model, x, xData) {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  const feeds = { x: new ort.Tensor('float32', xData, x) };
  return () => session.run(feeds);
}

/**
 * tfjs-backend-wasm: NHWC (its only layout), input resident, output disposed
 * unread. Its threads reach the ops it hands XNNPACK with its thread pool:
 * conv2d here; in its sources conv2dTranspose (Conv2DBackpropInput) is a
 * plain loop and resizeBilinear gives XNNPACK no pool, so one thread.
 */
function tfjsRun(tf, x, xData, op) {
  const xt = tf.transpose(tf.tensor4d(xData, x), [0, 2, 3, 1]);
  return () => tf.dispose(op(xt));
}

/** conv2d / convTranspose2d, stride 2, padding 1. */
function conv(name, { transposed, x, w }) {
  const xData = seeded(count(x), 1);
  const wData = seeded(count(w), 2);
  const op = transposed ? 'convTranspose2d' : 'conv2d';
  return {
    name,
    ours: (rs) => {
      const [xt, wt] = [rs.tensor(x, xData), rs.tensor(w, wData)];
      return () => rs[op](xt, wt, { stride: 2, padding: 1 }).dispose();
    },
    peers: {
      'onnxruntime-web': (ort) => ortRun(ort, convModel(transposed ? 'ConvTranspose' : 'Conv', x, { shape: w, data: wData }, { strides: [2, 2], pads: [1, 1, 1, 1] }), x, xData),
      'tfjs-backend-wasm': (tf) => {
        // PyTorch [Cout, Cin, kh, kw] -> tfjs [kh, kw, Cin, Cout]; transposed [Cin, Cout, kh, kw] -> [kh, kw, Cout, Cin].
        const wt = tf.transpose(tf.tensor4d(wData, w), [2, 3, 1, 0]);
        const [n, , h, wd] = x;
        // k4 s2 'same' is PyTorch's padding 1 (output 2h); k3 s2 takes explicit pads.
        return tfjsRun(tf, x, xData, (xt) =>
          transposed ? tf.conv2dTranspose(xt, wt, [n, 2 * h, 2 * wd, w[1]], 2, 'same') : tf.conv2d(xt, wt, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]),
        );
      },
    },
  };
}

/** interpolate bilinear x2 (half-pixel) of float32 `x`, NCHW. */
function bilinear(name, x, extra = {}) {
  const xData = seeded(count(x), 5);
  const [, , h, w] = x;
  return {
    name,
    ...extra,
    ours: (rs) => {
      const xt = rs.tensor(x, xData);
      return () => rs.interpolate(xt, { scaleFactor: 2, mode: 'bilinear' }).dispose();
    },
    peers: {
      'onnxruntime-web': (ort) => ortRun(ort, resizeModel(x, { mode: 'linear', coordinate_transformation_mode: 'half_pixel' }, { scales: [1, 1, 2, 2] }), x, xData),
      'tfjs-backend-wasm': (tf) => tfjsRun(tf, x, xData, (xt) => tf.image.resizeBilinear(xt, [2 * h, 2 * w], false, true)),
    },
  };
}

export const WORKLOADS = [
  {
    name: 'W1 resizeImage 3840×2160 → 1920×1080 lanczos3',
    ours: (rs) => {
      const t = rs.empty([2160, 3840, 4], { dtype: 'uint8' });
      t.data.set(uhd().data);
      return () => rs.resizeImage(t, { width: 1920, height: 1080, filter: 'lanczos3' });
    },
    peers: {
      sharp: (sharp) => {
        const raw = { raw: { width: 3840, height: 2160, channels: 4 } };
        return () => sharp(uhd().data, raw).resize(1920, 1080, { kernel: 'lanczos3', fit: 'fill' }).raw().toBuffer();
      },
    },
  },
  conv('W4 convTranspose2d [1,64,128,128] k4 s2 p1 → [1,32,256,256]', { transposed: true, x: [1, 64, 128, 128], w: [64, 32, 4, 4] }),
  conv('conv2d 3x3 s2 p1 [1,64,256,256] → [1,128,128,128]', { transposed: false, x: [1, 64, 256, 256], w: [128, 64, 3, 3] }),
  bilinear('W3 interpolate [1,64,256,256] bilinear x2', [1, 64, 256, 256]),
  // Small work stays on the calling thread: the bar is threads at most 1.2x one thread's time.
  // Timed in batches of calls (a cross-origin isolated page's clock ticks in 5 µs steps).
  bilinear('tiny: interpolate [1,1,8,8] bilinear x2', [1, 1, 8, 8], { batch: 1000, bar: 1.2 }),
];

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

/**
 * Medians (ms per call) of `fns` (sync or async), timed in `rounds` rounds
 * after `warmup` calls each; each round runs them in a rotated order, so a
 * slow spell of the machine hits every one alike.
 */
export async function timeRounds(fns, { rounds = 15, warmup = 2, batch = 1 } = {}) {
  const runs = fns.map((f) => (batch === 1 ? f : async () => {
    for (let i = 0; i < batch; i++) {
      const r = f();
      if (r?.then) await r;
    }
  }));
  for (const f of runs) for (let i = 0; i < warmup; i++) await f();
  const times = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < runs.length; j++) {
      const k = (r + j) % runs.length;
      const t0 = performance.now();
      await runs[k]();
      times[k].push((performance.now() - t0) / batch);
    }
  }
  return times.map(median);
}

/** A time for a table: ms, or µs below 0.1 ms. */
export const ms = (t) => (t < 0.1 ? `${(t * 1000).toFixed(1)} µs` : `${t.toFixed(2)} ms`);

/**
 * Ours, 1 thread against `many`, every workload; `extra(w)` may add timed
 * functions to a workload's rounds (Node's machine ceiling), whose medians
 * it gets back through `onExtra(w, medians)`. Prints one table; returns the
 * 2-thread medians by workload name, for the peers' table.
 */
export async function oursTable(one, many, { rounds, log = console.log, extra = () => [], onExtra = () => {} } = {}) {
  log(`\n### ${many.threads} threads vs 1 (alternating rounds, medians of ${rounds})\n`);
  log(`| workload | 1 thread | ${many.threads} threads | speed-up | |\n|---|---:|---:|---:|---|`);
  const ours = {};
  for (const w of WORKLOADS) {
    const more = await extra(w);
    const [a, b, ...rest] = await timeRounds([w.ours(one), w.ours(many), ...more], { rounds, batch: w.batch });
    const bar = w.bar ? `${many.threads} threads / 1 = ${(b / a).toFixed(2)}x (bar ≤ ${w.bar}x)` : '';
    log(`| ${w.name} | ${ms(a)} | ${ms(b)} | ${(a / b).toFixed(2)}x | ${bar} |`);
    if (more.length) onExtra(w, rest);
    ours[w.name] = b;
  }
  return ours;
}

/**
 * Every peer of every workload, given `libs` ({ name: module with its
 * threads set, or a string saying why it is missing }), timed in rounds of
 * its own after ours; prints one table beside ours (`ours`: oursTable's).
 */
export async function peersTable(libs, ours, { threads, reps = 9, log = console.log } = {}) {
  log(`\n### peers, ${threads} threads each (their own rounds after ours, medians of ${reps})\n`);
  log(`| workload | peer | peer | ours, ${threads} threads | ours / peer |\n|---|---|---:|---:|---:|`);
  for (const w of WORKLOADS) {
    for (const [peer, setup] of Object.entries(w.peers)) {
      const lib = libs[peer];
      let cell;
      if (lib == null || typeof lib === 'string') cell = `not run: ${lib ?? 'not in this host'}`;
      else {
        try {
          const [t] = await timeRounds([await setup(lib)], { rounds: reps, batch: w.batch });
          cell = `${ms(t)} | ${ms(ours[w.name])} | ${(ours[w.name] / t).toFixed(2)}x`;
        } catch (e) {
          cell = `failed: ${String(e?.message ?? e).split('\n')[0]}`;
        }
      }
      log(`| ${w.name} | ${peer} | ${cell} |`);
    }
  }
}
