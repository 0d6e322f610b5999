// CommonJS works too. Done-callbacks run when a future finishes, fails or is cancelled (a callback
// that throws is reported and the others still run), and shutdown({ cancelFutures: true }) cancels
// everything still queued. Each callback is a slice on the timeline after its future's bar.
//
//   poolscope record media/examples/node/callbacks-and-cancel.cjs
const { AsyncPoolExecutor, CancelledError } = require('poolscope');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function resize(image, ms) {
  await sleep(ms);
  if (image.endsWith('.bmp')) throw new Error(`${image}: unsupported format`);
  return `${image} -> thumbnail`;
}

const labels = new Map();

// Called with the future once it is done; a cancelled future has no exception() to ask for.
function report(future) {
  const image = labels.get(future);
  if (future.cancelled()) return console.log(`  ${image}: cancelled`);
  future.exception().then((error) => console.log(`  ${image}: ${error ? `failed (${error.message})` : 'resized'}`));
}

async function main() {
  const pool = new AsyncPoolExecutor({ maxWorkers: 2, name: 'thumbnails' });
  const images = ['cat.png', 'dog.bmp', 'owl.png', 'fox.png', 'elk.png', 'yak.png'];
  const futures = images.map((image, i) => {
    const future = pool.submit(resize, image, 40 + i * 10);
    labels.set(future, image);
    future.addDoneCallback(report);
    return future;
  });

  await sleep(70);
  console.log('shutting down, cancelling what has not started:');
  await pool.shutdown({ cancelFutures: true });

  const outcomes = await Promise.allSettled(futures.map((f) => f.result()));
  const cancelled = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof CancelledError).length;
  const failed = outcomes.filter((o) => o.status === 'rejected' && !(o.reason instanceof CancelledError)).length;
  console.log(`${outcomes.length - cancelled - failed} resized, ${failed} failed, ${cancelled} cancelled`);
}

main();
