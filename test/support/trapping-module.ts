// A stand-in for the crate's module whose kernel exports all trap
// (`unreachable`), assembled byte by byte: the only way to see how a context
// behaves when a call traps, since the real kernels never do on any input.
// Its allocator hands out consecutive 16-byte-aligned blocks and never frees.
import { EXPORTS } from '../../ts/abi.ts';

const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const vec = (items: number[][]) => [items.length, ...items.flat()];
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    const byte = n & 0x7f;
    n >>>= 7;
    out.push(n ? byte | 0x80 : byte);
  } while (n);
  return out;
}

const I32 = 0x7f;
const [ALLOC, FREE, TRAP] = [0, 1, 2];

export function trappingModule(): Uint8Array<ArrayBuffer> {
  const types = vec([
    [0x60, 1, I32, 1, I32], // (i32) -> i32: alloc and every kernel
    [0x60, 1, I32, 0], // (i32) -> (): free
  ]);
  const funcs = vec([[0], [1], [0]]);
  const memory = vec([[0x00, 1]]); // one page, no maximum
  // global $next (mut i32) = 1024
  const globals = vec([[I32, 1, 0x41, ...leb(1024), 0x0b]]);
  const exported = (name: string, kind: number, index: number) => [utf8(name).length, ...utf8(name), kind, index];
  const exports = vec([
    exported('memory', 0x02, 0),
    ...EXPORTS.map((name) => exported(name, 0x00, name === 'alloc' ? ALLOC : name === 'free' ? FREE : TRAP)),
  ]);
  // alloc: result = $next; $next += (bytes + 31) & ~15, so even 0 bytes moves on
  const alloc = [0, 0x23, 0, 0x23, 0, 0x20, 0, 0x41, 31, 0x6a, 0x41, 0x70, 0x71, 0x6a, 0x24, 0, 0x0b];
  const free = [0, 0x0b];
  const trap = [0, 0x00, 0x0b];
  const code = vec([alloc, free, trap].map((body) => [...leb(body.length), ...body]));
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, types),
    ...section(3, funcs),
    ...section(5, memory),
    ...section(6, globals),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
