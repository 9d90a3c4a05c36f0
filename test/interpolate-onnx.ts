// Single-op ONNX Resize models built in memory, for cross-checking
// rs.interpolate against onnxruntime-node. A protobuf writer for the few
// fields of onnx.proto a one-node graph needs (field numbers from onnx.proto).

/** A field: number = varint, ['f32', n, v] = fixed32 float, arrays = nested messages, Float32Array = packed floats. */
type Field = [field: number, value: number | bigint | string | Uint8Array | Float32Array | Field[]] | ['f32', field: number, value: number];

const VARINT = 0;
const FIXED32 = 5;
const BYTES = 2;

function varint(out: number[], v: bigint): void {
  let x = BigInt.asUintN(64, v);
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
}

export function message(fields: Field[]): Uint8Array {
  const out: number[] = [];
  const bytes = (field: number, b: Uint8Array) => {
    varint(out, BigInt((field << 3) | BYTES));
    varint(out, BigInt(b.length));
    for (const x of b) out.push(x);
  };
  for (const f of fields) {
    if (f[0] === 'f32') {
      varint(out, BigInt((f[1] << 3) | FIXED32));
      for (const x of new Uint8Array(Float32Array.of(f[2]).buffer)) out.push(x);
      continue;
    }
    const [field, v] = f;
    if (typeof v === 'number' || typeof v === 'bigint') {
      varint(out, BigInt((field << 3) | VARINT));
      varint(out, BigInt(v));
    } else if (typeof v === 'string') {
      bytes(field, new TextEncoder().encode(v));
    } else if (v instanceof Uint8Array) {
      bytes(field, v);
    } else if (v instanceof Float32Array) {
      bytes(field, new Uint8Array(v.buffer, v.byteOffset, v.byteLength)); // packed repeated float
    } else {
      bytes(field, message(v));
    }
  }
  return Uint8Array.from(out);
}

const FLOAT = 1;
const INT64 = 7;

export interface ResizeAttributes {
  mode: 'nearest' | 'linear' | 'cubic';
  coordinate_transformation_mode: string;
  cubic_coeff_a?: number;
  exclude_outside?: number;
  antialias?: number;
}

/**
 * Resize-19 on an NCHW-style float input of `shape`, given either `scales`
 * (one per dimension, N and C 1) or `sizes` (the full output shape).
 */
export function resizeModel(shape: number[], attrs: ResizeAttributes, target: { scales: number[] } | { sizes: number[] }): Uint8Array {
  const attribute = (name: string, v: string | number, float = false): Field =>
    [5, typeof v === 'string' ? [[1, name], [20, 3], [4, v]] : float ? [[1, name], [20, 1], ['f32', 2, v]] : [[1, name], [20, 2], [3, v]]];
  const attributes: Field[] = [
    attribute('mode', attrs.mode),
    attribute('coordinate_transformation_mode', attrs.coordinate_transformation_mode),
  ];
  if (attrs.cubic_coeff_a !== undefined) attributes.push(attribute('cubic_coeff_a', attrs.cubic_coeff_a, true));
  if (attrs.exclude_outside !== undefined) attributes.push(attribute('exclude_outside', attrs.exclude_outside));
  if (attrs.antialias !== undefined) attributes.push(attribute('antialias', attrs.antialias));

  const scales = 'scales' in target;
  const values = scales ? target.scales : target.sizes;
  const initializer: Field[] = [[1, values.length], [2, scales ? FLOAT : INT64], [8, 'target']];
  if (scales) initializer.push([4, Float32Array.from(values)]);
  else {
    const packed: number[] = [];
    for (const v of values) varint(packed, BigInt(v));
    initializer.push([7, Uint8Array.from(packed)]);
  }
  const valueInfo = (name: string, dims: number[] | undefined): Field[] => [
    [1, name],
    [2, [[1, [[1, FLOAT], ...(dims ? [[2, dims.map((d): Field => [1, [[1, d]]])] as Field] : [])]]]],
  ];
  const node: Field[] = [[1, 'x'], [1, ''], [1, scales ? 'target' : ''], ...(scales ? [] : [[1, 'target'] as Field]), [2, 'y'], [4, 'Resize'], ...attributes];
  const graph: Field[] = [[1, node], [2, 'resize'], [5, initializer], [11, valueInfo('x', shape)], [12, valueInfo('y', undefined)]];
  return message([[1, 9], [8, [[1, ''], [2, 19]]], [7, graph]]);
}
