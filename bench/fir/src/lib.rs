//! fast_image_resize behind a tiny C ABI, for bench/image.bench.mjs only:
//! buffers allocated here, one `Resizer` kept across calls (its buffers
//! reused, as an application would).
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

static mut RESIZER: Option<Resizer> = None;

#[no_mangle]
pub extern "C" fn fir_alloc(len: usize) -> *mut u8 {
    let mut v = vec![0u8; len];
    let p = v.as_mut_ptr();
    core::mem::forget(v);
    p
}

/// # Safety
/// `p` and `len` come from one `fir_alloc` call.
#[no_mangle]
pub unsafe extern "C" fn fir_free(p: *mut u8, len: usize) {
    drop(Vec::from_raw_parts(p, len, len));
}

/// filter: 0 box, 1 bilinear, 2 lanczos3. alpha: 0 no alpha multiplication.
/// Returns 0 on success.
///
/// # Safety
/// `src` holds `iw × ih × 4` bytes, `dst` `ow × oh × 4` bytes.
#[no_mangle]
#[allow(static_mut_refs)]
pub unsafe extern "C" fn fir_resize(src: *const u8, iw: u32, ih: u32, dst: *mut u8, ow: u32, oh: u32, filter: u32, alpha: u32) -> i32 {
    let s = core::slice::from_raw_parts(src, (iw * ih * 4) as usize);
    let d = core::slice::from_raw_parts_mut(dst, (ow * oh * 4) as usize);
    let (Ok(src), Ok(mut dst)) = (ImageRef::new(iw, ih, s, PixelType::U8x4), Image::from_slice_u8(ow, oh, d, PixelType::U8x4)) else {
        return 1;
    };
    let f = match filter {
        0 => FilterType::Box,
        1 => FilterType::Bilinear,
        _ => FilterType::Lanczos3,
    };
    let opts = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(f)).use_alpha(alpha != 0);
    let r = RESIZER.get_or_insert_with(Resizer::new);
    match r.resize(&src, &mut dst, &opts) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}
