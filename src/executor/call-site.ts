import { findSourceMap } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { framesOf } from './preview.ts';
import type { CallSite } from '../trace/schema.ts';

type Frame = NodeJS.CallSite;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- V8 takes any function as the frame to cut at
type AnyFunction = Function;

/**
 * Where the user's code called into the library: the innermost stack frame outside it.
 *
 * Only call this when recording is on (`recording.current` is defined). It asks V8 for the
 * structured frames (a temporary `Error.prepareStackTrace`), not for the stack as text: formatting
 * and parsing text cost several times what capturing does. `skip` cuts the stack at the library's
 * entry point (`submit`), so V8 collects only a frame or two. Each position is turned into a site
 * once and cached; under source maps (`--enable-source-maps`, tsx) the position is mapped to the
 * user's TypeScript, as the text of the stack would show it.
 */
export function callSite(skip?: AnyFunction): CallSite | undefined {
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  let frames: unknown;
  try {
    Error.stackTraceLimit = skip === undefined ? STACK_DEPTH : SKIPPED_DEPTH;
    Error.prepareStackTrace = structured;
    Error.captureStackTrace(holder, skip ?? callSite);
    frames = holder.stack;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
    holder.stack = undefined;
  }
  if (!Array.isArray(frames)) return undefined;
  for (const frame of frames as Frame[]) {
    const site = siteOf(frame);
    if (site !== null) return site;
  }
  return undefined;
}

/**
 * `callSite(skip)` for the hot path (`submit`), sampled. Capturing costs microseconds (~2-5 µs
 * measured), as much as an event-loop pool spends on a whole task. So sites come from a token
 * bucket: SITE_BURST submits in a row get theirs, then SITES_PER_WINDOW per WINDOW_MS, plus one in
 * SAMPLE_EVERY of the others. A program that submits a few dozen tasks at a time gets every site;
 * one that submits tens of thousands a second spends well under 1% of its time on them. A site is
 * never guessed: a submit that was not sampled has none. `POOLSCOPE_TRACE_SITES=all` captures
 * every one.
 */
export function sampledCallSite(skip: AnyFunction): CallSite | undefined {
  if (everySite) return callSite(skip);
  if (tokens > 0) {
    tokens--;
    if (!refilling) {
      refilling = true;
      setTimeout(refill, WINDOW_MS).unref();
    }
    return callSite(skip);
  }
  if (++unsampled < SAMPLE_EVERY) return undefined;
  unsampled = 0;
  return callSite(skip);
}

/** Environment variable: `all` records the call site of every submit, however fast they come. */
export const ENV_TRACE_SITES = 'POOLSCOPE_TRACE_SITES';
const SITE_BURST = 64;
const SITES_PER_WINDOW = 8;
const WINDOW_MS = 10;
const SAMPLE_EVERY = 256;
const everySite = process.env[ENV_TRACE_SITES] === 'all';
let tokens = SITE_BURST;
let refilling = false;
let unsampled = 0;

function refill(): void {
  tokens = Math.min(SITE_BURST, tokens + SITES_PER_WINDOW);
  if (tokens < SITE_BURST) setTimeout(refill, WINDOW_MS).unref();
  else refilling = false;
}

/** Library frames above the user's frame are at most a handful deep (callSite ← submit ← map ← mapWith …). */
const STACK_DEPTH = 24;
/** Below the cut at the entry point: a library wrapper or two (`submitWith` → `submit`), then the user. */
const SKIPPED_DEPTH = 4;

const holder: { stack?: unknown } = {};

function structured(_error: Error, frames: Frame[]): Frame[] {
  return frames;
}

/**
 * Sites by script and position; `null` marks a frame of the library or the runtime. A script's
 * name is the same string object at every capture, so the outer lookup hashes nothing new.
 */
const sites = new Map<string, Map<number, CallSite | null>>();
/** Bounds the cache: a program that evals code without end only loses the cache, not memory. */
const MAX_POSITIONS = 4096;
let positions = 0;

function siteOf(frame: Frame): CallSite | null {
  const script = frame.getFileName();
  if (script === undefined || script === null) return null;
  let byPosition = sites.get(script);
  if (byPosition === undefined) {
    if (positions >= MAX_POSITIONS) {
      sites.clear();
      positions = 0;
    }
    byPosition = new Map();
    sites.set(script, byPosition);
  }
  const position = frame.getPosition();
  let site = byPosition.get(position);
  if (site === undefined) {
    site = describe(frame, script);
    byPosition.set(position, site);
    positions++;
  }
  return site;
}

function describe(frame: Frame, script: string): CallSite | null {
  let file = pathOf(script);
  if (isInternal(file, libraryDir)) return null;
  let line = frame.getLineNumber() ?? 0;
  let col = frame.getColumnNumber() ?? 0;
  const mapped = originalOf(script, line, col);
  if (mapped !== undefined) {
    file = mapped.file;
    line = mapped.line;
    col = mapped.col;
  }
  const site: CallSite = { file, line, col };
  const fn = labelOf(frame);
  if (fn) site.fn = fn;
  return site;
}

function pathOf(script: string): string {
  if (!script.startsWith('file://')) return script;
  try {
    return fileURLToPath(script);
  } catch {
    return script;
  }
}

/** The position in the source the script was compiled from, when V8's script has a source map. */
function originalOf(
  script: string,
  line: number,
  col: number,
): { file: string; line: number; col: number } | undefined {
  try {
    const map = findSourceMap(script);
    if (map === undefined) return undefined;
    const entry = map.findEntry(line - 1, col - 1) as Partial<{
      originalSource: string;
      originalLine: number;
      originalColumn: number;
    }>;
    if (!entry.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) {
      return undefined;
    }
    return { file: pathOf(entry.originalSource), line: entry.originalLine + 1, col: entry.originalColumn + 1 };
  } catch {
    return undefined;
  }
}

/** The frame's function as V8 names it in a stack's text (`Type.method`, `new Klass`, `async main`). */
function labelOf(frame: Frame): string | undefined {
  try {
    const name = frame.getFunctionName();
    const prefix = frame.isAsync() ? 'async ' : '';
    if (frame.isConstructor()) return `${prefix}new ${name || '<anonymous>'}`;
    if (!frame.isToplevel()) {
      const type = frame.getTypeName();
      const method = frame.getMethodName();
      if (!name) return `${prefix}${type ?? '<anonymous>'}.${method ?? '<anonymous>'}`;
      const qualified = type && !name.startsWith(`${type}.`) ? `${type}.${name}` : name;
      return `${prefix}${qualified}${method && method !== name && !name.endsWith(`.${method}`) ? ` [as ${method}]` : ''}`;
    }
    return name ? `${prefix}${name}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The folder of this module as V8 names scripts: `src/executor` when running from source,
 * `dist/lib` in the bundle. Frames of files under it are the library's.
 */
const libraryDir: string | undefined = (() => {
  const prepare = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = structured;
    const probe: { stack?: unknown } = {};
    Error.captureStackTrace(probe);
    const own = (probe.stack as Frame[] | undefined)?.[0]?.getFileName();
    return own ? dirname(pathOf(own)) : undefined;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = prepare;
  }
})();

/** Exported for tests: picks the first frame (innermost first) of a stack's text that is not the library's or the runtime's. */
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
