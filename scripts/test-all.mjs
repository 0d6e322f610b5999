// `npm test`: everything CI checks, in the order a failure is cheapest to find. Each suite's own
// output streams through; the last line is the overall `N passed, N failed` that CI reads.
import { spawn } from 'node:child_process';

const steps = [
  { name: 'build', cmd: ['node', 'scripts/build.mjs'] },
  { name: 'typecheck', cmd: ['node', 'node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'] },
  {
    name: 'typecheck webview',
    cmd: ['node', 'node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.webview.json'],
  },
  { name: 'lint', cmd: ['node', 'node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.'] },
  { name: 'format', cmd: ['node', 'node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.'] },
  { name: 'unit tests', cmd: ['node', 'scripts/run-tests.mjs', 'test/unit', '--test-reporter=tap'], counts: true },
  // Last: it installs code-server and Chromium when missing, and `npm run package` replaces dist/
  // with the production build.
  { name: 'end-to-end tests', cmd: ['node', 'scripts/e2e/run.mjs', '--test-reporter=tap'], counts: true },
];

let passed = 0;
let failed = 0;
for (const step of steps) {
  const started = Date.now();
  process.stdout.write(`\n=== ${step.name} ===\n`);
  const { code, output } = await run(step.cmd, step.counts);
  if (step.counts) {
    const pass = Number(/^# pass (\d+)/m.exec(output)?.[1] ?? 0);
    const fail = Number(/^# fail (\d+)/m.exec(output)?.[1] ?? 0);
    passed += pass;
    failed += fail + (code !== 0 && fail === 0 ? 1 : 0);
  } else if (code === 0) passed += 1;
  else failed += 1;
  process.stdout.write(
    `=== ${step.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s ===\n`,
  );
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

function run([cmd, ...args], capture) {
  return new Promise((resolve) => {
    const child = spawn(cmd === 'node' ? process.execPath : cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (capture) output += chunk;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
