//! ONNX operators whose rules the PyTorch-shaped kernels lack, built on
//! those kernels' engines.

pub mod resize;
