//! `F.interpolate` on float32 tensors. Every mode is a tap table per axis,
//! built once per call (nearest.rs, linear.rs, cubic.rs, area.rs,
//! antialias.rs); `resample` runs them through separable/, innermost axis
//! first, one (n, c) plane at a time, with adjacent resampled axes fused
//! (two or three) so that the intermediate rows and slices stay in cache.
//! It takes any number of axes, some copied: ONNX's Resize
//! (crate/src/onnx/resize) builds its own tables and runs them here too.
//! uint8 tensors have their own kernels (uint8/), as in PyTorch.

pub mod antialias;
pub mod area;
pub mod cubic;
pub mod export;
pub mod linear;
pub mod nearest;
mod repair;
pub mod separable;
pub mod uint8;

use crate::error::{KernelError, KernelResult};
use crate::mem;
use crate::simd::Path;
use crate::threads;
use antialias::Filter;
use core::ops::Range;
use separable::AxisTable;

crate::codes! {
    /// The kernel behind each `interpolate` mode.
    pub enum Mode {
        Nearest = 0,
        NearestExact = 1,
        /// linear, bilinear, trilinear.
        Linear = 2,
        /// bicubic.
        Cubic = 3,
        Area = 4,
        /// Always antialiased.
        Lanczos = 5,
    }
}

/// One spatial axis: its lengths and the scale factor the caller passed, if
/// the kernel is to use it (PyTorch's `scale_factor` without recompute).
#[derive(Clone, Copy, Debug)]
pub struct AxisSpec {
    pub in_len: usize,
    pub out_len: usize,
    pub scale: Option<f64>,
}

impl AxisSpec {
    pub fn new(in_len: usize, out_len: usize, scale: Option<f64>) -> Self {
        Self { in_len, out_len, scale }
    }
}

/// PyTorch's `compute_scales_value`: float32(1/scale) when a scale was given,
/// else float32(in) / float32(out).
pub fn ratio(a: &AxisSpec) -> f32 {
    match a.scale {
        Some(s) if s > 0.0 => (1.0 / s) as f32,
        _ => a.in_len as f32 / a.out_len as f32,
    }
}

/// align_corners maps the corner pixels onto each other: (in-1)/(out-1), 0 for one output.
pub fn corner_ratio(a: &AxisSpec) -> f32 {
    if a.out_len > 1 {
        (a.in_len - 1) as f32 / (a.out_len - 1) as f32
    } else {
        0.0
    }
}

/// PyTorch's `area_pixel_compute_scale`: the coordinate ratio of an interpolating mode.
pub fn pixel_ratio(a: &AxisSpec, align_corners: bool) -> f32 {
    if align_corners {
        corner_ratio(a)
    } else {
        ratio(a)
    }
}

#[derive(Clone)]
pub struct Spec {
    pub mode: Mode,
    pub align_corners: bool,
    /// Pillow-style filtering for Linear and Cubic (Lanczos always has it).
    pub antialias: bool,
    pub channels_last: bool,
    pub batch: usize,
    pub channels: usize,
    /// Outermost spatial axis first (D, H, W order).
    pub axes: Vec<AxisSpec>,
}

impl Spec {
    pub fn in_len(&self) -> usize {
        self.batch * self.channels * self.axes.iter().map(|a| a.in_len).product::<usize>()
    }
    pub fn out_len(&self) -> usize {
        self.batch * self.channels * self.axes.iter().map(|a| a.out_len).product::<usize>()
    }
    /// Whether PyTorch's `nearest` takes its short-cuts (`nearest_idx`: a
    /// copy where out = in, `j >> 1` where out = 2·in, whatever the scale
    /// factor): where it runs its channels_last kernel, which current
    /// PyTorch picks for channels-last input with more than 3 channels, and
    /// on 2-D also for any output whose height + width is at most 128.
    /// (torch 1.13: channels-last or C = 1.)
    fn nearest_shortcuts(&self) -> bool {
        let channels_last = self.channels_last && self.channels > 3;
        match &self.axes[..] {
            [h, w] => channels_last || h.out_len + w.out_len <= 128,
            [_, _, _] => channels_last,
            _ => false,
        }
    }

    pub fn valid(&self) -> bool {
        (1..=3).contains(&self.axes.len()) && self.axes.iter().all(|a| a.in_len > 0 && a.out_len > 0)
    }
}

/// The axis's taps, or None where PyTorch copies the axis unchanged. Also
/// used by `conv::upsample`, which samples the same values without
/// materialising them.
pub fn table(spec: &Spec, a: &AxisSpec) -> KernelResult<Option<AxisTable>> {
    let align = spec.align_corners;
    let filtered = spec.antialias || spec.mode == Mode::Lanczos;
    let unchanged = a.in_len == a.out_len;
    let table = match spec.mode {
        Mode::Nearest if spec.nearest_shortcuts() => nearest::shortcut_table(a),
        Mode::Nearest => nearest::table(a),
        Mode::NearestExact => nearest::exact_table(a),
        // Linear modes and the antialiased (separable) kernel copy an axis
        // whose length does not change, whatever the scale; plain bicubic
        // resamples it with 1/scale. (torch 1.13's antialiased kernel did
        // not copy either; current PyTorch does.)
        Mode::Linear | Mode::Cubic | Mode::Lanczos if unchanged && (filtered || spec.mode == Mode::Linear) => return Ok(None),
        Mode::Linear if filtered => antialias::table(a, align, Filter::Triangle),
        Mode::Cubic if filtered => antialias::table(a, align, Filter::Cubic),
        Mode::Lanczos => antialias::table(a, align, Filter::Lanczos3),
        Mode::Linear => linear::table(a, align),
        Mode::Cubic => cubic::table(a, align),
        // Windows of one pixel each.
        Mode::Area if unchanged => return Ok(None),
        Mode::Area => area::table(a),
    };
    table.map(Some)
}

/// One step of a plane's resampling: one axis, or two or three adjacent
/// ones fused (`separable::run_pair`, `run_triple`), over `outer` rows of
/// `inner` floats, skipping the rows `skip` marks; `len` floats come out.
struct Step<'t> {
    tables: [&'t AxisTable; 3],
    axes: usize,
    outer: usize,
    inner: usize,
    skip: Option<Vec<bool>>,
    len: usize,
}

impl Step<'_> {
    /// The step's tables, outermost axis first.
    fn tables(&self) -> &[&AxisTable] {
        &self.tables[3 - self.axes..]
    }
}

pub fn interpolate(path: Path, x: &[f32], out: &mut [f32], spec: &Spec) -> KernelResult {
    if !spec.valid() {
        return Err(KernelError::BadArgument);
    }
    if x.len() < spec.in_len() || out.len() < spec.out_len() {
        return Err(KernelError::BadBuffer);
    }
    let mut tables = mem::try_vec(spec.axes.len())?;
    for a in &spec.axes {
        tables.push(table(spec, a)?);
    }
    // Channels-last keeps C innermost: it rides along as the vector lane axis.
    let (planes, lane) = if spec.channels_last { (spec.batch, spec.channels) } else { (spec.batch * spec.channels, 1) };
    let lens = mem::try_collect(spec.axes.iter().map(|a| (a.in_len, a.out_len)))?;
    resample(path, x, out, Layout { planes, lane, lens: &lens }, &tables)?;
    repair::repair(x, out, spec, &tables, lane);
    Ok(())
}

/// What `resample` runs over: `planes` independent blocks of the axes
/// `lens` (input and output length, outermost first), each element
/// `lane` contiguous floats that every axis moves as one.
#[derive(Clone, Copy)]
pub struct Layout<'a> {
    pub planes: usize,
    pub lane: usize,
    pub lens: &'a [(usize, usize)],
}

impl Layout<'_> {
    /// Floats of one input and one output plane, None if they overflow.
    pub fn plane_lens(&self) -> Option<(usize, usize)> {
        let (i, o) = self.lens.iter().try_fold((self.lane, self.lane), |(i, o), &(a, b)| Some((i.checked_mul(a)?, o.checked_mul(b)?)))?;
        Some((i, o))
    }
}

/// Runs one table per axis of `layout` (None: the axis is copied, its
/// lengths equal), innermost axis first, adjacent tables fused two or
/// three at a time. The one runner of every separable resampling.
pub fn resample(path: Path, x: &[f32], out: &mut [f32], layout: Layout, tables: &[Option<AxisTable>]) -> KernelResult {
    let Layout { planes, lane, lens } = layout;
    let (in_plane, out_plane) = layout.plane_lens().ok_or(KernelError::BadArgument)?;
    let fits = |(a, b): &(usize, usize), t: &Option<AxisTable>| t.as_ref().map_or(a == b, |t| (t.in_len, t.out_len) == (*a, *b));
    if tables.len() != lens.len() || !lens.iter().zip(tables).all(|(l, t)| fits(l, t)) {
        return Err(KernelError::BadArgument);
    }
    let (n_in, n_out) = (in_plane.checked_mul(planes), out_plane.checked_mul(planes));
    if n_in.is_none_or(|n| x.len() < n) || n_out.is_none_or(|n| out.len() < n) {
        return Err(KernelError::BadBuffer);
    }
    let plan = plan(lens, tables, lane)?;
    if plan.is_empty() {
        out[..planes * out_plane].copy_from_slice(&x[..planes * in_plane]);
        return Ok(());
    }
    // Each thread's scratch is reserved up front, so running out of memory fails before anything is written.
    let between = plan[..plan.len() - 1].iter().map(|s| s.len).max().unwrap_or(0);
    let parts = threads::PerThread::new(|| {
        let mut scratch = separable::Scratch::default();
        for step in &plan {
            scratch.reserve(path, step.tables(), step.inner)?;
        }
        Ok(Part { scratch, mid: mem::try_vec(between)?, spare: mem::try_vec(between)? })
    })?;
    // Threads take planes; a single fused pair on fewer planes than threads
    // (channels-last, one image) also splits each plane's output rows.
    let rows = match plan[..] {
        [Step { axes: 2, outer: 1, tables: [.., th, _], .. }] if planes < threads::count() => th.out_len,
        _ => 1,
    };
    // (Work: a multiply-add per output and tap of each axis, a read per input.)
    let work = planes * (in_plane + out_plane * tables.iter().flatten().map(|t| t.taps).sum::<usize>());
    let pieces = threads::chunks(rows, work).div_ceil(planes).max(1);
    let per = rows.div_ceil(pieces);
    let row_len = out_plane / rows;
    let out = threads::Disjoint::new(&mut out[..planes * out_plane]);
    threads::for_each(planes * pieces, work, &|i, slot| {
        let (p, k) = (i / pieces, i % pieces);
        let band = (k * per).min(rows)..((k + 1) * per).min(rows);
        // SAFETY: piece i writes rows `band` of plane p only.
        let to = unsafe { &mut out.get()[p * out_plane + band.start * row_len..p * out_plane + band.end * row_len] };
        let band = (rows > 1).then_some(band);
        parts.get(&slot).plane(path, &x[p * in_plane..(p + 1) * in_plane], to, &plan, band);
    });
    Ok(())
}

/// One thread's scratch for `resample`: the passes' own, and two
/// intermediates between steps.
struct Part {
    scratch: separable::Scratch,
    mid: Vec<f32>,
    spare: Vec<f32>,
}

impl Part {
    /// Runs the plan's steps over one plane; `out` holds its output rows
    /// `rows` when given (a plan of one fused pair), else all of it.
    fn plane(&mut self, path: Path, x: &[f32], out: &mut [f32], plan: &[Step], rows: Option<Range<usize>>) {
        let Part { scratch, mid, spare } = self;
        let mut from = x;
        for (k, step) in plan.iter().enumerate() {
            let last = k + 1 == plan.len();
            let to: &mut [f32] = if last {
                &mut *out
            } else {
                // (Within the reservation: nothing reallocates.)
                spare.resize(step.len, 0.0);
                &mut spare[..]
            };
            let (outer, inner, skip) = (step.outer, step.inner, step.skip.as_deref());
            match *step.tables() {
                [t] => separable::run(path, from, to, outer, inner, t, skip, scratch),
                [th, tw] => separable::run_pair(path, from, to, outer, inner, th, tw, skip, rows.clone().unwrap_or(0..th.out_len), scratch),
                // (Skipping rows is an economy: three fused axes compute them all.)
                [td, th, tw] => separable::run_triple(path, from, to, outer, inner, td, th, tw, scratch),
                _ => unreachable!("steps fuse one to three axes"),
            }
            if !last {
                core::mem::swap(mid, spare);
                from = &mid[..];
            }
        }
    }
}

/// The steps, innermost axis first, adjacent resampled axes fused (at most three).
fn plan<'t>(lens: &[(usize, usize)], tables: &'t [Option<AxisTable>], lane: usize) -> KernelResult<Vec<Step<'t>>> {
    let passes = mem::try_collect((0..lens.len()).rev().filter(|&k| tables[k].is_some()))?;
    let table = |k: usize| tables[k].as_ref().expect("steps only name axes with tables");
    // Which source positions the later (outer) passes read, per axis.
    let mut reads = mem::try_vec(tables.len())?;
    for t in tables {
        reads.push(t.as_ref().map(AxisTable::reads).transpose()?);
    }
    let mut dims = mem::try_collect(lens.iter().map(|a| a.0))?;
    let mut plan = mem::try_vec(passes.len())?;
    let mut rest = &passes[..];
    while let [k, more @ ..] = rest {
        let k = *k;
        let fused = more.iter().zip(1..).take_while(|&(&a, d)| a + d == k).take(2).count();
        let first = k - fused;
        let outer: usize = dims[..first].iter().product();
        let inner: usize = dims[k + 1..].iter().product::<usize>() * lane;
        let skip = skip_mask(&dims[..first], &reads[..first])?;
        for (d, a) in dims[first..=k].iter_mut().zip(&lens[first..=k]) {
            *d = a.1;
        }
        let len = outer * dims[first..].iter().product::<usize>() * lane;
        // Outermost first, padded in front with the first one (`Step::tables` drops those).
        let tables = core::array::from_fn(|i| table((k + i).saturating_sub(2).max(first)));
        plan.push(Step { tables, axes: fused + 1, outer, inner, skip, len });
        rest = &more[fused..];
    }
    Ok(plan)
}

/// Rows of the current pass (indexed by the axes outside it) that no later
/// pass reads, or None when every row is read.
fn skip_mask(dims: &[usize], reads: &[Option<Vec<bool>>]) -> KernelResult<Option<Vec<bool>>> {
    let outer: usize = dims.iter().product();
    let mut skip = mem::try_filled(outer, false)?;
    let mut any = false;
    for (o, s) in skip.iter_mut().enumerate() {
        let mut rest = o;
        for k in (0..dims.len()).rev() {
            let i = rest % dims[k];
            rest /= dims[k];
            if reads[k].as_ref().is_some_and(|r| !r[i]) {
                *s = true;
                any = true;
                break;
            }
        }
    }
    Ok(any.then_some(skip))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x: &[f32], mode: Mode, align: bool, axes: Vec<AxisSpec>) -> Vec<f32> {
        let spec = Spec { mode, align_corners: align, antialias: false, channels_last: false, batch: 1, channels: 1, axes };
        let mut out = vec![f32::NAN; spec.out_len()];
        interpolate(crate::simd::Path::Vector, x, &mut out, &spec).unwrap();
        out
    }

    fn close(a: &[f32], b: &[f32]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-4)
    }

    const X: [f32; 4] = [1.0, 2.0, 3.0, 4.0];

    // The nn.Upsample tables of PyTorch's documentation, on [[1,2],[3,4]].
    #[test]
    fn seed_bilinear_tables() {
        let ax = |o, s| vec![AxisSpec::new(2, o, s), AxisSpec::new(2, o, s)];
        let half = run(&X, Mode::Linear, false, ax(4, Some(2.0)));
        let row = |a: f32| [a, a + 0.25, a + 0.75, a + 1.0];
        let want: Vec<f32> = [1.0, 1.5, 2.5, 3.0].iter().flat_map(|&a| row(a)).collect();
        assert!(close(&half, &want));
        let corners = run(&X, Mode::Linear, true, ax(4, Some(2.0)));
        let t = 1.0 / 3.0;
        let want: Vec<f32> = (0..4).flat_map(|i| (0..4).map(move |j| 1.0 + 2.0 * i as f32 * t + j as f32 * t)).collect();
        assert!(close(&corners, &want));
        let sized = run(&X, Mode::Linear, true, vec![AxisSpec::new(2, 3, None), AxisSpec::new(2, 5, None)]);
        let want: Vec<f32> = (0..3).flat_map(|i| (0..5).map(move |j| 1.0 + i as f32 + 0.25 * j as f32)).collect();
        assert!(close(&sized, &want));
    }

    #[test]
    fn seed_nearest_tables() {
        let up = run(&X, Mode::Nearest, false, vec![AxisSpec::new(2, 4, Some(2.0)); 2]);
        assert_eq!(up, [1., 1., 2., 2., 1., 1., 2., 2., 3., 3., 4., 4., 3., 3., 4., 4.]);
        let sized = run(&X, Mode::Nearest, false, vec![AxisSpec::new(2, 3, None), AxisSpec::new(2, 5, None)]);
        assert_eq!(sized, [1., 1., 1., 2., 2., 1., 1., 1., 2., 2., 3., 3., 3., 4., 4.]);
    }

    #[test]
    fn unchanged_axes_copy_exactly() {
        let x = [f32::INFINITY, f32::NAN, -0.0, 7.0];
        let out = run(&x, Mode::Linear, false, vec![AxisSpec::new(2, 2, Some(1.5)); 2]);
        assert_eq!(out.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), x.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
    }

    #[test]
    fn channels_last_equals_transposed_channels_first() {
        let (c, h, w, oh, ow) = (3, 5, 7, 3, 11);
        let x: Vec<f32> = (0..c * h * w).map(|i| (i as f32 * 0.7).cos()).collect();
        let axes = vec![AxisSpec::new(h, oh, None), AxisSpec::new(w, ow, None)];
        // (Nearest differs between the layouts only at out == in and out == 2·in.)
        for mode in [Mode::Nearest, Mode::NearestExact, Mode::Linear] {
            let first = Spec { mode, align_corners: false, antialias: false, channels_last: false, batch: 1, channels: c, axes: axes.clone() };
            let last = Spec { channels_last: true, ..first.clone() };
            let xl: Vec<f32> = (0..h * w * c).map(|i| x[(i % c) * h * w + i / c]).collect();
            let (mut a, mut b) = (vec![f32::NAN; c * oh * ow], vec![f32::NAN; c * oh * ow]);
            interpolate(crate::simd::Path::Vector, &x, &mut a, &first).unwrap();
            interpolate(crate::simd::Path::Vector, &xl, &mut b, &last).unwrap();
            for i in 0..oh * ow * c {
                assert_eq!(b[i].to_bits(), a[(i % c) * oh * ow + i / c].to_bits());
            }
        }
    }

    #[test]
    fn tables_that_cannot_be_allocated_are_out_of_memory() {
        // (Area and antialias size their windows over every output first: no quick failure to provoke.)
        for (mode, channels_last) in [(Mode::Nearest, false), (Mode::Nearest, true), (Mode::NearestExact, false), (Mode::Linear, false), (Mode::Cubic, false)] {
            let spec = Spec { mode, align_corners: false, antialias: false, channels_last, batch: 1, channels: 1, axes: vec![AxisSpec::new(4, 1, None); 2] };
            let huge = AxisSpec::new(4, usize::MAX / 4, None);
            assert!(matches!(table(&spec, &huge), Err(KernelError::OutOfMemory { .. })), "{mode:?}");
        }
        let huge = AxisTable::windows(4, 2, usize::MAX / 2, |_, _| (0, 1));
        assert!(matches!(huge, Err(KernelError::OutOfMemory { .. })));
    }

    #[test]
    fn rejects_bad_specs() {
        let spec = Spec { mode: Mode::Linear, align_corners: false, antialias: false, channels_last: false, batch: 1, channels: 1, axes: vec![] };
        assert_eq!(interpolate(crate::simd::Path::Vector, &X, &mut [0.0; 4], &spec), Err(KernelError::BadArgument));
    }
}
