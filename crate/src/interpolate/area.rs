//! `area`: adaptive average pooling. Output `j` averages the window
//! [floor(j·in/out), ceil((j+1)·in/out)), the bounds computed in float32 as
//! PyTorch's `start_index`/`end_index` do. Windows overlap when upsampling.

use super::AxisSpec;
use crate::error::KernelResult;
use crate::interpolate::separable::AxisTable;

pub fn table(a: &AxisSpec) -> KernelResult<AxisTable> {
    let (i, o) = (a.in_len, a.out_len);
    // Output j's window of sources [start, start + len).
    let window = |j: usize| {
        // (The products in 64 bits: on wasm32 they overflow usize for axes of 65536 and more.)
        let start = (((j as u64 * i as u64) as f32 / o as f32).floor() as usize).min(i - 1);
        let end = ((((j as u64 + 1) * i as u64) as f32 / o as f32).ceil() as usize).clamp(start + 1, i);
        (start, end - start)
    };
    let taps = (0..o).map(|j| window(j).1).max().unwrap_or(0);
    AxisTable::windows(i, o, taps, |j, w| {
        let (start, k) = window(j);
        // PyTorch sums the window and divides by its size; multiplying by
        // 1/k instead differs by float32 rounding only.
        w[..k].fill(1.0 / k as f32);
        (start, k)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adaptive_windows() {
        // 5 -> 3: [0,2), [1,4), [3,5).
        let t = table(&AxisSpec::new(5, 3, None)).unwrap();
        assert_eq!(t.taps, 3);
        assert_eq!(&t.index[..3], &[0, 1, 3]);
        assert_eq!(&t.weight[..3], &[0.5, 1.0 / 3.0, 0.5]);
        assert_eq!(&t.weight[6..], &[0.0, 1.0 / 3.0, 0.0]);
        // 2 -> 3 upsamples with overlapping windows: [0,1), [0,2), [1,2).
        let t = table(&AxisSpec::new(2, 3, None)).unwrap();
        assert_eq!((&t.index[..3], &t.weight[..3]), (&[0, 0, 1][..], &[1.0, 0.5, 1.0][..]));
    }
}
