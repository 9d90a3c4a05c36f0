// A browser consumer (lib DOM, no @types/node): the host's own types go
// where the package takes a URL, a Response, a WebAssembly.Module, an
// AbortSignal, ImageData or a Worker.
import { createPool, init, loadImage, type Resample } from 'resample-wasm';

export async function browser(canvas: HTMLCanvasElement, module: WebAssembly.Module): Promise<ImageData> {
  const rs: Resample = await init({ wasm: await fetch('/resample.wasm') });
  await init({ wasm: module });
  await init({ wasm: new URL('/resample.wasm', location.href) });
  await init({ wasm: new Uint8Array(8) });
  const pool = createPool({
    workerUrl: new URL('./worker.js', location.href),
    wasm: module,
  });
  const factory = createPool({ worker: () => new Worker(new URL('resample-wasm/worker', import.meta.url), { type: 'module' }) });
  const context = canvas.getContext('2d')!;
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  const abort = new AbortController();
  const small = await pool.resizeImage(image, { width: 64 }, { signal: abort.signal });
  const here = rs.resizeImage(image, { width: 32 });
  // Browser sources: drawn ones directly, a Blob through loadImage or the pool; results go back as ImageData.
  const bitmap = rs.resizeImage(await createImageBitmap(canvas), { width: 8 });
  const fromCanvas = rs.resizeImage(canvas, { width: 8 }).toImageData();
  const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!)));
  const loaded = rs.resizeImage(await loadImage(blob), { width: 8 });
  const pooled: ImageData = (await pool.resizeImage(blob, { width: 8 })).toImageData();
  const float: Float32Array = (await pool.resizeImage({ data: new Float32Array(16), width: 2, height: 2 }, { width: 1 })).data;
  void [bitmap, fromCanvas, loaded, pooled, float];
  pool.close();
  factory.close();
  return new ImageData(small.width === here.width ? here.data : small.data, small.width, small.height);
}
