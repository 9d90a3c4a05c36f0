// sharp's resize geometry (lib/resize.js, src/common.cc ResolveShrink,
// CalculateCrop, CalculateEmbedPosition): which source rectangle is
// resampled to what size, and where a 'contain' result sits on its canvas.
import { choice, optionalBool, roundHalfEven } from '../../args.js';
import { invalid } from '../../errors.js';
import { declareOptions } from '../../options.js';
import type { ResizeImageOptions } from '../resizeImage.js';

/** How the image fits `width × height` (sharp's names). */
export type Fit = 'fill' | 'cover' | 'contain' | 'inside' | 'outside';

/** Where 'cover' crops and 'contain' places: sharp's positions and gravities. */
export type Position =
  | 'centre' | 'center' | 'top' | 'right top' | 'right' | 'right bottom' | 'bottom' | 'left bottom' | 'left' | 'left top'
  | 'north' | 'northeast' | 'east' | 'southeast' | 'south' | 'southwest' | 'west' | 'northwest';

/** A source rectangle in source pixels; fractional values allowed. */
export interface CropRect {
  /** Left edge, ≥ 0. */
  left: number;
  /** Top edge, ≥ 0. */
  top: number;
  /** Width, > 0, with left + width ≤ the image width. */
  width: number;
  /** Height, > 0, with top + height ≤ the image height. */
  height: number;
}

/** The geometry options of ResizeImageOptions. */
export type GeometryOptions = Pick<ResizeImageOptions, 'width' | 'height' | 'fit' | 'position' | 'background' | 'withoutEnlargement' | 'withoutReduction' | 'crop'>;

/** Where the resampled image sits on a 'contain' canvas (its offsets may be negative), and the colour around it. */
export interface Canvas {
  width: number;
  height: number;
  left: number;
  top: number;
  /** RGBA, 0..255 each. */
  background: [number, number, number, number];
}

/** The resample the options ask for: source rectangle → `outW × outH`, perhaps on a canvas. */
export interface Geometry {
  outW: number;
  outH: number;
  /** [left, top, width, height] of the source rectangle resampled. */
  window: [number, number, number, number];
  canvas?: Canvas;
}

const FITS = { fill: 0, cover: 0, contain: 0, inside: 0, outside: 0 };

// sharp's gravity codes: 0 centre, 1 north, 2 east, 3 south, 4 west, 5 northeast, 6 southeast, 7 southwest, 8 northwest.
const GRAVITY: Record<Position, number> = {
  centre: 0, center: 0, top: 1, north: 1, right: 2, east: 2, bottom: 3, south: 3, left: 4, west: 4,
  'right top': 5, northeast: 5, 'right bottom': 6, southeast: 6, 'left bottom': 7, southwest: 7, 'left top': 8, northwest: 8,
};

const cropKeys = declareOptions<CropRect>([], { left: true, top: true, width: true, height: true }, 'crop key');

/**
 * Offsets of a `w × h` part in a `W × H` whole for gravity `g`; `round`
 * splits an odd difference (sharp rounds crops' centres up, embeds' down).
 */
function place(W: number, H: number, w: number, h: number, g: number, round: 0 | 1): [number, number] {
  const mid = (d: number) => Math.trunc((d + round) / 2);
  const x = [mid(W - w), mid(W - w), W - w, mid(W - w), 0, W - w, W - w, 0, 0][g];
  const y = [mid(H - h), 0, mid(H - h), H - h, mid(H - h), 0, H - h, H - h, 0][g];
  return [x, y];
}

function crop(o: CropRect | undefined, inW: number, inH: number): [number, number, number, number] {
  if (o === undefined) return [0, 0, inW, inH];
  if (o === null || typeof o !== 'object') throw invalid('crop', o, 'an object { left, top, width, height }');
  const c = cropKeys('resizeImage', o);
  const edge = (key: 'left' | 'top', v: unknown, room: number) => {
    if (typeof v !== 'number' || !(v >= 0 && v < room)) throw invalid(`crop.${key}`, v, `a number from 0 to below the image's ${key === 'left' ? 'width' : 'height'} ${room}`);
    return v;
  };
  const size = (key: 'width' | 'height', v: unknown, room: number) => {
    if (typeof v !== 'number' || !(v > 0 && v <= room)) throw invalid(`crop.${key}`, v, `a positive number up to ${room} (the image's ${key} less crop.${key === 'width' ? 'left' : 'top'})`);
    return v;
  };
  const left = edge('left', c.left, inW);
  const top = edge('top', c.top, inH);
  return [left, top, size('width', c.width, inW - left), size('height', c.height, inH - top)];
}

function background(v: unknown): Canvas['background'] {
  if (v === undefined) return [0, 0, 0, 255];
  const ok = Array.isArray(v) && v.length === 4 && v.every((c) => Number.isInteger(c) && c >= 0 && c <= 255);
  if (!ok) throw invalid('background', v, 'an array [r, g, b, a] of integers 0 to 255');
  return v as Canvas['background'];
}

/** sharp's ResolveShrink: the factor each axis shrinks by (below 1: enlarges). */
function shrinks(w: number, h: number, tw: number | undefined, th: number | undefined, fit: Fit, o: GeometryOptions): [number, number] {
  let hs = tw === undefined ? h / th! : w / tw;
  let vs = th === undefined ? hs : h / th;
  if (tw === undefined) hs = vs;
  if (tw !== undefined && th !== undefined && fit !== 'fill') {
    // cover and outside fill the box (the smaller shrink); contain and inside fit in it (the larger).
    const s = fit === 'cover' || fit === 'outside' ? Math.min(hs, vs) : Math.max(hs, vs);
    hs = vs = s;
  }
  if (optionalBool('withoutReduction', o.withoutReduction)) {
    hs = Math.min(1, hs);
    vs = Math.min(1, vs);
  } else if (optionalBool('withoutEnlargement', o.withoutEnlargement)) {
    hs = Math.max(1, hs);
    vs = Math.max(1, vs);
  }
  return [Math.min(hs, w), Math.min(vs, h)];
}

/**
 * Sizes and places a resize of an `inW × inH` image as sharp does.
 * `tw`/`th`: the requested width and height (checked; at least one given);
 * 'fill' with one of them keeps the aspect ratio (sharp's 'fill' would keep
 * the other axis), rounding half up as resizeImage always has.
 */
export function planGeometry(inW: number, inH: number, tw: number | undefined, th: number | undefined, o: GeometryOptions): Geometry {
  const fit = choice('fit', o.fit, 'fill', FITS);
  const name = o.position ?? 'centre';
  if (name === ('entropy' as Position) || name === ('attention' as Position)) {
    throw invalid('position', name, "a position or gravity: sharp's 'entropy' and 'attention' crops are not implemented");
  }
  const gravity = GRAVITY[choice('position', name, 'centre', GRAVITY)];
  const fill = background(o.background);
  const window = crop(o.crop, inW, inH);
  const [, , w, h] = window;
  if (fit === 'fill' && (tw === undefined || th === undefined)) {
    tw ??= Math.max(1, Math.round((w * th!) / h));
    th ??= Math.max(1, Math.round((h * tw) / w));
  }
  const [hs, vs] = shrinks(w, h, tw, th, fit, o);
  const rw = Math.max(1, roundHalfEven(w / hs));
  const rh = Math.max(1, roundHalfEven(h / vs));
  const [bw, bh] = [tw ?? rw, th ?? rh];
  if ((rw === bw && rh === bh) || (fit !== 'cover' && fit !== 'contain')) return { outW: rw, outH: rh, window };
  if (fit === 'contain') {
    // As sharp, placed by the requested box, not the canvas: where the image
    // is larger than the box (withoutReduction) it moves off the canvas.
    const [width, height] = [Math.max(rw, bw), Math.max(rh, bh)];
    const [left, top] = place(bw, bh, rw, rh, gravity, 0);
    return { outW: rw, outH: rh, window, canvas: { width, height, left, top, background: fill } };
  }
  // cover: the part of the rw × rh resize that sharp keeps, as a source rectangle.
  const [cw, ch] = [Math.min(bw, rw), Math.min(bh, rh)];
  const [left, top] = place(rw, rh, cw, ch, gravity, 1);
  const [sx, sy] = [w / rw, h / rh];
  const x = window[0] + left * sx;
  const y = window[1] + top * sy;
  return { outW: cw, outH: ch, window: [x, y, Math.min(cw * sx, inW - x), Math.min(ch * sy, inH - y)] };
}
