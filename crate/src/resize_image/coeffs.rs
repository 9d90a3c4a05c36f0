//! Per-axis coefficient tables: for each output position a window of source
//! positions and their weights, normalised in f64 and quantised to i16 fixed
//! point so that every row sums to exactly `1 << PRECISION` (a flat image
//! stays flat, an opaque alpha stays exactly opaque).

use super::filters::Filter;
use crate::error::KernelResult;
use crate::mem;

/// Fractional bits of the weights. Weights stay below 2 in magnitude, so they
/// fit i16; sums of |weight| stay below 2, so a 15-bit working value times a
/// weight sum fits i32 with room to spare.
pub const PRECISION: u32 = 14;
const ONE: i32 = 1 << PRECISION;

pub struct Table {
    pub in_len: usize,
    pub out_len: usize,
    /// Window length, the same for every output (short windows are padded with zero weights).
    pub taps: usize,
    /// `taps` rounded up to even: the vector paths consume weights in pairs.
    pub stride: usize,
    /// First source position of each output's window; `start + taps <= in_len`.
    pub start: Vec<u32>,
    /// `out_len × stride` weights; an odd window's last pair ends in a zero weight.
    /// (Empty in a float table.)
    pub coef: Vec<i16>,
    /// The same weights unquantised, in f32 (only in a float table, else empty).
    pub fcoef: Vec<f32>,
}

impl Table {
    /// Pixel-centre alignment (`(j + 0.5)·in/out - 0.5`), Pillow's and
    /// libvips' convention; taps that fall outside the image are dropped and
    /// the rest renormalised.
    pub fn new(filter: Filter, in_len: usize, out_len: usize) -> KernelResult<Self> {
        Self::window(filter, in_len, out_len, (0.0, in_len as f64))
    }

    /// As `new`, mapping the outputs onto the source span `offset ..
    /// offset + length` (a crop, fractional allowed) instead of the whole
    /// axis; taps still reach into source pixels outside the span.
    pub fn window(filter: Filter, in_len: usize, out_len: usize, span: (f64, f64)) -> KernelResult<Self> {
        Self::build(filter, in_len, out_len, span, false)
    }

    /// `window`'s windows with f32 weights (`fcoef`), for the float path.
    pub fn float(filter: Filter, in_len: usize, out_len: usize, span: (f64, f64)) -> KernelResult<Self> {
        Self::build(filter, in_len, out_len, span, true)
    }

    // One constructor for both (a generic one would be a second copy in the module).
    fn build(filter: Filter, in_len: usize, out_len: usize, (offset, length): (f64, f64), float: bool) -> KernelResult<Self> {
        let scale = length / out_len as f64;
        let stretch = scale.max(1.0);
        let support = filter.support() * stretch;
        let window = |j: usize| {
            let center = offset + (j as f64 + 0.5) * scale;
            let lo = ((center - support + 0.5).floor().max(0.0) as usize).min(in_len - 1);
            let hi = ((center + support + 0.5).floor() as usize).clamp(lo + 1, in_len);
            (center, lo, hi)
        };
        let taps = (0..out_len).map(&window).map(|(_, lo, hi)| hi - lo).max().unwrap_or(1);
        // Even windows let the vector paths read whole pairs without padding.
        let taps = if taps % 2 == 1 && taps < in_len { taps + 1 } else { taps };
        let stride = taps + taps % 2;
        let mut start = mem::try_filled(out_len, 0u32)?;
        let len = out_len.saturating_mul(stride);
        let mut coef = mem::try_filled(if float { 0 } else { len }, 0i16)?;
        let mut fcoef = mem::try_filled(if float { len } else { 0 }, 0f32)?;
        let mut w = mem::try_filled(taps, 0f64)?;
        // Windows that sit on the source the same way (an exact scale such as
        // 2 or 1.5 repeats them) have the same weights: copied from the first
        // such output, bit for bit, instead of computed again (lanczos3's
        // sines took 2 ms a call at 4K). Keyed on exactly what the weights depend on.
        let mut seen = [(Place::default(), usize::MAX); 64];
        for (j, first) in start.iter_mut().enumerate() {
            let (center, lo, hi) = window(j);
            let s = lo.min(in_len - taps);
            *first = s as u32;
            let place = Place { d: (lo as f64 + 0.5 - center).to_bits(), len: hi - lo, shift: lo - s };
            let slot = &mut seen[(place.d ^ place.d >> 31 ^ place.len as u64) as usize % 64];
            let row = j * stride..(j + 1) * stride;
            if slot.0 == place && slot.1 != usize::MAX {
                let from = slot.1 * stride;
                if float {
                    fcoef.copy_within(from..from + stride, row.start)
                } else {
                    coef.copy_within(from..from + stride, row.start)
                }
                continue;
            }
            let w = &mut w[..hi - lo];
            let usual = weights(filter, f64::from_bits(place.d), stretch, w);
            if !usual {
                // Only reachable through rounding at window edges: fall back to the nearest pixel.
                w.iter_mut().for_each(|v| *v = 0.0);
                w[((center.floor() as usize).clamp(lo, hi - 1)) - lo] = 1.0;
            }
            let at = row.start + place.shift..row.start + place.shift + place.len;
            if float {
                fcoef[at].iter_mut().zip(w.iter()).for_each(|(q, &v)| *q = v as f32);
            } else {
                quantise(w, &mut coef[at]);
            }
            if usual {
                *slot = (place, j);
            }
        }
        Ok(Self { in_len, out_len, taps, stride, start, coef, fcoef })
    }

    /// The table for a band of `len` source positions from `at`: windows
    /// shifted into it, `None` if an output reads outside it.
    pub fn within(mut self, at: usize, len: usize) -> Option<Self> {
        let (lo, hi) = self.span(0, self.out_len);
        if lo < at || hi > at + len {
            return None;
        }
        self.start.iter_mut().for_each(|s| *s -= at as u32);
        self.in_len = len;
        Some(self)
    }

    /// Where every output takes one source position whole (box upscales by
    /// whole factors), those positions: the pass is a copy.
    pub fn copies(&self) -> KernelResult<Option<Vec<usize>>> {
        let source = |j: usize| {
            let w = &self.coef[j * self.stride..(j + 1) * self.stride];
            let k = w.iter().position(|&v| v != 0)?;
            (w[k] as i32 == ONE && w[k + 1..].iter().all(|&v| v == 0)).then_some(self.start[j] as usize + k)
        };
        if (0..self.out_len).any(|j| source(j).is_none()) {
            return Ok(None);
        }
        mem::try_collect((0..self.out_len).filter_map(source)).map(Some)
    }

    /// Source positions `[lo, hi)` read by outputs `j0..j1`.
    pub fn span(&self, j0: usize, j1: usize) -> (usize, usize) {
        let starts = &self.start[j0..j1];
        let lo = starts.iter().min().map_or(0, |&s| s as usize);
        let hi = starts.iter().max().map_or(0, |&s| s as usize + self.taps);
        (lo, hi)
    }
}

/// How an output's window sits on the source: the offset of its first tap
/// from the centre (as bits), its length, and its place in the padded row.
#[derive(Clone, Copy, Default, PartialEq)]
struct Place {
    d: u64,
    len: usize,
    shift: usize,
}

/// The window's weights, `w[i]` for the tap `d + i` source pixels from the
/// centre, normalised to sum 1; false (`w` unusable) when they sum to about 0.
fn weights(filter: Filter, d: f64, stretch: f64, w: &mut [f64]) -> bool {
    for (i, v) in w.iter_mut().enumerate() {
        *v = filter.weight((i as f64 + d) / stretch);
    }
    let sum: f64 = w.iter().sum();
    w.iter_mut().for_each(|v| *v /= sum);
    sum.abs() >= 1e-9
}

/// Rounds each weight to fixed point and gives the rounding residue to the
/// largest one, so the row sums to exactly ONE.
fn quantise(w: &[f64], out: &mut [i16]) {
    let mut sum = 0;
    let mut big = 0;
    for (k, (&v, q)) in w.iter().zip(out.iter_mut()).enumerate() {
        *q = (v * ONE as f64).round() as i16;
        sum += *q as i32;
        if v.abs() > w[big].abs() {
            big = k;
        }
    }
    out[big] += (ONE - sum) as i16;
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILTERS: [Filter; 6] = [Filter::Box, Filter::Bilinear, Filter::Bicubic, Filter::Mitchell, Filter::Lanczos2, Filter::Lanczos3];

    #[test]
    fn rows_sum_exactly_to_one_and_stay_in_bounds() {
        for f in FILTERS {
            for (i, o) in [(1, 1), (1, 5), (5, 1), (2, 3), (7, 3), (17, 33), (33, 17), (100, 7), (3840, 1920), (3, 1000)] {
                let t = Table::new(f, i, o).unwrap();
                assert!(t.taps <= i && t.stride.is_multiple_of(2) && (t.taps.is_multiple_of(2) || t.taps == i));
                for j in 0..o {
                    let row = &t.coef[j * t.stride..(j + 1) * t.stride];
                    assert_eq!(row.iter().map(|&c| c as i32).sum::<i32>(), ONE, "{f:?} {i}->{o} row {j}");
                    assert!(row[t.taps..].iter().all(|&c| c == 0));
                    assert!(t.start[j] as usize + t.taps <= i);
                }
            }
        }
    }

    #[test]
    fn downscaling_widens_the_support() {
        let up = Table::new(Filter::Lanczos3, 100, 200).unwrap();
        let down = Table::new(Filter::Lanczos3, 400, 100).unwrap();
        assert_eq!(up.taps, 6);
        assert_eq!(down.taps, 24);
        // Box 2x down averages exact pairs.
        let b = Table::new(Filter::Box, 4, 2).unwrap();
        assert_eq!((b.taps, &b.start[..], &b.coef[..]), (2, &[0, 2][..], &[ONE as i16 / 2; 4][..]));
        // Bilinear 2x up: the classic 3/4, 1/4 weights.
        let l = Table::new(Filter::Bilinear, 2, 4).unwrap();
        let w = |j: usize| &l.coef[j * l.stride..j * l.stride + l.taps];
        assert_eq!(w(1), &[(ONE * 3 / 4) as i16, (ONE / 4) as i16]);
        assert_eq!(t_span(&l), (0, 2));
        // Box upscales by whole factors copy pixels; other tables do not.
        assert_eq!(Table::new(Filter::Box, 2, 6).unwrap().copies().unwrap(), Some(vec![0, 0, 0, 1, 1, 1]));
        assert_eq!(Table::new(Filter::Box, 1920, 3840).unwrap().copies().unwrap().map(|c| c[3839]), Some(1919));
        assert!(l.copies().unwrap().is_none() && b.copies().unwrap().is_none());
    }

    #[test]
    fn windows_shift_the_table() {
        for f in FILTERS {
            let (a, b) = (Table::new(f, 40, 13).unwrap(), Table::window(f, 40, 13, (0.0, 40.0)).unwrap());
            assert_eq!((&a.start, &a.coef), (&b.start, &b.coef));
            // Taps reach past the window's edges, not past the image's.
            let c = Table::window(f, 40, 13, (10.0, 20.0)).unwrap();
            assert!(f == Filter::Box || c.start[0] < 10);
        }
        // A same-size integer crop copies: one weight of ONE per row.
        let c = Table::window(Filter::Lanczos3, 30, 9, (4.0, 9.0)).unwrap();
        for j in 0..9 {
            let row = &c.coef[j * c.stride..(j + 1) * c.stride];
            let k = 4 + j - c.start[j] as usize;
            assert!(row.iter().enumerate().all(|(i, &w)| w == if i == k { ONE as i16 } else { 0 }), "row {j}");
        }
    }

    #[test]
    fn copied_rows_equal_rows_computed_afresh() {
        // Exact scales (2, 1.5, 1/3) copy most rows; 1000 -> 300 copies few.
        for f in FILTERS {
            for (i, o, span) in
                [(3840, 1920, (0.0, 3840.0)), (1080, 720, (0.0, 1080.0)), (7, 21, (0.0, 7.0)), (1000, 300, (0.0, 1000.0)), (90, 40, (2.5, 60.0))]
            {
                for float in [false, true] {
                    let t = Table::build(f, i, o, span, float).unwrap();
                    let (scale, mut w) = (span.1 / o as f64, vec![0.0; t.taps]);
                    let support = f.support() * scale.max(1.0);
                    for j in 0..o {
                        let center = span.0 + (j as f64 + 0.5) * scale;
                        let lo = ((center - support + 0.5).floor().max(0.0) as usize).min(i - 1);
                        let hi = ((center + support + 0.5).floor() as usize).clamp(lo + 1, i);
                        let w = &mut w[..hi - lo];
                        assert!(weights(f, lo as f64 + 0.5 - center, scale.max(1.0), w), "{f:?} {i}->{o} row {j}");
                        let k = j * t.stride + lo - t.start[j] as usize;
                        if float {
                            assert!(w.iter().zip(&t.fcoef[k..]).all(|(&a, &b)| a as f32 == b), "{f:?} {i}->{o} row {j}");
                        } else {
                            let mut q = vec![0; w.len()];
                            quantise(w, &mut q);
                            assert_eq!(&t.coef[k..k + q.len()], &q[..], "{f:?} {i}->{o} row {j}");
                        }
                    }
                }
            }
        }
    }

    fn t_span(t: &Table) -> (usize, usize) {
        t.span(0, t.out_len)
    }
}
