// What every consumer does with the package: resize one seeded RGBA image on
// the calling thread and in pools of workers, and report each result by the
// SHA-256 of its bytes. scripts/consumers.mjs computes the same resize with
// the package in plain Node and compares.
export const OPTIONS = { width: 800, height: 600, filter: 'lanczos3' };

/**
 * 400×300 RGBA from a fixed seed (mulberry32), alpha included, so premultiply
 * runs. Upsized to 800×600, the default pool cuts it into two bands.
 */
export function seededImage() {
  const width = 400;
  const height = 300;
  const data = new Uint8ClampedArray(width * height * 4);
  let seed = 0x5eed;
  for (let i = 0; i < data.length; i++) {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    data[i] = (t ^ (t >>> 14)) >>> 24;
  }
  return { data, width, height };
}

/** How a page hands its result to the runner. */
export function report(result) {
  globalThis.consumerResult = result;
}

/** A result as the runner compares it: its size and the SHA-256 of its bytes, or the error it threw. */
async function outcome(run) {
  try {
    const { data, width, height } = await run();
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    return { width, height, sha256: Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('') };
  } catch (e) {
    return { error: { name: e?.name, code: e?.code, message: String(e?.message ?? e) } };
  }
}

/**
 * `direct`: `init()` then `rs.resizeImage`; then one entry per pool in
 * `pools` (name → createPool options; by default one default pool), each
 * closed after its resize.
 */
export async function check({ init, createPool }, pools = { pooled: undefined }) {
  const image = seededImage();
  const result = { direct: await outcome(async () => (await init()).resizeImage(image, OPTIONS)) };
  for (const [name, options] of Object.entries(pools)) {
    result[name] = await outcome(async () => {
      const pool = createPool(options);
      try {
        return await pool.resizeImage(image, OPTIONS);
      } finally {
        pool.close();
      }
    });
  }
  return result;
}
