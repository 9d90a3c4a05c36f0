// Single-node ONNX models built in memory, for the onnxruntime cross-checks
// in test/ and the onnxruntime-web rows in bench/. A protobuf writer for the
// few onnx.proto fields a one-node graph needs (field numbers are
// onnx.proto's), so neither needs any ONNX tooling.

const VARINT = 0;
const BYTES = 2;
const FIXED32 = 5;
const ELEM = { float32: 1, int64: 7 };

function varint(out, v) {
  let x = BigInt.asUintN(64, BigInt(v));
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
}

/**
 * A message from [field, value] pairs: numbers are varints, strings and
 * Uint8Arrays bytes, arrays nested messages, and ['f32', field, value] one
 * fixed32 float.
 */
function message(fields) {
  const out = [];
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
      continue;
    }
    const b = typeof v === 'string' ? new TextEncoder().encode(v) : v instanceof Uint8Array ? v : message(v);
    varint(out, (field << 3) | BYTES);
    varint(out, b.length);
    for (const x of b) out.push(x);
  }
  return Uint8Array.from(out);
}

/** Marks an attribute value as FLOAT even when it is integral (cubic_coeff_a = -1, say). */
export const float = (value) => ({ float: value });

/** Marks an attribute value as FLOATS (a list of floats; plain arrays are INTS). */
export const floats = (values) => ({ floats: values });

// AttributeProto: name 1, type 20 (FLOAT 1, INT 2, STRING 3, FLOATS 6, INTS 7), f 2, i 3, s 4, floats 7, ints 8.
function attribute(name, v) {
  if (typeof v === 'string') return [[1, name], [20, 3], [4, v]];
  if (typeof v === 'object' && 'floats' in v) return [[1, name], [20, 6], ...v.floats.map((f) => ['f32', 7, f])];
  if (Array.isArray(v)) return [[1, name], [20, 7], ...v.map((i) => [8, i])];
  if (typeof v === 'object') return [[1, name], [20, 1], ['f32', 2, v.float]];
  return Number.isInteger(v) ? [[1, name], [20, 2], [3, v]] : [[1, name], [20, 1], ['f32', 2, v]];
}

// TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian).
function initializer(name, { dims, type = 'float32', data }) {
  const typed = type === 'int64' ? BigInt64Array.from(data, (v) => BigInt(v)) : Float32Array.from(data);
  return [...dims.map((d) => [1, d]), [2, ELEM[type]], [8, name], [9, new Uint8Array(typed.buffer)]];
}

// ValueInfoProto: name 1, type 2 -> TypeProto.tensor_type 1 -> elem_type 1, shape 2 -> dim 1 -> dim_value 1.
function valueInfo(name, type = 'float32', shape) {
  const tensor = [[1, ELEM[type]], ...(shape ? [[2, shape.map((d) => [1, [[1, d]]])]] : [])];
  return [[1, name], [2, [[1, tensor]]]];
}

/**
 * ModelProto with one node `op`.
 * inputs: graph inputs, [{ name, shape, type? }]; initializers: { name: { dims, type?, data } };
 * nodeInputs: the node's input names in order ('' skips an optional input);
 * outputs: [{ name, type? }]; attrs: { name: number | number[] | string | float(x) }.
 */
export function singleNodeModel({ op, opset = 19, inputs, initializers = {}, nodeInputs, outputs, attrs = {} }) {
  const node = [
    ...(nodeInputs ?? inputs.map((i) => i.name)).map((n) => [1, n]),
    ...outputs.map((o) => [2, o.name]),
    [4, op],
    ...Object.entries(attrs).map(([k, v]) => [5, attribute(k, v)]),
  ];
  const graph = [
    [1, node],
    [2, op],
    ...Object.entries(initializers).map(([n, t]) => [5, initializer(n, t)]),
    ...inputs.map((i) => [11, valueInfo(i.name, i.type, i.shape)]),
    ...outputs.map((o) => [12, valueInfo(o.name, o.type)]),
  ];
  // ir_version 1 (8), graph 7, opset_import 8 (domain 1, version 2).
  return message([[1, 8], [8, [[1, ''], [2, opset]]], [7, graph]]);
}

/** MaxPool / AveragePool / DepthToSpace from float `x` of `shape` to `y` (and int64 `indices`). */
export function poolModel(op, shape, attrs, { withIndices = false } = {}) {
  const outputs = [{ name: 'y' }, ...(withIndices ? [{ name: 'indices', type: 'int64' }] : [])];
  return singleNodeModel({ op, opset: 13, inputs: [{ name: 'x', shape }], outputs, attrs });
}

/**
 * Resize-19 of float `x` of `shape`. attrs: mode, coordinate_transformation_mode, ...;
 * target: { scales } (one per dimension) or { sizes } (the output shape).
 */
export function resizeModel(shape, attrs, target) {
  const scales = 'scales' in target;
  const values = scales ? target.scales : target.sizes;
  const t = { dims: [values.length], type: scales ? 'float32' : 'int64', data: values };
  return singleNodeModel({
    op: 'Resize',
    inputs: [{ name: 'x', shape }],
    initializers: { target: t },
    nodeInputs: ['x', '', scales ? 'target' : '', ...(scales ? [] : ['target'])],
    outputs: [{ name: 'y' }],
    attrs: { ...attrs, ...('cubic_coeff_a' in attrs ? { cubic_coeff_a: float(attrs.cubic_coeff_a) } : {}) },
  });
}

/** Conv / ConvTranspose of float `x` ([N, C, ...]) with weight w (and bias b): { shape, data }. */
export function convModel(op, xShape, w, attrs, b) {
  const initializers = { w: { dims: w.shape, data: w.data }, ...(b ? { b: { dims: b.shape, data: b.data } } : {}) };
  return singleNodeModel({
    op,
    opset: 17,
    inputs: [{ name: 'x', shape: xShape }],
    initializers,
    nodeInputs: ['x', 'w', ...(b ? ['b'] : [])],
    outputs: [{ name: 'y' }],
    attrs,
  });
}
