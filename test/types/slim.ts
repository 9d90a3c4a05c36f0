// 'resample-wasm/slim' declares the API of 'resample-wasm' too. (Each entry's
// d.ts declares its own classes: a Resample of one is not one of the other.)
import { createPool, init, ResampleError, type Pool, type Resample, type Tensor } from 'resample-wasm/slim';

export async function slim(bytes: ArrayBuffer): Promise<Tensor<'uint8'>> {
  const rs: Resample = await init({ wasm: bytes });
  const pool: Pool = createPool({ wasm: bytes, size: 1 });
  pool.close();
  if (rs.stats().liveTensors < 0) throw new ResampleError('DISPOSED', 'unreachable');
  return rs.zeros([1], { dtype: 'uint8' });
}
