// Where the consumer's types have Symbol.dispose (TypeScript >= 5.2 with lib
// esnext.disposable, or @types/node), a tensor is Disposable.
import { init } from 'resample-wasm';

export async function scoped(): Promise<number> {
  const rs = await init();
  using x = rs.tensor([1, 1, 2, 2], [1, 2, 3, 4]);
  using y = rs.interpolate(x, { scaleFactor: 2 });
  const disposable: Disposable = y;
  return y.size + (disposable === y ? 0 : 1);
}
