// resample-wasm/slim: webpack emits resample.wasm (~310 KiB) and the threaded
// build resample-threads.wasm (~397 KiB) as assets of their own, over
// webpack's 244 KiB asset hint; the entry itself stays small.
export default {
  mode: 'production',
  entry: './src/browser-slim.js',
  performance: { maxAssetSize: 500_000 },
};
