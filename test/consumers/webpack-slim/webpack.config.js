// resample-wasm/slim: webpack emits resample.wasm as an asset of its own.
export default {
  mode: 'production',
  entry: './src/browser-slim.js',
};
