import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Piscina } from 'piscina';
import type { WorkerPoolExecutor } from '../../../src/executor/worker-pool.ts';

/** Test fixtures (small user-like modules) of test/fixtures/node/. */
export const fixtureDir = join(__dirname, '..', '..', 'fixtures', 'node');

export function fixturePath(name: string): string {
  return join(fixtureDir, name);
}

// The fixtures are plain JavaScript without type declarations: their functions are typed loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixture functions take and return anything
export type Fn = (...args: any[]) => any;
export type Module = Record<string, Fn> & { helpers: Record<string, Fn>; Tools: Record<string, Fn> };

const requireFixture = createRequire(__filename);

/** A CommonJS fixture, through require. */
export function cjsFixture(name: string): Module {
  return requireFixture(fixturePath(name)) as Module;
}

/**
 * An ES module fixture, through a real dynamic import with a URL: this file is compiled to
 * CommonJS by tsx, and a static import would become require() (a transpiled copy).
 */
export async function esmFixture(name: string): Promise<Module> {
  return (await import(pathToFileURL(fixturePath(name)).href)) as Module;
}

/** The piscina pool inside an executor, for assertions about how work reached it. */
export function piscinaOf(pool: WorkerPoolExecutor): Piscina | undefined {
  return (pool as unknown as { pool: Piscina | undefined }).pool;
}

/** Waits until `check` holds, polling; the test's own timeout bounds it. */
export async function until(check: () => boolean, stepMs = 5): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, stepMs));
}
