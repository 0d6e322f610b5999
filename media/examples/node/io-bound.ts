/**
 * I/O-bound work belongs on the event loop: twelve simulated downloads, first one at a time, then
 * four at a time on an AsyncPoolExecutor. In the recording the sequential pool is a staircase and
 * the pooled one four lanes of overlapping bars; the summary shows the queue wait moving.
 *
 *   poolscope record media/examples/node/io-bound.ts
 */
import { AsyncPoolExecutor } from 'poolscope';

interface Page {
  url: string;
  bytes: number;
}

/** A made-up but repeatable latency (40–159 ms) per URL (an FNV-1a hash), so every run draws the same picture. */
function latencyOf(url: string): number {
  let hash = 2166136261;
  for (const ch of url) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  return 40 + (hash % 120);
}

async function download(url: string): Promise<Page> {
  await new Promise((resolve) => setTimeout(resolve, latencyOf(url)));
  return { url, bytes: 1000 + latencyOf(url) * 10 };
}

const urls = Array.from({ length: 12 }, (_, i) => `https://example.test/articles/${i + 1}`);

async function fetchAll(name: string, maxWorkers: number): Promise<void> {
  const started = performance.now();
  const pool = new AsyncPoolExecutor({ maxWorkers, name });
  let bytes = 0;
  // map() submits everything at once and yields the pages in the order of `urls`.
  for await (const page of pool.map(download, urls)) bytes += page.bytes;
  await pool.shutdown();
  const ms = Math.round(performance.now() - started);
  console.log(`${name.padEnd(10)} ${urls.length} pages, ${bytes} bytes, maxWorkers=${maxWorkers}: ${ms} ms`);
}

await fetchAll('sequential', 1);
await fetchAll('pooled', 4);
