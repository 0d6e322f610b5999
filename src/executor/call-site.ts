import { dirname } from 'node:path';
import { framesOf } from './preview.ts';
import type { CallSite } from '../trace/schema.ts';

/**
 * Where the user's code called into the library: the innermost stack frame outside it.
 *
 * Only call this when recording is on (`recording.current` is defined): it formats a stack,
 * which costs microseconds. It reads `new Error().stack` rather than V8's structured frames on
 * purpose: the string goes through whatever `Error.prepareStackTrace` is installed, so with
 * `--enable-source-maps` (or tsx) the site points at the user's TypeScript, not the emitted code.
 */
export function callSite(): CallSite | undefined {
  const limit = Error.stackTraceLimit;
  let stack: string | undefined;
  try {
    // The library's own frames come first; leave room for them plus the user's frame.
    Error.stackTraceLimit = STACK_DEPTH;
    stack = new Error().stack;
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = limit;
  }
  return firstOutsideLibrary(stack);
}

/** Library frames above the user's frame are at most a handful deep (callSite ← submit ← map ← mapWith …). */
const STACK_DEPTH = 24;

/**
 * The folder of this module as stack traces name it: `src/executor` when running from source,
 * `dist/lib` in the bundle. Deriving it from a stack (instead of `__filename`) keeps it comparable
 * with the frames we later filter, whichever source mapping is in effect.
 */
const libraryDir: string | undefined = (() => {
  const frames = framesOf(new Error().stack);
  const own = frames[frames.length - 1];
  return own ? dirname(own.file) : undefined;
})();

/** Exported for tests: picks the first frame (innermost first) that is not the library's or the runtime's. */
export function firstOutsideLibrary(stack: string | undefined, dir = libraryDir): CallSite | undefined {
  const frames = framesOf(stack);
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    if (isInternal(frame.file, dir)) continue;
    return frame;
  }
  return undefined;
}

function isInternal(file: string, dir: string | undefined): boolean {
  if (file.startsWith('node:') || file === 'native' || file === '<anonymous>') return true;
  if (dir === undefined || !file.startsWith(dir)) return false;
  const next = file[dir.length];
  return next === '/' || next === '\\';
}
