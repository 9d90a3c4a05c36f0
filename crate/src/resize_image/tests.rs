//! The resize as a whole: both paths, bands, streaming, channel counts.

use super::*;

fn image(w: usize, h: usize, seed: usize) -> Vec<u8> {
    (0..w * h * 4).map(|i| ((i * 37 + seed * 11) % 251) as u8 | if i % 4 == 3 && seed.is_multiple_of(2) { 0xff } else { 0 }).collect()
}

fn resize_path(vector: bool, src: &[u8], dst: &mut [u8], s: &Spec) -> KernelResult {
    resize_within(vector, src, dst, s, &Axes::new(s, SampleFormat::Uint8)?, RING_BYTES)
}

fn run(vector: bool, src: &[u8], s: &Spec) -> Vec<u8> {
    let mut out = vec![0xa5; s.dst_len().unwrap()];
    resize_path(vector, src, &mut out, s).unwrap();
    out
}

#[test]
fn vector_and_scalar_agree_on_whole_images() {
    for f in [Filter::Nearest, Filter::Box, Filter::Bilinear, Filter::Mitchell, Filter::Lanczos3] {
        for (iw, ih, ow, oh) in [(1, 1, 3, 2), (7, 5, 3, 9), (17, 3, 33, 3), (9, 9, 9, 4), (33, 17, 5, 7)] {
            for seed in 0..2 {
                for (premultiply, linear) in [(true, false), (false, true), (true, true)] {
                    let src = image(iw, ih, seed);
                    let s = Spec { premultiply, linear, ..Spec::whole(f, iw, ih, ow, oh) };
                    assert_eq!(run(false, &src, &s), run(true, &src, &s), "{f:?} {iw}x{ih}->{ow}x{oh}");
                }
            }
        }
    }
}

#[test]
fn pass_order_follows_cost() {
    let order = |iw, ih, ow, oh| {
        let s = Spec::whole(Filter::Lanczos3, iw, ih, ow, oh);
        vertical_first(&s, &Table::new(s.filter, iw, ow).unwrap(), &Table::new(s.filter, ih, oh).unwrap())
    };
    assert!(order(3840, 2160, 1920, 1080));
    assert!(!order(1920, 1080, 3840, 2160));
    assert!(order(10, 40, 40, 10) && !order(40, 10, 10, 40));
}

#[test]
fn bands_join_without_seams() {
    for seed in [1, 2] {
        for (iw, ih, ow, oh) in [(13, 40, 7, 17), (10, 40, 40, 10), (40, 10, 10, 40)] {
            bands_join(iw, ih, ow, oh, seed);
        }
    }
}

#[test]
fn an_opaque_band_of_a_translucent_image_joins_too() {
    // Bands that happen to be opaque skip premultiplying; that must not change a bit.
    let (iw, ih) = (9, 40);
    let mut src = image(iw, ih, 2);
    for a in src[iw * 4 * 30..].iter_mut().skip(3).step_by(4) {
        *a = 90;
    }
    for (ow, oh) in [(4, 17), (20, 17)] {
        bands_join_image(&src, iw, ih, ow, oh);
    }
}

fn bands_join(iw: usize, ih: usize, ow: usize, oh: usize, seed: usize) {
    bands_join_image(&image(iw, ih, seed), iw, ih, ow, oh);
}

fn bands_join_image(src: &[u8], iw: usize, ih: usize, ow: usize, oh: usize) {
    for f in [Filter::Nearest, Filter::Bicubic, Filter::Lanczos3] {
        let whole = run(true, src, &Spec::whole(f, iw, ih, ow, oh));
        let vt = Table::new(f, ih, oh).unwrap();
        let mut joined = Vec::new();
        for (a, b) in [(0, 5), (5, 6), (6, oh)] {
            let (lo, hi) = if f == Filter::Nearest { (0, ih) } else { vt.span(a, b) };
            let band = Spec { src_y0: lo, src_rows: hi - lo, dst_y0: a, dst_rows: b - a, ..Spec::whole(f, iw, ih, ow, oh) };
            joined.extend(run(true, &src[lo * iw * 4..hi * iw * 4], &band));
        }
        assert_eq!(joined, whole, "{f:?}");
    }
}

#[test]
fn rejects_bands_missing_rows_and_bad_sizes() {
    let src = image(4, 8, 0);
    let mut out = vec![0; 4 * 4 * 4];
    let mut s = Spec::whole(Filter::Lanczos3, 4, 8, 4, 4);
    s.src_rows = 4;
    assert_eq!(resize_path(true, &src, &mut out, &s), Err(KernelError::BadArgument));
    assert_eq!(resize_path(true, &src, &mut out, &Spec::whole(Filter::Box, 0, 8, 4, 4)), Err(KernelError::BadArgument));
    assert_eq!(resize_path(true, &src[..10], &mut out, &Spec::whole(Filter::Box, 4, 8, 4, 4)), Err(KernelError::BadBuffer));
}

#[test]
fn tall_windows_stream_with_the_same_bits_in_bounded_memory() {
    // A ring for 16384² -> 1×1 would hold 16384 rows; streaming holds one and its sums.
    let ring = Ring::<i16>::new(16384, 16384 * 4, 16384, RING_BYTES).unwrap();
    let (rows, sums) = ring.held();
    assert!(rows * 2 + sums * 4 <= 6 * 16384 * 4);
    for f in [Filter::Box, Filter::Bilinear, Filter::Lanczos3] {
        for (iw, ih, ow, oh) in [(33, 17, 5, 7), (17, 40, 40, 3), (40, 10, 10, 40), (64, 64, 1, 1)] {
            for seed in 0..2 {
                let src = image(iw, ih, seed);
                for premultiply in [false, true] {
                    let s = Spec { premultiply, ..Spec::whole(f, iw, ih, ow, oh) };
                    let mut streamed = vec![0xa5; s.dst_len().unwrap()];
                    resize_within(true, &src, &mut streamed, &s, &Axes::new(&s, SampleFormat::Uint8).unwrap(), 0).unwrap();
                    assert_eq!(streamed, run(true, &src, &s), "{f:?} {iw}x{ih}->{ow}x{oh}");
                }
            }
        }
    }
}

#[test]
fn a_huge_downscale_to_one_pixel_is_the_mean() {
    // 2048² -> 1×1 box: a 2048-row window of 32 kB rows streams.
    let (n, px) = (2048, [200u8, 100, 50, 128]);
    let src = px.repeat(n * n);
    for f in [Filter::Box, Filter::Lanczos3] {
        let mut out = [0u8; 4];
        resize_path(true, &src, &mut out, &Spec::whole(f, n, n, 1, 1)).unwrap();
        assert_eq!(out, px, "{f:?}");
    }
}

/// The channels of an RGBA pixel that a `c`-channel pixel keeps.
fn pick(p: &[u8], c: usize) -> Vec<u8> {
    match c {
        1 => vec![p[0]],
        2 => vec![p[0], p[3]],
        _ => p[..c].to_vec(),
    }
}

/// `c`-channel pixels as RGBA: gray replicated, alpha 255 where there is none.
fn as_rgba(px: &[u8], c: usize) -> Vec<u8> {
    px.chunks_exact(c)
        .flat_map(|p| match c {
            1 => [p[0], p[0], p[0], 255],
            2 => [p[0], p[0], p[0], p[1]],
            3 => [p[0], p[1], p[2], 255],
            _ => [p[0], p[1], p[2], p[3]],
        })
        .collect()
}

#[test]
fn every_channel_count_matches_the_rgba_path_and_writes_every_byte() {
    let sides = [1, 2, 3, 7, 17, 33];
    for c in 1..=4 {
        for (k, f) in [Filter::Nearest, Filter::Box, Filter::Bilinear, Filter::Lanczos3].into_iter().enumerate() {
            for (n, (premultiply, linear)) in [(true, false), (false, false), (true, true), (false, true)].into_iter().enumerate() {
                let (iw, ih) = (sides[(c + k + n) % 6], sides[(c + 2 * k + n + 1) % 6]);
                for (ow, oh) in [(sides[(k + n) % 6], sides[(c + n + 3) % 6]), (ih, iw)] {
                    let rgba = image(iw, ih, c + n);
                    let src: Vec<u8> = rgba.chunks_exact(4).flat_map(|p| pick(p, c)).collect();
                    let s = Spec { premultiply, linear, channels: c, ..Spec::whole(f, iw, ih, ow, oh) };
                    let outs = [0u8, 0xff].map(|fill| {
                        [false, true].map(|vector| {
                            let mut out = vec![fill; s.dst_len().unwrap()];
                            resize_path(vector, &src, &mut out, &s).unwrap();
                            out
                        })
                    });
                    let want = run(true, &as_rgba(&src, c), &Spec { channels: 4, ..s });
                    let case = format!("{c} channels {f:?} {iw}x{ih}->{ow}x{oh} premultiply {premultiply} linear {linear}");
                    assert!(outs.iter().flatten().all(|o| o == &outs[0][0]), "{case}");
                    for (got, want) in outs[0][0].chunks_exact(c).zip(want.chunks_exact(4)) {
                        let want = pick(want, c);
                        assert!(got.iter().zip(&want).all(|(&g, &w)| g.abs_diff(w) <= 1), "{case}: {got:?} vs {want:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn box_upscales_by_whole_factors_replicate_pixels() {
    let (iw, ih) = (5, 3);
    for c in 1..=4 {
        let src: Vec<u8> = image(iw, ih, 1)[..iw * ih * c].to_vec();
        for (linear, premultiply) in [(false, false), (true, false), (false, true)] {
            let s = Spec { linear, premultiply, channels: c, ..Spec::whole(Filter::Box, iw, ih, 3 * iw, 2 * ih) };
            for vector in [false, true] {
                let mut out = vec![0xa5; s.dst_len().unwrap()];
                resize_path(vector, &src, &mut out, &s).unwrap();
                for (i, px) in out.chunks_exact(c).enumerate() {
                    let (x, y) = (i % (3 * iw) / 3, i / (3 * iw) / 2);
                    assert_eq!(px, &src[(y * iw + x) * c..][..c], "{c} channels linear {linear}");
                }
            }
        }
    }
}

#[test]
fn same_size_is_a_copy() {
    let src = image(5, 3, 1);
    assert_eq!(run(true, &src, &Spec::whole(Filter::Lanczos3, 5, 3, 5, 3)), src);
}

#[test]
fn windows_crop() {
    let (iw, ih) = (23, 19);
    for seed in 0..2 {
        let src = image(iw, ih, seed);
        for f in [Filter::Nearest, Filter::Bilinear, Filter::Lanczos3] {
            // An integer rectangle at its own size is the sub-image (translucent
            // pixels only without premultiplying: that round trip is lossy).
            let s = Spec { window: [3.0, 5.0, 9.0, 7.0], premultiply: seed == 0, ..Spec::whole(f, iw, ih, 9, 7) };
            let sub: Vec<u8> = (5..12).flat_map(|y| src[(y * iw + 3) * 4..(y * iw + 12) * 4].to_vec()).collect();
            assert_eq!(run(true, &src, &s), sub, "{f:?}");
            // Fractional windows: both paths agree, bands join.
            for (ow, oh) in [(5, 4), (17, 13), (9, 3)] {
                let s = Spec { window: [2.25, 1.5, 17.5, 12.75], ..Spec::whole(f, iw, ih, ow, oh) };
                assert_eq!(run(false, &src, &s), run(true, &src, &s), "{f:?} {ow}x{oh}");
            }
        }
        let mut bad = Spec { window: [20.0, 0.0, 4.0, 3.0], ..Spec::whole(Filter::Box, iw, ih, 4, 3) };
        let mut out = vec![0; 4 * 3 * 4];
        assert_eq!(resize_path(true, &src, &mut out, &bad), Err(KernelError::BadArgument));
        bad.window = [0.0, f64::NAN, 4.0, 3.0];
        assert_eq!(resize_path(true, &src, &mut out, &bad), Err(KernelError::BadArgument));
    }
}

#[test]
fn column_bands_give_the_same_bytes() {
    let (iw, ih) = (31, 12);
    for seed in 0..2 {
        let src = image(iw, ih, seed);
        for f in [Filter::Nearest, Filter::Box, Filter::Lanczos3] {
            for (window, ow, (lo, hi)) in [([5.5, 1.0, 13.25, 10.0], 6, (0, 27)), ([0.0, 0.0, 31.0, 12.0], 40, (3, 29)), ([10.0, 2.0, 7.0, 7.0], 7, (6, 21))] {
                let whole = Spec { window, ..Spec::whole(f, iw, ih, ow, 5) };
                let cols: Vec<u8> = (0..ih).flat_map(|y| src[(y * iw + lo) * 4..(y * iw + hi) * 4].to_vec()).collect();
                let band = Spec { src_x0: lo, src_cols: hi - lo, ..whole };
                let narrow = Spec { src_x0: 12, src_cols: 2, ..whole };
                let mut out = vec![0; whole.dst_len().unwrap()];
                if window[2] < 20.0 {
                    assert_eq!(run(true, &cols, &band), run(true, &src, &whole), "{f:?} {window:?}");
                } else {
                    // The whole width is read: a band of columns misses some.
                    assert_eq!(resize_path(true, &cols, &mut out, &band), Err(KernelError::BadArgument));
                }
                let two: Vec<u8> = (0..ih).flat_map(|y| src[(y * iw + 12) * 4..(y * iw + 14) * 4].to_vec()).collect();
                assert_eq!(resize_path(true, &two, &mut out, &narrow), Err(KernelError::BadArgument));
            }
        }
    }
}
