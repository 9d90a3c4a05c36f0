# What wrangler hands workerd: the bundle (esbuild, with the .wasm import
# left external) and the package's resample.wasm as a compiled-wasm module
# under the name the bundle imports (and two family modules likewise). Two workers: compatibility dates from
# 2025-05-05 have FinalizationRegistry, older ones do not.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "current", worker = (modules = .modules, compatibilityDate = "2025-11-01")),
    (name = "old", worker = (modules = .modules, compatibilityDate = "2024-09-23")),
  ],
  sockets = [
    (name = "current", address = "127.0.0.1:8787", http = (), service = "current"),
    (name = "old", address = "127.0.0.1:8788", http = (), service = "old"),
  ],
);

const modules :List(Workerd.Worker.Module) = [
  (name = "main.js", esModule = embed "dist/worker.js"),
  (name = "resample-wasm/resample.wasm", wasm = embed "node_modules/resample-wasm/dist/resample.wasm"),
  (name = "resample-wasm/families/core.wasm", wasm = embed "node_modules/resample-wasm/dist/families/core.wasm"),
  (name = "resample-wasm/families/resizeImage.wasm", wasm = embed "node_modules/resample-wasm/dist/families/resizeImage.wasm"),
];
