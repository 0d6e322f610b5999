import type { CallSite, ErrorInfo } from '../../trace/schema.ts';
import * as encode from './encode.ts';

/**
 * Call sites and error descriptions, the nested objects of the trace format, encoded like the
 * rest of a line (encode.ts). They come from the executors, which build them from stacks; the
 * encoders still coerce every field, so a malformed one yields a valid line, never a throw.
 * `u` and `view` are two views of the same bytes.
 */

const { NUMBER_BOUND, asciiBytes, pack, putNumber, putPacked, putString, stringBound, textOf } = encode;
type QuotedCache = encode.QuotedCache;

const SITE_FILE = pack(asciiBytes('{"file":'));
const SITE_LINE = pack(asciiBytes(',"line":'));
const SITE_COL = pack(asciiBytes(',"col":'));
const SITE_FN = pack(asciiBytes(',"fn":'));
const ERR_TYPE = pack(asciiBytes('{"type":'));
const ERR_MESSAGE = pack(asciiBytes(',"message":'));
const ERR_FRAMES = pack(asciiBytes(',"frames":['));
const ERR_STACK = pack(asciiBytes(',"stack":'));
const SITE_FIXED = 48 + 2 * NUMBER_BOUND;

export function siteBound(site: CallSite): number {
  let bound = SITE_FIXED + stringBound(textOf(site.file));
  if (site.fn !== undefined) bound += stringBound(textOf(site.fn));
  return bound;
}

export function putSite(u: Uint8Array, view: DataView, o: number, site: CallSite, names: QuotedCache): number {
  o = putPacked(view, o, SITE_FILE);
  o = putPacked(view, o, names.get(textOf(site.file)));
  o = putNumber(u, putPacked(view, o, SITE_LINE), site.line);
  if (site.col !== undefined) o = putNumber(u, putPacked(view, o, SITE_COL), site.col);
  if (site.fn !== undefined) o = putPacked(view, putPacked(view, o, SITE_FN), names.get(textOf(site.fn)));
  u[o++] = 125;
  return o;
}

function framesOf(error: ErrorInfo): CallSite[] | undefined {
  const frames = error.frames;
  return Array.isArray(frames) ? frames : undefined;
}

export function errorBound(error: ErrorInfo): number {
  let bound = 64 + stringBound(textOf(error.type)) + stringBound(textOf(error.message));
  const frames = framesOf(error);
  if (frames) for (const frame of frames) bound += siteBound(frame) + 1;
  if (error.stack !== undefined) bound += stringBound(textOf(error.stack));
  return bound;
}

export function putError(u: Uint8Array, view: DataView, o: number, error: ErrorInfo, names: QuotedCache): number {
  o = putPacked(view, putPacked(view, o, ERR_TYPE), names.get(textOf(error.type)));
  o = putString(u, putPacked(view, o, ERR_MESSAGE), textOf(error.message));
  const frames = framesOf(error);
  if (frames) {
    o = putPacked(view, o, ERR_FRAMES);
    for (let i = 0; i < frames.length; i++) {
      if (i > 0) u[o++] = 44;
      o = putSite(u, view, o, frames[i]!, names);
    }
    u[o++] = 93;
  }
  if (error.stack !== undefined) o = putString(u, putPacked(view, o, ERR_STACK), textOf(error.stack));
  u[o++] = 125;
  return o;
}
