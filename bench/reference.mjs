// A float64 reference resize for PSNR: separable convolution with the
// crate's filter shapes, pixel-centre alignment, taps outside the image
// dropped and the rest renormalised; premultiplied in float when asked.
const SHAPES = {
  box: [0.5, (x) => (x > -0.5 && x <= 0.5 ? 1 : 0)],
  bilinear: [1, (x) => Math.max(0, 1 - Math.abs(x))],
  lanczos3: [3, (x) => (x === 0 ? 1 : Math.abs(x) >= 3 ? 0 : (3 * Math.sin(Math.PI * x) * Math.sin((Math.PI * x) / 3)) / (Math.PI * Math.PI * x * x))],
};

function weights(filter, inLen, outLen) {
  const [support, f] = SHAPES[filter];
  const scale = inLen / outLen;
  const stretch = Math.max(scale, 1);
  return Array.from({ length: outLen }, (_, j) => {
    const center = (j + 0.5) * scale;
    const lo = Math.min(inLen - 1, Math.max(0, Math.floor(center - support * stretch + 0.5)));
    const hi = Math.min(inLen, Math.max(lo + 1, Math.floor(center + support * stretch + 0.5)));
    const w = Float64Array.from({ length: hi - lo }, (_, k) => f((lo + k + 0.5 - center) / stretch));
    const sum = w.reduce((a, b) => a + b, 0);
    return { lo, w: w.map((v) => v / sum) };
  });
}

/** Premultiplied (when `premultiply`) float64 RGBA of the resized image, unclamped. */
export function referenceResize({ data, width: iw, height: ih }, ow, oh, filter, premultiply) {
  const src = new Float64Array(iw * ih * 4);
  for (let i = 0; i < src.length; i += 4) {
    const a = premultiply ? data[i + 3] / 255 : 1;
    for (let c = 0; c < 3; c++) src[i + c] = data[i + c] * a;
    src[i + 3] = data[i + 3];
  }
  const hw = weights(filter, iw, ow);
  const mid = new Float64Array(ow * ih * 4);
  for (let y = 0; y < ih; y++) {
    for (let x = 0; x < ow; x++) {
      const { lo, w } = hw[x];
      for (let c = 0; c < 4; c++) {
        let s = 0;
        for (let k = 0; k < w.length; k++) s += w[k] * src[(y * iw + lo + k) * 4 + c];
        mid[(y * ow + x) * 4 + c] = s;
      }
    }
  }
  const out = new Float64Array(ow * oh * 4);
  for (const [y, { lo, w }] of weights(filter, ih, oh).entries()) {
    for (let k = 0; k < w.length; k++) {
      const row = (lo + k) * ow * 4;
      for (let i = 0; i < ow * 4; i++) out[y * ow * 4 + i] += w[k] * mid[row + i];
    }
  }
  return out;
}

/** PSNR (dB) of 8-bit RGBA `got` against the reference, both premultiplied when `premultiply`; the reference clamped to 0..255. */
export function psnr(got, ref, premultiply) {
  let se = 0;
  for (let i = 0; i < got.length; i += 4) {
    const a = premultiply ? got[i + 3] / 255 : 1;
    for (let c = 0; c < 4; c++) {
      const v = c === 3 ? got[i + 3] : got[i + c] * a;
      se += (v - Math.min(255, Math.max(0, ref[i + c]))) ** 2;
    }
  }
  return 10 * Math.log10((255 * 255) / (se / got.length));
}
