// A synthetic test chart that shows what resampling does to detail: a zone
// plate (aliasing), hard edges and thin lines (ringing, blur), a smooth
// gradient (banding) and a transparent corner (alpha halos). RGBA, 8-bit.
export function testChart(width = 512, height = 512) {
  const data = new Uint8ClampedArray(width * height * 4);
  const cx = width / 2;
  const cy = height / 4;
  const k = Math.PI / (2 * Math.max(width, height));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      let r, g, b;
      let a = 255;
      if (y < height / 2) {
        // Zone plate: frequency rises with the distance from the centre.
        const d2 = (x - cx) ** 2 + (y - cy) ** 2;
        const v = 127.5 + 127.5 * Math.cos(k * d2);
        r = g = b = v;
      } else if (x < width / 2) {
        // Edges and lines: a black/white bar pattern with 1-, 2- and 4-pixel lines.
        const band = Math.floor((x / (width / 2)) * 3);
        const w = [1, 2, 4][band];
        const line = Math.floor(x / w) % 2 === 0;
        const flipped = Math.floor((y - height / 2) / (height / 8)) % 2 === 1;
        r = g = b = line !== flipped ? 255 : 0;
      } else {
        // Colour gradient, with the bottom-right quarter fading to transparent.
        const u = (x - width / 2) / (width / 2);
        const v = (y - height / 2) / (height / 2);
        r = 255 * u;
        g = 255 * v;
        b = 255 * (1 - u);
        if (u > 0.5 && v > 0.5) a = Math.round(255 * (1 - Math.max(u, v)) * 2);
        if (u > 0.5 && v > 0.5 && (Math.floor(u * 16) + Math.floor(v * 16)) % 2 === 0) [r, g, b] = [255, 0, 0];
      }
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = a;
    }
  }
  return { data, width, height };
}
