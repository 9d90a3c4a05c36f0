//! Prints ts/abi.ts: the seam's codes and argument blocks as TypeScript.
fn main() {
    print!("{}", resample::abi::typescript());
}
