// Single-op ONNX models built in memory (MaxPool, AveragePool,
// DepthToSpace), for the onnxruntime cross-check (test/pool.test.ts,
// test/shuffle.test.ts) and the benchmark (bench/pool.bench.mjs): a protobuf
// writer for the few onnx.proto fields a one-node graph needs.

const FLOAT = 1;
const INT64 = 7;

/** A message from [field, value] pairs: numbers are varints, strings bytes, arrays nested messages. */
function proto(fields) {
  const out = [];
  const varint = (v) => {
    for (; v >= 0x80; v = Math.floor(v / 128)) out.push((v % 128) | 0x80);
    out.push(v);
  };
  for (const [field, v] of fields) {
    if (typeof v === 'number') {
      varint(field << 3);
      varint(v);
    } else {
      const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : proto(v);
      varint((field << 3) | 2);
      varint(bytes.length);
      out.push(...bytes);
    }
  }
  return Uint8Array.from(out);
}

/**
 * ModelProto (opset 13) of one `op` node from float input `x` of `shape` to
 * output `y` (and `indices`, int64, when `withIndices`). `attrs`: numbers
 * (INT), strings (STRING) or arrays of numbers (INTS).
 */
export function onnxModel(op, shape, attrs, { withIndices = false } = {}) {
  // AttributeProto: name 1, type 20 (INT 2, STRING 3, INTS 7), i 3, s 4, ints 8.
  const attribute = ([name, v]) =>
    [5, Array.isArray(v) ? [[1, name], [20, 7], ...v.map((i) => [8, i])] : typeof v === 'string' ? [[1, name], [20, 3], [4, v]] : [[1, name], [20, 2], [3, v]]];
  const tensor = (type, dims) => [[1, [[1, type], ...(dims ? [[2, dims.map((d) => [1, [[1, d]]])]] : [])]]];
  const outputs = withIndices ? ['y', 'indices'] : ['y'];
  const node = [[1, 'x'], ...outputs.map((o) => [2, o]), [4, op], ...Object.entries(attrs).map(attribute)];
  const graph = [
    [1, node],
    [2, op],
    [11, [[1, 'x'], [2, tensor(FLOAT, shape)]]],
    ...outputs.map((o) => [12, [[1, o], [2, tensor(o === 'y' ? FLOAT : INT64)]]]),
  ];
  return proto([[1, 8], [8, [[1, ''], [2, 13]]], [7, graph]]);
}
