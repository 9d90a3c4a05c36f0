// auto_pad, which Conv and the pools share: its values, and the SAME_*
// padding they split alike (ConvTranspose's SAME_* is another rule).
import type { Node } from './node.js';

const AUTO_PAD = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'] as const;
export type AutoPad = (typeof AUTO_PAD)[number];

/** The node's auto_pad attribute (default NOTSET). */
export const autoPad = (node: Node): AutoPad => node.string('auto_pad', 'NOTSET', AUTO_PAD);

/**
 * SAME_UPPER / SAME_LOWER on an axis of `len`: ⌈len / stride⌉ outputs, and
 * the padding they need (at least 0) split with the odd element at the end
 * (UPPER) or at the beginning (LOWER).
 */
export function samePadding(len: number, stride: number, extent: number, mode: 'SAME_UPPER' | 'SAME_LOWER'): { begin: number; end: number; out: number } {
  const out = Math.ceil(len / stride);
  const total = Math.max(0, (out - 1) * stride + extent - len);
  const begin = mode === 'SAME_UPPER' ? Math.floor(total / 2) : Math.ceil(total / 2);
  return { begin, end: total - begin, out };
}
