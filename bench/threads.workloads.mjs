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
/** `make()`, made on first use and kept: inputs are built only for the workloads run, once for every context and peer. */
const once = (make) => {
  let v;
  return () => (v ??= make());
};
const uhd = once(() => photo(3840, 2160, { seed: 7 }));

/** onnxruntime-web: session.run from a JS Float32Array (it copies the input in and the output out). */
async function ortRun(ort, model, x, xData) {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  const feeds = { x: new ort.Tensor('float32', xData(), x) };
  return () => session.run(feeds);
}

/**
 * tfjs-backend-wasm: NHWC (its only layout), input resident, output disposed
 * unread. Its threads reach the ops it hands XNNPACK with its thread pool:
 * conv2d here; in its sources conv2dTranspose (Conv2DBackpropInput) is a
 * plain loop and resizeBilinear gives XNNPACK no pool, so one thread.
 */
function tfjsRun(tf, x, xData, op) {
  const xt = tf.transpose(tf.tensor4d(xData(), x), [0, 2, 3, 1]);
  return () => tf.dispose(op(xt));
}

/** conv2d / convTranspose2d, stride 2, padding 1. */
function conv(name, { transposed, x, w }) {
  const xData = once(() => seeded(count(x), 1));
  const wData = once(() => seeded(count(w), 2));
  const op = transposed ? 'convTranspose2d' : 'conv2d';
  return {
    name,
    ours: (rs) => {
      const [xt, wt] = [rs.tensor(x, xData()), rs.tensor(w, wData())];
      return () => rs[op](xt, wt, { stride: 2, padding: 1 }).dispose();
    },
    peers: {
      'onnxruntime-web': (ort) => ortRun(ort, convModel(transposed ? 'ConvTranspose' : 'Conv', x, { shape: w, data: wData() }, { strides: [2, 2], pads: [1, 1, 1, 1] }), x, xData),
      'tfjs-backend-wasm': (tf) => {
        // PyTorch [Cout, Cin, kh, kw] -> tfjs [kh, kw, Cin, Cout]; transposed [Cin, Cout, kh, kw] -> [kh, kw, Cout, Cin].
        const wt = tf.transpose(tf.tensor4d(wData(), w), [2, 3, 1, 0]);
        const [n, , h, wd] = x;
        // k4 s2 'same' is PyTorch's padding 1 (output 2h); k3 s2 takes explicit pads.
        return tfjsRun(tf, x, xData, (xt) =>
          transposed ? tf.conv2dTranspose(xt, wt, [n, 2 * h, 2 * wd, w[1]], 2, 'same') : tf.conv2d(xt, wt, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]),
        );
      },
    },
  };
}

/** W1: a 4K RGBA photo to 1080p, lanczos3; `resident`: the result into a tensor (`out`) instead of a new array. */
function w1(name, resident = false) {
  return {
    name,
    ours: (rs) => {
      const t = rs.empty([2160, 3840, 4], { dtype: 'uint8' });
      t.data.set(uhd().data);
      const into = resident ? { out: rs.empty([1080, 1920, 4], { dtype: 'uint8' }) } : {};
      return () => rs.resizeImage(t, { width: 1920, height: 1080, filter: 'lanczos3', ...into });
    },
    peers: resident ? {} : {
      sharp: (sharp) => {
        const raw = { raw: { width: 3840, height: 2160, channels: 4 } };
        return () => sharp(uhd().data, raw).resize(1920, 1080, { kernel: 'lanczos3', fit: 'fill' }).raw().toBuffer();
      },
    },
  };
}

/** interpolate bilinear x2 (half-pixel) of float32 `x`, NCHW. */
function bilinear(name, x, extra = {}) {
  const xData = once(() => seeded(count(x), 5));
  const [, , h, w] = x;
  return {
    name,
    ...extra,
    ours: (rs) => {
      const xt = rs.tensor(x, xData());
      return () => rs.interpolate(xt, { scaleFactor: 2, mode: 'bilinear' }).dispose();
    },
    peers: {
      'onnxruntime-web': (ort) => ortRun(ort, resizeModel(x, { mode: 'linear', coordinate_transformation_mode: 'half_pixel' }, { scales: [1, 1, 2, 2] }), x, xData),
      'tfjs-backend-wasm': (tf) => tfjsRun(tf, x, xData, (xt) => tf.image.resizeBilinear(xt, [2 * h, 2 * w], false, true)),
    },
  };
}

export const WORKLOADS = [
  w1('W1 resizeImage 3840×2160 → 1920×1080 lanczos3'),
  // The same into a resident tensor: without the copy out (a new 8 MB array each call), the one serial step.
  w1('W1 into out (no copy to JS)', true),
  conv('W4 convTranspose2d [1,64,128,128] k4 s2 p1 → [1,32,256,256]', { transposed: true, x: [1, 64, 128, 128], w: [64, 32, 4, 4] }),
  conv('conv2d 3x3 s2 p1 [1,64,256,256] → [1,128,128,128]', { transposed: false, x: [1, 64, 256, 256], w: [128, 64, 3, 3] }),
  bilinear('W3 interpolate [1,64,256,256] bilinear x2', [1, 64, 256, 256]),
  // Small work stays on the calling thread: the bar is threads at most 1.2x one thread's time.
  // Timed in batches of calls (a cross-origin isolated page's clock ticks in 5 µs steps).
  // Warmed up longer: both instances' code tiered up (400 calls left the threaded one's at 1.4-1.9x, 20000 at 1.05x).
  bilinear('tiny: interpolate [1,1,8,8] bilinear x2', [1, 1, 8, 8], { batch: 200, bar: 1.2, warmup: 50 }),
];

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

const idle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Times (ms per call, one per round) of `fns` (sync or async), timed in `rounds` rounds
 * after `warmup` calls each (10: the threaded instance's first W1 calls ran
 * no faster than one thread's, its code not yet tiered up); each round runs them in a rotated order, so a
 * slow spell of the machine hits every one alike. Each timed call comes
 * after `settle` ms idle, so that threads a library leaves spinning after
 * its call (onnxruntime-web's pool burned up to 25 ms of CPU in the 50 ms
 * after a run, measured here) do not slow the next one.
 */
async function timeRounds(fns, { rounds = 15, warmup = 10, batch = 1, settle = 50 } = {}) {
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
      await idle(settle);
      const t0 = performance.now();
      await runs[k]();
      times[k].push((performance.now() - t0) / batch);
    }
  }
  return times;
}

/** A time for a table: ms, or µs below 0.1 ms. */
export const ms = (t) => (t < 0.1 ? `${(t * 1000).toFixed(1)} µs` : `${t.toFixed(2)} ms`);

const reason = (e) => String(e?.message ?? e).split('\n')[0];

/** The timed calls of `w`'s peers that `libs` has ({ name: module with its threads set, or why it is missing }), and rows for those that cannot run. */
async function peerCalls(w, libs) {
  const calls = [];
  const missing = [];
  for (const [peer, setup] of Object.entries(w.peers)) {
    const lib = libs[peer];
    if (lib == null || typeof lib === 'string') missing.push(`| ${w.name} | ${peer} | not run: ${lib ?? 'not in this host'} |`);
    else await Promise.resolve(lib).then(setup).then((fn) => calls.push([peer, fn]), (e) => missing.push(`| ${w.name} | ${peer} | failed: ${reason(e)} |`));
  }
  return { calls, missing };
}

/**
 * The machine ceiling: `n` workers, each with its own 1-thread context and
 * `w`'s inputs (ceiling.worker.mjs); calls running `w` in one of them, and in
 * all at once. `spawn(url)` makes a worker of this host as { post, next, close }.
 */
async function ceilingCalls(w, spawn, n) {
  const workers = Array.from({ length: n }, () => spawn(new URL('./ceiling.worker.mjs', import.meta.url)));
  const each = (k) => Promise.all(workers.slice(0, k).map((c) => (c.post(undefined), c.next())));
  await Promise.all(workers.map((c) => (c.post(w.name), c.next())));
  return { calls: [() => each(1), () => each(n)], close: () => workers.forEach((c) => c.close()) };
}

/**
 * Every workload: ours on 1 thread and on `many`, its peers from `libs`
 * (see peerCalls) and, when given `spawn` (see ceilingCalls), the machine
 * ceiling for that workload, all timed in the same rounds, so that each sees
 * the same machine. Prints ours, the peers' table and the ceilings'.
 *
 * On a shared VM the second core comes and goes (measured here, round by
 * round: two independent contexts running at once took from 1.0x to 2.0x
 * one's time in consecutive rounds 50 ms apart, and the threaded calls
 * varied as much, uncorrelated at that scale). Medians then mix spells with
 * and without it; so each speed-up is also given from the fastest round of
 * each side, the usual estimate of a run undisturbed, for ours and for the
 * ceiling alike.
 */
export async function threadsTables(one, many, libs, { rounds, spawn, log = console.log, workloads = WORKLOADS, settle } = {}) {
  const n = many.threads;
  log(`\n### ${n} threads vs 1 (rounds in rotating order: medians of ${rounds}, and the fastest round)\n`);
  log(`| workload | 1 thread | ${n} threads | speed-up | fastest rounds: 1 → ${n} threads | speed-up | ceiling, fastest | |\n|---|---:|---:|---:|---:|---:|---:|---|`);
  const peerRows = [];
  const ceilingRows = [];
  for (const w of workloads) {
    // Tiny work has no ceiling to speak of: its bar is the threads' overhead.
    const ceiling = spawn && !w.bar ? await ceilingCalls(w, spawn, n) : { calls: [], close() {} };
    const { calls, missing } = await peerCalls(w, libs);
    const fns = [w.ours(one), w.ours(many), ...ceiling.calls, ...calls.map(([, fn]) => fn)];
    const [ta, tb, ...rest] = await timeRounds(fns, { rounds, batch: w.batch, warmup: w.warmup, settle });
    ceiling.close();
    const [a, b, fa, fb] = [median(ta), median(tb), Math.min(...ta), Math.min(...tb)];
    const bar = w.bar ? `${n} threads / 1 = ${(b / a).toFixed(2)}x (bar ≤ ${w.bar}x)` : '';
    let best = '';
    if (ceiling.calls.length) {
      const [alone, all] = rest.splice(0, 2);
      best = `${((n * Math.min(...alone)) / Math.min(...all)).toFixed(2)}x`;
      ceilingRows.push(`| ${w.name} | ${ms(median(alone))} | ${ms(median(all))} | ${((n * median(alone)) / median(all)).toFixed(2)}x | ${best} |`);
    }
    log(`| ${w.name} | ${ms(a)} | ${ms(b)} | ${(a / b).toFixed(2)}x | ${ms(fa)} → ${ms(fb)} | ${(fa / fb).toFixed(2)}x | ${best} | ${bar} |`);
    for (const [k, [peer]] of calls.entries()) {
      const [p, fp] = [median(rest[k]), Math.min(...rest[k])];
      peerRows.push(`| ${w.name} | ${peer} | ${ms(p)} | ${ms(b)} | ${(b / p).toFixed(2)}x | ${ms(fp)} | ${ms(fb)} | ${(fb / fp).toFixed(2)}x |`);
    }
    peerRows.push(...missing);
  }
  log(`\n### peers, ${n} threads each, in the same rounds (medians, then each side's fastest round)\n`);
  log(`| workload | peer | peer | ours, ${n} threads | ours / peer | peer, fastest | ours, fastest | ours / peer |\n|---|---|---:|---:|---:|---:|---:|---:|`);
  for (const row of peerRows) log(row);
  if (!ceilingRows.length) return;
  log(`\n### machine ceiling: ${n} independent 1-thread contexts in ${n} workers, in each workload's rounds\n`);
  log(`| workload | one alone | ${n} at once (until all are done) | throughput, ${n} x alone / all | the same, fastest rounds |\n|---|---:|---:|---:|---:|`);
  for (const row of ceilingRows) log(row);
}
