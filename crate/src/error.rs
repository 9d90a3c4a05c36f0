//! The one error every kernel returns. The boundary (seam.rs) turns it into a
//! status code and a detail record that the TypeScript layer reads, so a
//! message can name the bad index or the size that did not fit.

use crate::abi::Status;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KernelError {
    /// A pointer is not a live block, blocks that must differ are the same,
    /// or a block is too small for the shape.
    BadBuffer,
    /// Parameters the TypeScript layer should have rejected.
    BadArgument,
    /// A user-supplied index, `indices[at] = value`, lies outside its plane.
    /// Nothing was written.
    BadIndex { at: usize, value: i64 },
    /// `bytes` of scratch memory could not be allocated. Nothing was written.
    OutOfMemory { bytes: usize },
}

impl KernelError {
    pub fn status(self) -> Status {
        match self {
            KernelError::BadBuffer => Status::BadBuffer,
            KernelError::BadArgument => Status::BadArgument,
            KernelError::BadIndex { .. } => Status::BadIndex,
            KernelError::OutOfMemory { .. } => Status::OutOfMemory,
        }
    }

    /// The two numbers the detail record carries: (at, value) for a bad
    /// index, (0, bytes) for memory, zeros otherwise.
    pub fn detail(self) -> (f64, f64) {
        match self {
            KernelError::BadIndex { at, value } => (at as f64, value as f64),
            KernelError::OutOfMemory { bytes } => (0.0, bytes as f64),
            _ => (0.0, 0.0),
        }
    }
}

pub type KernelResult<T = ()> = Result<T, KernelError>;
