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
            const MODULE: &'static str = module_path!();
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
    /// Where the record is defined: its export's kernel family is the crate
    /// module after `resample::` (abi::families).
    const MODULE: &'static str;
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

/// The largest block `mem::alloc` hands out: on wasm32 a Rust allocation
/// (block header included) is at most `isize::MAX` bytes rounded down to the
/// alignment, 2^31 − 32 bytes. Spelled with i32 so that native builds (the
/// tests, the TypeScript generator) enforce the same limit.
pub const MAX_BLOCK_BYTES: usize = (i32::MAX as usize + 1) - crate::mem::ALIGN - crate::mem::HEADER;

/// The kernel families, in the order `typescript()` lists their records:
/// each family's name (the crate module that defines it, camelCase, as its
/// `ts/ops/<family>.ts`) and the exports it holds. Each ships also as a
/// module of its own, `dist/families/<family>.wasm` (scripts/families.mjs),
/// which imports its memory from `families/core.wasm` (`alloc`, `free`).
pub fn families() -> Vec<(String, Vec<&'static str>)> {
    let mut out: Vec<(String, Vec<&'static str>)> = Vec::new();
    for (_, _, export, module) in records() {
        let (Some(export), Some(family)) = (export, module.split("::").nth(1)) else { continue };
        let family = camel(family);
        match out.iter_mut().find(|(name, _)| *name == family) {
            Some((_, exports)) => exports.push(export),
            None => out.push((family, vec![export])),
        }
    }
    out
}

/// `families()` as JSON, for the build (`cargo run --example abi -- families`).
pub fn families_json() -> String {
    let body: Vec<String> = families().iter().map(|(name, exports)| format!("\"{name}\":[{}]", quoted(exports, '"'))).collect();
    format!("{{{}}}\n", body.join(","))
}

fn quoted(names: &[&str], quote: char) -> String {
    names.iter().map(|n| format!("{quote}{n}{quote}")).collect::<Vec<_>>().join(", ")
}

/// `ts/abi.ts`: every definition above, and each export's argument block,
/// as TypeScript constants.
pub fn typescript() -> String {
    use crate::cv::CvMethod;
    use crate::grid_sample::{GridMode, GridPadding, GridRule};
    use crate::onnx::resize::{ResizeCoordinate, ResizeMode, ResizeNearest};
    use crate::pil::coeffs::Resample;
    use crate::pool::export::{IndexOrder, PoolOp};
    use crate::tf::Method as TfMethod;
    use crate::{interpolate::Mode, pad::Mode as PadMode, resize_image::float::SampleFormat, resize_image::Filter, simd::Path};
    let mut ts = String::from(
        "// Generated from crate/src/abi.rs by `cargo run --example abi`: do not edit.\n\
         // `cargo test` fails when this file differs from what the crate defines.\n",
    );
    ts += &codes::<Status>("Status");
    ts += &codes::<Path>("Path");
    ts += &codes::<Mode>("InterpolateMode");
    ts += &codes::<PoolOp>("PoolOp");
    ts += &codes::<IndexOrder>("IndexOrder");
    ts += &codes::<PadMode>("PadMode");
    ts += &codes::<Filter>("ImageFilter");
    ts += &codes::<SampleFormat>("ImageSampleFormat");
    ts += &codes::<GridMode>("GridMode");
    ts += &codes::<GridPadding>("GridPadding");
    ts += &codes::<GridRule>("GridRule");
    ts += &codes::<ResizeMode>("ResizeMode");
    ts += &codes::<ResizeCoordinate>("ResizeCoordinate");
    ts += &codes::<ResizeNearest>("ResizeNearest");
    ts += &codes::<Resample>("PilResample");
    ts += &codes::<TfMethod>("TfMethod");
    ts += &codes::<CvMethod>("CvMethod");
    let support: Vec<String> = <Filter as Codes>::CODES.iter().map(|&(_, c)| number(Filter::from_code(c).map_or(0.0, Filter::support))).collect();
    ts += &format!(
        "\n/** Each image filter's half-width at scale 1, by code. */\nexport const IMAGE_FILTER_SUPPORT: readonly number[] = [{}];\n",
        support.join(", ")
    );
    ts += &format!("\n/** The largest block the allocator hands out. */\nexport const MAX_BLOCK_BYTES = {MAX_BLOCK_BYTES};\n");
    let records = records();
    let largest = records.iter().map(|r| r.1).max().unwrap_or(0);
    ts += &format!("\n/** Bytes of the block that holds any export's arguments. */\nexport const ARGS_BYTES = {largest};\n");
    let mut exports =
        vec!["  readonly memory: WebAssembly.Memory;".to_string(), "  alloc(bytes: number): number;".to_string(), "  free(ptr: number): void;".to_string()];
    for (text, _, export, _) in &records {
        ts += text;
        if let Some(name) = export {
            exports.push(format!("  {name}(args: number): number;"));
        }
    }
    ts += &format!("\n/** The module's exports. */\nexport interface Exports {{\n{}\n}}\n", exports.join("\n"));
    let families: Vec<String> = families().iter().map(|(name, exports)| format!("  {name}: [{}],", quoted(exports, '\''))).collect();
    ts += &format!(
        "\n/** The kernel families, each also a module of its own (`dist/families/<family>.wasm`), and the exports each holds. */\nexport const FAMILIES = {{\n{}\n}} as const;\n",
        families.join("\n")
    );
    let names: Vec<String> =
        exports.iter().filter_map(|e| e.trim().split('(').next().filter(|n| !n.starts_with("readonly"))).map(|n| format!("'{n}'")).collect();
    ts += &format!("\nexport const EXPORTS = [{}] as const;\n", names.join(", "));
    ts
}

/// Every record: its TypeScript, size, export and module (see `record`).
type RecordInfo = (String, usize, Option<&'static str>, &'static str);

fn records() -> Vec<RecordInfo> {
    use crate::cv::export::CvResizeArgs;
    use crate::onnx::resize::export::OnnxResizeArgs;
    use crate::pad::export::PadArgs;
    use crate::pil::export::PilResizeArgs;
    use crate::tf::export::TfResizeArgs;
    use crate::{affine_grid::export::AffineGridArgs, grid_sample::export::GridSampleArgs};
    use crate::{conv::export::ConvArgs, interpolate::export::InterpolateArgs, max_unpool::export::MaxUnpoolArgs};
    use crate::{pixel_shuffle::export::PixelShuffleArgs, pool::export::PoolArgs};
    use crate::{
        resize_image::export::{ResizeImageArgs, SharpenImageArgs},
        unfold::export::UnfoldArgs,
    };
    vec![
        record::<ErrorDetail>(),
        record::<InterpolateArgs>(),
        record::<PoolArgs>(),
        record::<MaxUnpoolArgs>(),
        record::<PixelShuffleArgs>(),
        record::<ConvArgs>(),
        record::<ResizeImageArgs>(),
        record::<SharpenImageArgs>(),
        record::<GridSampleArgs>(),
        record::<AffineGridArgs>(),
        record::<UnfoldArgs>(),
        record::<PadArgs>(),
        record::<OnnxResizeArgs>(),
        record::<PilResizeArgs>(),
        record::<TfResizeArgs>(),
        record::<CvResizeArgs>(),
    ]
}

fn codes<C: Codes>(ts_name: &str) -> String {
    let body: Vec<String> = C::CODES.iter().map(|(name, code)| format!("{name}: {code}")).collect();
    format!("\nexport const {ts_name} = {{ {} }} as const;\n", body.join(", "))
}

/// The record's TypeScript layout, its size, the export that takes it, and its module.
fn record<R: Record>() -> RecordInfo {
    let fields: Vec<String> = R::fields().iter().map(|f| format!("    {}: [{}, '{}', {}],", camel(f.name), f.offset, f.kind, f.count)).collect();
    let bytes = core::mem::size_of::<R>();
    let export = R::EXPORT.map_or(String::new(), |e| format!("  export: '{e}',\n"));
    let text = format!("\nexport const {} = {{\n{export}  bytes: {bytes},\n  fields: {{\n{}\n  }},\n}} as const;\n", R::NAME, fields.join("\n"));
    (text, bytes, R::EXPORT, R::MODULE)
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in snake.chars() {
        match ch {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

fn number(v: f64) -> String {
    format!("{v}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn ts_abi_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ts/abi.ts");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(committed == super::typescript(), "ts/abi.ts is stale: run `cargo run -q --example abi > ts/abi.ts` (npm run build does)");
    }

    #[test]
    fn every_family_is_an_op_file() {
        let ops = concat!(env!("CARGO_MANIFEST_DIR"), "/../ts/ops/");
        for (family, _) in super::families() {
            let found = std::path::Path::new(&format!("{ops}{family}.ts")).exists() || std::path::Path::new(&format!("{ops}{family}")).is_dir();
            assert!(found, "family {family} has no ts/ops/{family}.ts");
        }
    }

    #[test]
    fn camel_case() {
        assert_eq!(super::camel("align_corners"), "alignCorners");
        assert_eq!(super::camel("x"), "x");
    }
}
