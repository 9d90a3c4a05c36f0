//! Prints ts/abi.ts: the seam's codes and argument blocks as TypeScript;
//! with `families`, the kernel families as JSON for the build.
fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("families") => print!("{}", resample::abi::families_json()),
        _ => print!("{}", resample::abi::typescript()),
    }
}
