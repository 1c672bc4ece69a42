import type { Bench } from 'tinybench'

/** One line per task: ops/s, mean and p99 latency, samples. */
export function printResults(bench: Bench): void {
  console.log(`\n## ${bench.name}`)
  const rows = bench.tasks.map((t) => {
    const r = t.result
    if (!r || r.state !== 'completed') return { task: t.name, 'ops/s': 'failed', mean: '', p99: '', samples: 0 }
    return {
      task: t.name,
      'ops/s': r.throughput.mean.toFixed(1),
      mean: `${r.latency.mean.toFixed(3)} ms`,
      p99: `${(r.latency.p99 ?? 0).toFixed(3)} ms`,
      samples: r.latency.samplesCount,
    }
  })
  console.table(rows)
}

/** Prints how much faster (>1) or slower (<1) task `a` is than task `b`. */
export function ratio(bench: Bench, a: string, b: string): void {
  const ta = bench.getTask(a)?.result
  const tb = bench.getTask(b)?.result
  if (ta?.state !== 'completed' || tb?.state !== 'completed') return
  const speedup = ta.throughput.mean / tb.throughput.mean
  const cost = ta.latency.mean / tb.latency.mean
  console.log(`  ${a}  vs  ${b}: ${speedup.toFixed(2)}× the throughput (time ratio ${cost.toFixed(2)}×)`)
}
