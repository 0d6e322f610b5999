// map() hands results back in the order the work was submitted; asCompleted() in the order it
// finishes. Same three orders, same pool: the recording shows identical bars, and the blocking
// waits of the caller (the map one stuck behind the slow espresso) differ.
//
//   poolscope record media/examples/node/as-completed-vs-map.mjs
import { AsyncPoolExecutor, asCompleted } from 'poolscope';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function brew(drink, ms) {
  await sleep(ms);
  return `${drink} after ${ms} ms`;
}

const orders = [
  ['espresso', 150],
  ['tea', 30],
  ['latte', 90],
];

const pool = new AsyncPoolExecutor({ maxWorkers: 3, name: 'baristas' });

console.log('map (submission order):');
for await (const cup of pool.map(
  brew,
  orders.map(([d]) => d),
  orders.map(([, ms]) => ms),
)) {
  console.log(`  ${cup}`);
}

console.log('asCompleted (completion order):');
const futures = orders.map(([drink, ms]) => pool.submit(brew, drink, ms));
for await (const future of asCompleted(futures)) {
  console.log(`  ${await future.result()}`);
}

await pool.shutdown();
