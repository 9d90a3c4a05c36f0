// Single-op ONNX Resize models built in memory, for the onnxruntime
// cross-check (test/interpolate.test.ts) and the benchmark
// (bench/interpolate.bench.mjs). A protobuf writer for the few fields of
// onnx.proto a one-node graph needs; field numbers are onnx.proto's.

const VARINT = 0;
const BYTES = 2;
const FIXED32 = 5;
const FLOAT = 1;
const INT64 = 7;

function varint(out, v) {
  let x = BigInt.asUintN(64, BigInt(v));
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
}

/**
 * Encodes a message from [field, value] pairs: numbers are varints, strings
 * and Uint8Arrays bytes, Float32Arrays packed floats, arrays nested messages,
 * and ['f32', field, value] a single fixed32 float.
 */
export function message(fields) {
  const out = [];
  const bytes = (field, b) => {
    varint(out, (field << 3) | BYTES);
    varint(out, b.length);
    for (const x of b) out.push(x);
  };
  for (const f of fields) {
    if (f[0] === 'f32') {
      varint(out, (f[1] << 3) | FIXED32);
      out.push(...new Uint8Array(Float32Array.of(f[2]).buffer));
      continue;
    }
    const [field, v] = f;
    if (typeof v === 'number' || typeof v === 'bigint') {
      varint(out, (field << 3) | VARINT);
      varint(out, v);
    } else if (typeof v === 'string') {
      bytes(field, new TextEncoder().encode(v));
    } else if (v instanceof Uint8Array) {
      bytes(field, v);
    } else if (v instanceof Float32Array) {
      bytes(field, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    } else {
      bytes(field, message(v));
    }
  }
  return Uint8Array.from(out);
}

/**
 * Resize-19 (ModelProto) with float input `x` of `shape` and output `y`.
 * attrs: { mode, coordinate_transformation_mode, cubic_coeff_a?, exclude_outside?, antialias?, nearest_mode? }
 * target: { scales: number[] } (one per dimension) or { sizes: number[] } (the output shape).
 */
export function resizeModel(shape, attrs, target) {
  const attribute = ([name, v]) =>
    [5, typeof v === 'string' ? [[1, name], [20, 3], [4, v]] : Number.isInteger(v) ? [[1, name], [20, 2], [3, v]] : [[1, name], [20, 1], ['f32', 2, v]]];
  // cubic_coeff_a is a float attribute even when integral.
  const attributes = Object.entries(attrs).map(([k, v]) => (k === 'cubic_coeff_a' ? [5, [[1, k], [20, 1], ['f32', 2, v]]] : attribute([k, v])));
  const scales = 'scales' in target;
  const values = scales ? target.scales : target.sizes;
  const packed = [];
  if (!scales) for (const v of values) varint(packed, v);
  const initializer = [[1, values.length], [2, scales ? FLOAT : INT64], [8, 'target'], scales ? [4, Float32Array.from(values)] : [7, Uint8Array.from(packed)]];
  const tensorType = (dims) => [[1, [[1, FLOAT], ...(dims ? [[2, dims.map((d) => [1, [[1, d]]])]] : [])]]];
  const node = [[1, 'x'], [1, ''], [1, scales ? 'target' : ''], ...(scales ? [] : [[1, 'target']]), [2, 'y'], [4, 'Resize'], ...attributes];
  const graph = [[1, node], [2, 'resize'], [5, initializer], [11, [[1, 'x'], [2, tensorType(shape)]]], [12, [[1, 'y'], [2, tensorType()]]]];
  return message([[1, 9], [8, [[1, ''], [2, 19]]], [7, graph]]);
}
