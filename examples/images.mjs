// Synthetic test images and a seeded generator, shared by the demo, the browser example, the bench and the tests.

/** A seeded generator of floats in [0, 1) (mulberry32); the tests use it too. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Photo-like RGBA: smooth colour fields, mid-frequency texture, a few hard
 * edges and mild sensor noise; opaque unless `alpha` is set.
 */
export function photo(width, height, { seed = 1, alpha = false } = {}) {
  const r = random(seed);
  const waves = Array.from({ length: 18 }, (_, k) => ({
    fx: (r() - 0.5) * (k < 12 ? 0.02 : 0.25),
    fy: (r() - 0.5) * (k < 12 ? 0.02 : 0.25),
    ph: r() * 6.283,
    amp: k < 12 ? 40 * r() : 10 * r(),
    ch: k % 3,
  }));
  const boxes = Array.from({ length: 6 }, () => [r() * width, r() * height, r() * width * 0.3, r() * height * 0.3, r() * 255, r() * 255, r() * 255]);
  const data = new Uint8ClampedArray(width * height * 4);
  const noise = random(seed + 1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = [110, 120, 100];
      for (const w of waves) c[w.ch] += w.amp * Math.sin(w.fx * x + w.fy * y + w.ph);
      for (const [bx, by, bw, bh, br, bg, bb] of boxes) {
        if (x > bx && x < bx + bw && y > by && y < by + bh) (c[0] = (c[0] + br) / 2), (c[1] = (c[1] + bg) / 2), (c[2] = (c[2] + bb) / 2);
      }
      const i = (y * width + x) * 4;
      for (let k = 0; k < 3; k++) data[i + k] = c[k] + (noise() - 0.5) * 6;
      data[i + 3] = alpha ? 255 * Math.min(1, Math.max(0, 1.5 - Math.hypot(x / width - 0.5, y / height - 0.5) * 3)) : 255;
    }
  }
  return { data, width, height };
}

/**
 * A resampling test chart: zone plate (aliasing), a 1-px checkerboard
 * (linear light), colour bars over a transparent ramp (alpha halos).
 */
export function chart(width = 1024, height = 768) {
  const data = new Uint8ClampedArray(width * height * 4);
  const bars = [[255, 255, 255], [255, 255, 0], [0, 255, 255], [0, 255, 0], [255, 0, 255], [255, 0, 0], [0, 0, 255], [0, 0, 0]];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      let px;
      if (x < width / 2 && y < height / 2) {
        const dx = x - width / 4;
        const dy = y - height / 4;
        const v = 127.5 + 127.5 * Math.cos((Math.PI * (dx * dx + dy * dy)) / (width / 2));
        px = [v, v, v, 255];
      } else if (y < height / 2) {
        const v = (x + y) % 2 ? 255 : 0;
        px = x < (width * 3) / 4 ? [v, v, v, 255] : [v, 0, 255 - v, 255];
      } else {
        const bar = bars[Math.floor((x / width) * bars.length)];
        const a = Math.round((255 * (y - height / 2)) / (height / 2));
        px = [...bar, (x >> 4) % 2 ? a : 255 - a];
      }
      data.set(px, i);
    }
  }
  return { data, width, height };
}
