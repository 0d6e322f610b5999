import { inspect } from 'node:util';
import type { CallSite, ErrorInfo } from '../trace/schema.ts';

/** Longest preview written into a recording; longer ones end in an ellipsis. */
export const PREVIEW_MAX = 200;

const inspectOptions = {
  depth: 2,
  maxArrayLength: 10,
  maxStringLength: PREVIEW_MAX,
  breakLength: Infinity,
  compact: true,
};

/**
 * A short, safe text for a value. Never throws and never runs user code: getters, proxies and
 * custom inspect hooks are not invoked, so previewing cannot change what the program does.
 */
export function previewOf(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return String(value) + (typeof value === 'bigint' ? 'n' : '');
    case 'string':
      return truncate(JSON.stringify(value.length > PREVIEW_MAX ? value.slice(0, PREVIEW_MAX) : value));
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    case 'symbol':
      return value.toString();
    default:
      break;
  }
  try {
    return truncate(inspect(value, { ...inspectOptions, getters: false, customInspect: false, showProxy: true }));
  } catch {
    return '<unprintable>';
  }
}

/** Preview of an argument list, as it would read in a call: `1, "a", [ 2, 3 ]`. */
export function previewArgs(args: readonly unknown[]): string {
  if (args.length === 0) return '';
  let text = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0) text += ', ';
    text += previewOf(args[i]);
    if (text.length > PREVIEW_MAX) return truncate(text);
  }
  return text;
}

function truncate(text: string): string {
  return text.length > PREVIEW_MAX ? text.slice(0, PREVIEW_MAX - 1) + '…' : text;
}

const FRAME_RE = /^\s*at (?:(.*?) \()?(?:file:\/\/)?(.*?):(\d+):(\d+)\)?$/;

/** Parses V8 stack lines into frames, outermost first (the trace format's order). */
export function framesOf(stack: string | undefined): CallSite[] {
  if (!stack) return [];
  const frames: CallSite[] = [];
  for (const line of stack.split('\n')) {
    const m = FRAME_RE.exec(line);
    if (!m) continue;
    const frame: CallSite = { file: decodeFileUrl(m[2]!), line: Number(m[3]), col: Number(m[4]) };
    if (m[1]) frame.fn = m[1];
    frames.push(frame);
  }
  return frames.reverse();
}

function decodeFileUrl(path: string): string {
  try {
    return path.includes('%') ? decodeURIComponent(path) : path;
  } catch {
    return path;
  }
}

/** Describes any thrown value for the recording, without running user code. */
export function describeError(err: unknown): ErrorInfo {
  if (err instanceof Error) {
    let stack: string | undefined;
    try {
      stack = typeof err.stack === 'string' ? err.stack.slice(0, 4000) : undefined;
    } catch {
      stack = undefined;
    }
    let type = 'Error';
    try {
      type = String(err.name || err.constructor?.name || 'Error');
    } catch {
      // A hostile `name` getter: keep the default.
    }
    let message = '';
    try {
      message = String(err.message).slice(0, 1000);
    } catch {
      message = '<unprintable>';
    }
    return { type, message, frames: framesOf(stack), ...(stack ? { stack } : {}) };
  }
  return { type: typeof err, message: previewOf(err) };
}
