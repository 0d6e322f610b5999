/**
 * The `node --import` target of every recorded Node program (dist/runner/register.mjs). It runs in
 * the main thread and again in each worker thread (workers inherit execArgv), so piscina workers
 * load TypeScript task modules too.
 */
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { patchCommonJs } from './commonjs.ts';
import { hooksLayout } from './layout.ts';
import { claimRecordingRoot } from './recording-root.ts';

const layout = hooksLayout(new URL('.', import.meta.url));
if (isMainThread) claimRecordingRoot();
register(new URL('./loader-hooks.mjs', import.meta.url), { data: layout });
patchCommonJs(layout);
