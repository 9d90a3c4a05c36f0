// The side-by-side harness every bench/<family>.bench.mjs uses: same
// warm-up and repetition rules for every library, one process, one table.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

/** Times `fn` (sync or async): `warmup` discarded calls, then `reps` timed ones. */
export async function measure(fn, { warmup = 2, reps = 9 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], min: times[0], max: times[times.length - 1], n: reps };
}

/**
 * Runs each row (a library's take on one workload) and prints a markdown
 * table with each median's ratio to the row named `baseline`.
 * rows: [{ name, run: async () => fn | undefined (setup; returns the timed fn), note? }],
 * or { name, measured: { median, min, max, n }, note? } for timings taken elsewhere
 * (another process, another language).
 */
export async function compare(title, rows, { baseline, reps, warmup } = {}) {
  const results = [];
  for (const row of rows) {
    if (row.measured) {
      results.push({ name: row.name, note: row.note ?? '', ...row.measured });
      continue;
    }
    let fn;
    try {
      fn = await row.setup();
    } catch (e) {
      results.push({ name: row.name, error: String(e?.message ?? e).split('\n')[0] });
      continue;
    }
    const r = await measure(fn, { reps: row.reps ?? reps, warmup: row.warmup ?? warmup });
    results.push({ name: row.name, note: row.note ?? '', ...r });
    await row.teardown?.();
  }
  const base = results.find((r) => r.name === baseline && r.median);
  console.log(`\n### ${title}\n`);
  console.log('| library | median ms | min ms | max ms | n | vs ' + (baseline ?? '-') + ' | notes |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    if (r.error) {
      console.log(`| ${r.name} | - | - | - | - | - | not run: ${r.error} |`);
      continue;
    }
    const ratio = base ? (r.median / base.median).toFixed(2) + 'x' : '-';
    console.log(`| ${r.name} | ${r.median.toFixed(2)} | ${r.min.toFixed(2)} | ${r.max.toFixed(2)} | ${r.n} | ${ratio} | ${r.note} |`);
  }
  return results;
}

/** The bandwidth limit: copying `bytes` between two preallocated buffers. */
export function copyRow(bytes, name = 'memory copy of the output bytes') {
  return {
    name,
    note: `TypedArray.set of ${(bytes / 2 ** 20).toFixed(1)} MiB`,
    setup: () => {
      const a = new Uint8Array(bytes).fill(1);
      const b = new Uint8Array(bytes);
      return () => b.set(a);
    },
  };
}

/** The machine's load averages (1, 5, 15 min) and cores: how busy it was around a timed run. */
export const machineLoad = () => `load average ${loadavg().map((v) => v.toFixed(2)).join(', ')} on ${availableParallelism()} cores`;
