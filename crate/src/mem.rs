//! Blocks of linear memory handed to the TypeScript layer.
//!
//! Every block carries a 16-byte header in front of it (length and a tag), so
//! `free` needs no size from JS, and the boundary can prove that a pointer it
//! is given is the start of a live block long enough for what a kernel will
//! read or write: no JS mistake can turn into an out-of-bounds write.

use crate::abi::Record;
use crate::error::{KernelError, KernelResult};
use std::alloc::{alloc as raw_alloc, dealloc, Layout};

pub const ALIGN: usize = 16;
pub const HEADER: usize = 16;
const LIVE: u32 = 0x5253_4d50; // "RSMP"
const DEAD: u32 = 0x6465_6164;

/// The layout of a block of `bytes`, up to MAX_BLOCK_BYTES (the wasm32
/// limit, enforced natively too so tests see what wasm does).
fn layout(bytes: usize) -> Option<Layout> {
    if bytes > crate::abi::MAX_BLOCK_BYTES {
        return None;
    }
    Layout::from_size_align(bytes + HEADER, ALIGN).ok()
}

/// A 16-byte aligned block of `bytes` (at least 1), or 0 when memory cannot grow.
/// Never traps: the raw allocator returns null instead of aborting.
pub fn alloc(bytes: usize) -> usize {
    let bytes = bytes.max(1);
    let Some(layout) = layout(bytes) else {
        return 0;
    };
    // SAFETY: layout has non-zero size.
    let base = unsafe { raw_alloc(layout) };
    if base.is_null() {
        return 0;
    }
    // SAFETY: base points at HEADER + bytes writable bytes, 16-aligned.
    unsafe {
        (base as *mut usize).write(bytes);
        (base.add(HEADER - 4) as *mut u32).write(LIVE);
        base.add(HEADER) as usize
    }
}

/// Frees a block from `alloc`; anything else (0, a freed block, a stray
/// pointer) is ignored rather than corrupting the heap.
pub fn free(ptr: usize) {
    let Some(bytes) = block_len(ptr) else { return };
    // SAFETY: block_len proved ptr is a live block with its header in front,
    // whose length has a layout.
    unsafe {
        let base = (ptr - HEADER) as *mut u8;
        (base.add(HEADER - 4) as *mut u32).write(DEAD);
        dealloc(base, layout(bytes).unwrap_unchecked());
    }
}

/// Length of the live block starting at `ptr`, if it is one. (A length
/// `alloc` could not have made means the tag is a coincidence in user data.)
pub fn block_len(ptr: usize) -> Option<usize> {
    if ptr < HEADER || !ptr.is_multiple_of(ALIGN) || !in_memory(ptr - HEADER, HEADER) {
        return None;
    }
    // SAFETY: the header lies inside linear memory (checked above).
    let (bytes, tag) = unsafe {
        let base = (ptr - HEADER) as *const u8;
        ((base as *const usize).read(), (base.add(HEADER - 4) as *const u32).read())
    };
    (tag == LIVE && layout(bytes).is_some() && in_memory(ptr, bytes)).then_some(bytes)
}

/// Whether `bytes` from `ptr` lie within the first `memory` bytes. In u64:
/// at 4 GiB, wasm32's usize holds neither the memory's size nor the end of a
/// block at its top.
fn within(ptr: usize, bytes: usize, memory: u64) -> bool {
    (ptr as u64).checked_add(bytes as u64).is_some_and(|end| end <= memory)
}

#[cfg(target_arch = "wasm32")]
fn in_memory(ptr: usize, bytes: usize) -> bool {
    within(ptr, bytes, core::arch::wasm32::memory_size(0) as u64 * 65536)
}

// Natively only pointers from `alloc` reach here (unit tests): the whole
// address space is the memory.
#[cfg(not(target_arch = "wasm32"))]
fn in_memory(ptr: usize, bytes: usize) -> bool {
    within(ptr, bytes, u64::MAX)
}

/// `len` elements of `T` at `ptr`, if `ptr` is a live block that holds them.
pub fn slice<'a, T: Copy>(ptr: usize, len: usize) -> KernelResult<&'a [T]> {
    checked::<T>(ptr, len)?;
    // SAFETY: the block is live, aligned to 16 and holds `len` T; T is plain
    // data (f32, i32, u8, i16, u16).
    Ok(unsafe { core::slice::from_raw_parts(ptr as *const T, len) })
}

/// Like `slice`, writable. Callers make sure no other live slice aliases it
/// (the boundary checks that outputs and inputs are distinct blocks).
pub fn slice_mut<'a, T: Copy>(ptr: usize, len: usize) -> KernelResult<&'a mut [T]> {
    checked::<T>(ptr, len)?;
    // SAFETY: as in `slice`; exclusivity is the caller's contract.
    Ok(unsafe { core::slice::from_raw_parts_mut(ptr as *mut T, len) })
}

fn checked<T>(ptr: usize, len: usize) -> KernelResult {
    let bytes = len.checked_mul(core::mem::size_of::<T>()).ok_or(KernelError::BadBuffer)?;
    match block_len(ptr) {
        Some(n) if n >= bytes => Ok(()),
        _ => Err(KernelError::BadBuffer),
    }
}

/// The record at the start of the live block `ptr`.
pub fn record<R: Record>(ptr: usize) -> KernelResult<R> {
    checked::<R>(ptr, 1)?;
    // SAFETY: the block holds a whole R, aligned to 16; any bytes are a valid
    // R (the `Record` contract).
    Ok(unsafe { (ptr as *const R).read() })
}

/// Writes `value` over the start of the live block `ptr`, if it fits.
pub fn write_record<R: Record>(ptr: usize, value: R) {
    if checked::<R>(ptr, 1).is_ok() {
        // SAFETY: as in `record`.
        unsafe { (ptr as *mut R).write(value) }
    }
}

/// `len` copies of `value`, or OUT_OF_MEMORY (with the bytes asked for)
/// when memory cannot grow: kernels report that instead of aborting.
pub fn try_filled<T: Clone>(len: usize, value: T) -> KernelResult<Vec<T>> {
    let mut v = try_vec(len)?;
    v.resize(len, value);
    Ok(v)
}

/// Two vectors of `len` copies, both reserved before either is filled: a
/// table whose second half does not fit fails without first writing the
/// first (which, for a huge table, would cost as much as the failure saves).
pub fn try_filled_pair<A: Clone, B: Clone>(len: usize, a: A, b: B) -> KernelResult<(Vec<A>, Vec<B>)> {
    let (mut va, mut vb) = (try_vec(len)?, try_vec(len)?);
    va.resize(len, a);
    vb.resize(len, b);
    Ok((va, vb))
}

/// An empty vector with room for `capacity` elements, reserved fallibly.
pub fn try_vec<T>(capacity: usize) -> KernelResult<Vec<T>> {
    let mut v = Vec::new();
    try_reserve(&mut v, capacity)?;
    Ok(v)
}

/// Room for `capacity` elements in all, reserved fallibly: scratch that is
/// reserved before a kernel writes anything, then filled without growing.
pub fn try_reserve<T>(v: &mut Vec<T>, capacity: usize) -> KernelResult {
    v.try_reserve_exact(capacity.saturating_sub(v.len())).map_err(|_| out_of_memory::<T>(capacity))
}

/// `item` appended, growing the vector fallibly.
pub fn try_push<T>(v: &mut Vec<T>, item: T) -> KernelResult {
    if v.len() == v.capacity() {
        v.try_reserve(1).map_err(|_| out_of_memory::<T>(v.len() + 1))?;
    }
    v.push(item);
    Ok(())
}

/// The items of an iterator, collected fallibly: one reservation for the
/// length it promises (all of it for an exact-size iterator), then growth.
pub fn try_collect<T>(items: impl IntoIterator<Item = T>) -> KernelResult<Vec<T>> {
    let items = items.into_iter();
    let mut v = try_vec(items.size_hint().0)?;
    for item in items {
        try_push(&mut v, item)?;
    }
    Ok(v)
}

fn out_of_memory<T>(len: usize) -> KernelError {
    KernelError::OutOfMemory { bytes: len.saturating_mul(core::mem::size_of::<T>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_aligned_sized_and_checked() {
        let p = alloc(100);
        assert_ne!(p, 0);
        assert_eq!(p % ALIGN, 0);
        assert_eq!(block_len(p), Some(100));
        assert!(slice::<f32>(p, 25).is_ok());
        assert_eq!(slice::<f32>(p, 26), Err(KernelError::BadBuffer));
        assert!(block_len(p + 16).is_none());
        free(p);
    }

    #[test]
    fn zero_bytes_still_gives_a_block() {
        let p = alloc(0);
        assert_ne!(p, 0);
        assert!(slice::<f32>(p, 0).is_ok());
        free(p);
    }

    #[test]
    fn blocks_may_end_at_the_top_of_a_4_gib_memory() {
        let top = 1u64 << 32;
        assert!(within(0xffff_fff0, 16, top));
        assert!(!within(0xffff_fff0, 17, top));
        assert!(within(0, 0, 0) && !within(16, 1, 16));
    }

    #[test]
    fn the_largest_block_is_max_block_bytes() {
        use crate::abi::MAX_BLOCK_BYTES;
        assert!(layout(MAX_BLOCK_BYTES).is_some());
        assert!(layout(MAX_BLOCK_BYTES + 1).is_none());
        assert_eq!(alloc(MAX_BLOCK_BYTES + 1), 0);
    }

    #[test]
    fn impossible_sizes_return_zero() {
        assert_eq!(alloc(usize::MAX - 8), 0);
        assert_eq!(try_filled(usize::MAX / 2, 0u16), Err(KernelError::OutOfMemory { bytes: usize::MAX - 1 }));
        assert_eq!(try_filled(3, 7u8), Ok(vec![7, 7, 7]));
        assert_eq!(try_collect([1, 2].into_iter()), Ok(vec![1, 2]));
        assert_eq!(try_collect((0..10).filter(|v| v % 3 == 0)), Ok(vec![0, 3, 6, 9]));
    }

    #[test]
    fn reservations_report_the_bytes_they_asked_for() {
        let mut v = vec![1u32, 2];
        assert_eq!(try_reserve(&mut v, usize::MAX / 2), Err(KernelError::OutOfMemory { bytes: usize::MAX }));
        assert_eq!(try_reserve(&mut v, 100), Ok(()));
        assert!(v.capacity() >= 100 && v == [1, 2]);
        assert_eq!(try_vec::<u64>(usize::MAX / 16).err(), Some(KernelError::OutOfMemory { bytes: usize::MAX / 16 * 8 }));
        let mut w: Vec<u8> = Vec::new();
        try_push(&mut w, 7).unwrap();
        assert_eq!(w, [7]);
    }
}
