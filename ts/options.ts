// Strict options: each public function declares its option keys once, and
// any other key is an error naming the closest declared one, so a typo such
// as `scalefactor` fails loudly instead of silently meaning "default".
import { ResampleError, show } from './errors.js';

/**
 * Exactly the keys of `T`, each mapped to `true`: the compiler rejects a
 * declaration that misses a key of the interface or names one it lacks.
 */
export type KeySet<T> = { readonly [K in keyof T]-?: true };

/** Checks an options argument of public function `fn`; `undefined` becomes `{}`. */
export type OptionsCheck<T> = (fn: string, options: T | undefined) => T;

const registry: Record<string, Record<string, readonly string[]>> = {};

/**
 * @internal For tests: every public function's declared option keys, as
 * function name → kind of option (the word errors use: 'option', or
 * 'job option' for the pool's third argument) → keys.
 */
export const OPTION_KEYS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = registry;

/** The 1-D, 2-D and 3-D functions of a family: `stem1d`, `stem2d`, `stem3d`. */
export const perRank = (stem: string): string[] => [1, 2, 3].map((rank) => `${stem}${rank}d`);

/**
 * Declares the options that functions `fns` take and returns their check.
 * Omitted or `undefined` options mean all defaults; anything else that is
 * not a plain object (null, an array, a number...) is rejected, as is any
 * own key not declared here.
 */
export function declareOptions<T>(fns: readonly string[], keys: KeySet<T>, kind = 'option'): OptionsCheck<T> {
  const valid = Object.freeze(Object.keys(keys));
  for (const fn of fns) (registry[fn] ??= {})[kind] = valid;
  return (fn, options) => {
    if (options === undefined) return {} as T;
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new ResampleError('INVALID_ARGUMENT', `${fn}: ${kind}s must be an object, got ${show(options)}`);
    }
    const unknown = Object.keys(options).find((k) => !valid.includes(k));
    if (unknown !== undefined) {
      const near = closest(unknown, valid);
      const hint = near === undefined ? `${kind}s are ${valid.map(show).join(', ')}` : `did you mean ${show(near)}?`;
      throw new ResampleError('INVALID_ARGUMENT', `${fn}: unknown ${kind} ${show(unknown)} (${hint})`);
    }
    return options;
  };
}

/** Case, `_` and `-` aside: `linear_light` and `scalefactor` are spellings of `linearLight` and `scaleFactor`. */
const fold = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/**
 * The valid key a misspelt `key` most likely meant: the nearest in edit
 * distance if near enough, else one that `key` abbreviates (`kernel`).
 */
function closest(key: string, valid: readonly string[]): string | undefined {
  const k = fold(key);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const v of valid) {
    const d = distance(k, fold(v));
    if (d < bestDistance) [best, bestDistance] = [v, d];
  }
  if (bestDistance <= Math.max(1, Math.floor(k.length / 3))) return best;
  return k.length >= 3 ? valid.find((v) => fold(v).startsWith(k)) : undefined;
}

/** Edit distance counting an adjacent swap as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
