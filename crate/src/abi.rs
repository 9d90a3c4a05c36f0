//! Everything that crosses the TS↔Rust seam, defined once: status codes,
//! kernel codes, size limits, and the argument block of every export.
//!
//! `ts/abi.ts` is generated from these definitions (`typescript()`, printed
//! by `cargo run --example abi`, which the build runs), and a test fails
//! when the committed file is stale. Exports take one pointer to their
//! `#[repr(C)]` argument block, written by TypeScript into linear memory,
//! and return a `Status`; on failure `error_detail()` points at an
//! `ErrorDetail` that says more.

/// Codes that cross the seam as `u32`: a `#[repr(u32)]` enum with `from_code`
/// and the list of (name, code) pairs the TypeScript generator emits.
#[macro_export]
macro_rules! codes {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        pub enum $name { $($(#[$vmeta])* $variant = $code),+ }

        impl $name {
            pub fn from_code(code: u32) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl $crate::abi::Codes for $name {
            const NAME: &'static str = stringify!($name);
            const CODES: &'static [(&'static str, u32)] = &[$((stringify!($variant), $code)),+];
        }
    };
}

/// A `#[repr(C)]` record of `u32` / `f64` fields (or arrays of them) that
/// TypeScript writes or reads in linear memory. `for export` names the
/// export that takes it as its argument block.
#[macro_export]
macro_rules! record {
    ($(#[$meta:meta])* pub struct $name:ident $(for $export:ident)? { $($(#[$fmeta:meta])* pub $field:ident: $ty:ty),+ $(,)? }) => {
        $(#[$meta])*
        #[repr(C)]
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $name { $($(#[$fmeta])* pub $field: $ty),+ }

        // SAFETY: repr(C) and every field a `Field` type (u32, f64 or arrays
        // of them), so any bytes are a valid value.
        unsafe impl $crate::abi::Record for $name {
            const NAME: &'static str = stringify!($name);
            const EXPORT: Option<&'static str> = $crate::record!(@export $($export)?);
            fn fields() -> Vec<$crate::abi::FieldInfo> {
                vec![$($crate::abi::FieldInfo {
                    name: stringify!($field),
                    offset: core::mem::offset_of!($name, $field),
                    kind: <$ty as $crate::abi::Field>::KIND,
                    count: <$ty as $crate::abi::Field>::COUNT,
                }),+]
            }
        }
    };
    (@export $export:ident) => { Some(stringify!($export)) };
    (@export) => { None };
}

pub trait Codes {
    const NAME: &'static str;
    const CODES: &'static [(&'static str, u32)];
}

/// # Safety
/// Implemented only by `record!`: `#[repr(C)]`, fields of `Field` types.
pub unsafe trait Record: Copy {
    const NAME: &'static str;
    const EXPORT: Option<&'static str>;
    fn fields() -> Vec<FieldInfo>;
}

pub struct FieldInfo {
    pub name: &'static str,
    pub offset: usize,
    pub kind: &'static str,
    pub count: usize,
}

/// Field types a record may hold.
pub trait Field {
    const KIND: &'static str;
    const COUNT: usize;
}
impl Field for u32 {
    const KIND: &'static str = "u32";
    const COUNT: usize = 1;
}
impl Field for f64 {
    const KIND: &'static str = "f64";
    const COUNT: usize = 1;
}
impl<T: Field, const N: usize> Field for [T; N] {
    const KIND: &'static str = T::KIND;
    const COUNT: usize = N;
}

codes! {
    /// What every kernel export returns.
    pub enum Status {
        Ok = 0,
        /// A pointer is not a live block, or a block is too small for the shape.
        BadBuffer = 1,
        /// Parameters the TypeScript layer should have rejected.
        BadArgument = 2,
        /// A user-supplied index lies outside its plane (detail: at, value).
        BadIndex = 3,
        /// Scratch memory could not be allocated (detail: bytes); nothing was written.
        OutOfMemory = 4,
    }
}

record! {
    /// What `error_detail()` points at after a failed call.
    pub struct ErrorDetail {
        pub status: u32,
        /// The bad index's position.
        pub at: f64,
        /// The bad index, or the bytes that could not be allocated.
        pub value: f64,
    }
}

/// The largest block `mem::alloc` can hand out: a Rust allocation (block
/// header included) is at most `isize::MAX` bytes rounded down to the
/// alignment: 2^31 − 32 bytes on wasm32.
pub const MAX_BLOCK_BYTES: usize = (isize::MAX as usize + 1) - crate::mem::ALIGN - crate::mem::HEADER;
