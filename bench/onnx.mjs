// Single-node ONNX models, encoded by hand (protobuf wire format) so the
// bench and the cross-check in test/conv.test.ts need no onnx tooling: one
// Conv or ConvTranspose with its weight (and bias) as initializers,
// float32, opset 17.

const varint = (n) => {
  const out = [];
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n;
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
};
const tag = (field, wire) => varint((field << 3) | wire);
const int = (field, n) => [...tag(field, 0), ...varint(n)];
const bytes = (field, b) => [...tag(field, 2), ...varint(b.length), ...b];
const str = (field, s) => bytes(field, [...new TextEncoder().encode(s)]);
const msg = (field, parts) => bytes(field, parts.flat());

const attrInts = (name, values) => msg(5, [str(1, name), int(20, 7), ...values.map((v) => int(8, v))]);
const attrInt = (name, value) => msg(5, [str(1, name), int(20, 2), int(3, value)]);
const valueInfo = (field, name, shape) =>
  msg(field, [str(1, name), msg(2, [msg(1, [int(1, 1), msg(2, shape.map((d) => msg(1, [int(1, d)])))])])]);

const initializer = (name, t) => {
  const raw = [...new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)];
  return msg(5, [...t.shape.map((d) => int(1, d)), int(2, 1), str(8, name), bytes(9, raw)]);
};

/**
 * op: 'Conv' | 'ConvTranspose'; x and y shapes NC...; w (and optional b):
 * { shape, data: Float32Array }; attrs: { strides, pads, dilations, group, output_padding }.
 */
export function singleNodeModel(op, xShape, yShape, w, attrs, b) {
  const attributes = Object.entries(attrs).map(([k, v]) => (Array.isArray(v) ? attrInts(k, v) : attrInt(k, v)));
  const inputs = [str(1, 'x'), str(1, 'w'), ...(b ? [str(1, 'b')] : [])];
  const node = msg(1, [...inputs, str(2, 'y'), str(3, 'n'), str(4, op), ...attributes]);
  const inits = [initializer('w', w), ...(b ? [initializer('b', b)] : [])];
  const graph = msg(7, [node, str(2, 'g'), ...inits, valueInfo(11, 'x', xShape), valueInfo(12, 'y', yShape)]);
  return new Uint8Array([...int(1, 8), ...str(2, 'resample-bench'), ...graph, ...msg(8, [str(1, ''), int(2, 17)])]);
}
