// `node examples/conv-as-matmul.mjs` (after `npm run build`): convolution as
// a matrix product, on the worked example of transposed convolution in the
// concept notes: a 3×3 kernel k1…k9 with stride 2 and padding 1 takes a 4×4
// input to 2×2 (y = C·x, C a 4×16 matrix), and its transpose takes a 2×2 input
// [a b; c d] back to 4×4 (y' = Cᵀ·x', output padding 1). With unfold (im2col)
// and fold (col2im) both are ordinary matrix products:
//   conv2d(x, w)          = W · unfold(x)      W: the kernel as a [Cout, C·kh·kw] matrix
//   convTranspose2d(x, w) = fold(Wᵀ · x)       fold sums the overlapping taps
// Numbers: k1…k9 = 1…9, a, b, c, d = 1, 2, 3, 4, the 4×4 input x1…x16 = 1…16.
// test/unfold.test.ts runs convAsMatmul, so this example cannot rot.

/** Row-major [m, k] × [k, n]. */
function matmul(a, b, m, k, n) {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) out[i * n + j] += a[i * k + p] * b[p * n + j];
  return out;
}

/** The notes' 4×4 result of the transposed convolution, written with kernel k (k[1]…k[9]). */
function notesTable(k, [a, b, c, d]) {
  return [
    [k[5] * a, k[4] * a + k[6] * b, k[5] * b, k[4] * b],
    [k[2] * a + k[8] * c, k[1] * a + k[3] * b + k[7] * c + k[9] * d, k[2] * b + k[8] * d, k[1] * b + k[7] * d],
    [k[5] * c, k[4] * c + k[6] * d, k[5] * d, k[4] * d],
    [k[2] * c, k[1] * c + k[3] * d, k[2] * d, k[1] * d],
  ].flat();
}

/** Every number of the example, computed both ways (and the notes' table), as plain arrays. */
export function convAsMatmul(rs) {
  const kernel = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const w = rs.tensor([1, 1, 3, 3], kernel);
  const geometry = { stride: 2, padding: 1 };
  const made = [w];
  const keep = (t) => (made.push(t), t);

  // Forward: 4×4 → 2×2. unfold gives one 9-tap column per output position.
  const x = keep(rs.tensor([1, 1, 4, 4], Array.from({ length: 16 }, (_, i) => i + 1)));
  const columns = keep(rs.unfold(x, { kernelSize: 3, ...geometry }));           // [1, 9, 4]
  const viaUnfold = matmul(kernel, columns.data, 1, 9, 4);                        // W [1, 9] · [9, 4]
  const conv = keep(rs.conv2d(x, w, geometry)).toArray();

  // Transposed: 2×2 → 4×4. Wᵀ · x' gives each input value's 9 weighted taps; fold adds them where they land.
  const abcd = [1, 2, 3, 4];
  const taps = matmul(kernel, abcd, 9, 1, 4);                                     // Wᵀ [9, 1] · x' [1, 4]
  const viaFold = keep(rs.fold({ shape: [1, 9, 4], data: taps }, { outputSize: 4, kernelSize: 3, ...geometry })).toArray();
  const transposed = keep(rs.convTranspose2d({ shape: [1, 1, 2, 2], data: abcd }, w, { ...geometry, outputPadding: 1 })).toArray();

  // Cᵀ column j = fold(Wᵀ · e_j): what input value j contributes to each of the 16 outputs.
  const ct = [0, 1, 2, 3].map((j) => {
    const e = abcd.map((_, i) => +(i === j));
    return keep(rs.fold({ shape: [1, 9, 4], data: matmul(kernel, e, 9, 1, 4) }, { outputSize: 4, kernelSize: 3, ...geometry })).toArray();
  });
  const ctRows = Array.from({ length: 16 }, (_, r) => ct.map((col) => col[r]));

  for (const t of made) t.dispose();
  const k = [0, ...kernel];
  // The notes slide the kernel as written over the zero-stuffed input; PyTorch's
  // transposed convolution is that with the kernel turned 180° (k1 ↔ k9, ...).
  const rotated = [0, ...kernel.toReversed()];
  return {
    conv: { viaUnfold: [...viaUnfold], direct: [...conv] },
    convTranspose: { viaFold: [...viaFold], direct: [...transposed], notesAsWritten: notesTable(k, abcd), notesRotated: notesTable(rotated, abcd) },
    ctRows,
  };
}

const grid = (v, w) => Array.from({ length: v.length / w }, (_, i) => '  ' + v.slice(i * w, (i + 1) * w).map((n) => String(n).padStart(5)).join('')).join('\n');

if (globalThis.process?.argv?.[1]?.endsWith('conv-as-matmul.mjs')) {
  const { init } = await import('../dist/index.js');
  const r = convAsMatmul(await init());
  console.log('conv2d, 4×4 input x1…x16 = 1…16, kernel k1…k9 = 1…9, stride 2, padding 1:');
  console.log(`W · unfold(x):\n${grid(r.conv.viaUnfold, 2)}\nrs.conv2d:\n${grid(r.conv.direct, 2)}`);
  console.log('\nconvTranspose2d, 2×2 input [a b; c d] = [1 2; 3 4], same kernel, output padding 1:');
  console.log(`fold(Wᵀ · x):\n${grid(r.convTranspose.viaFold, 4)}\nrs.convTranspose2d:\n${grid(r.convTranspose.direct, 4)}`);
  console.log(`the notes' table with the kernel turned 180° (k1 ↔ k9, k2 ↔ k8, ...):\n${grid(r.convTranspose.notesRotated, 4)}`);
  console.log(`the notes' table with the kernel as written (cross-correlation of the zero-stuffed input):\n${grid(r.convTranspose.notesAsWritten, 4)}`);
  console.log(`\nrows 1 and 6 of Cᵀ (the notes: [k5, 0, 0, 0] and [k1, k3, k7, k9], here turned): ${JSON.stringify(r.ctRows[0])} ${JSON.stringify(r.ctRows[5])}`);
  const same = (p, q) => p.length === q.length && p.every((v, i) => Math.abs(v - q[i]) <= 1e-5 * Math.max(1, Math.abs(q[i])));
  const ok = same(r.conv.viaUnfold, r.conv.direct) && same(r.convTranspose.viaFold, r.convTranspose.direct) && same(r.convTranspose.direct, r.convTranspose.notesRotated);
  console.log(ok ? '\nall equal' : '\nMISMATCH');
  if (!ok) process.exitCode = 1;
}
