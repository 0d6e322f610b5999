import * as encode from './encode.ts';

/**
 * Frames with text in them: `submit` (function name, argument preview, call site), `done` with a
 * result's preview, and the `result` block every `await future` opens. They are the other events
 * of every task, so like start/end (frames.ts) they go into the ring as binary records the
 * drainers turn into lines: the producing thread stores numbers as float64 and copies each
 * string's UTF-16 code units as they are (one byte each when all are below 0x100, else two),
 * and the escaping to JSON happens on the drainer's side. A call site arrives already encoded
 * (its JSON is made once per site and cached), so it is copied through.
 *
 * Layouts (offsets in bytes; numbers little-endian; a length word's top bit says two bytes per unit):
 *   submit        tag, flags (1: map, 2: idx), ts f64, fid f64, xid f64, map f64, idx f64,
 *                 fn length u32, args length u32, site bytes u32, then fn, args, site
 *   done result   tag, ts f64, fid f64, value length u32, then value
 *   block result  tag, ts f64, bid f64, fid f64   (op `result` on one future, no timeout, no site)
 */

/** Tags from here on are text frames; below are the fixed frames of frames.ts. */
export const FIRST_TEXT_TAG = 16;
export const TAG_SUBMIT = 16;
export const TAG_DONE_RESULT = 17;
export const TAG_BLOCK_RESULT = 18;

export const SUBMIT_FIXED = 54;
export const DONE_FIXED = 21;
export const BLOCK_RESULT_BYTES = 25;
const TWO_BYTE = 0x80000000;
const LENGTH_MASK = 0x7fffffff;

const { NUMBER_BOUND, asciiBytes, pack, putNumber, putPacked } = encode;
type Packed = encode.Packed;

/** Room a string takes in a frame, at most. */
export function rawBound(text: string): number {
  return text.length * 2;
}

/** Buffer's UTF-16 copy, used on the ring's plain Uint8Array too (it only needs an ArrayBufferView). */
const ucs2Write = Buffer.prototype.ucs2Write as
  ((this: Uint8Array, text: string, offset: number, length: number) => number) | undefined;
/**
 * From this length on, one native copy (two bytes a unit, ~50 ns whatever the length) beats the
 * loop (~2 ns a unit, more on strings built by concatenation, which previews are).
 */
const NATIVE_FROM = 24;

/**
 * Copies `text` at `o` and returns its length word. The first pass stores the low byte of each
 * code unit and notes whether any unit was wider; only then does a second pass store two bytes.
 */
export function putRaw(u: Uint8Array, view: DataView, o: number, text: string): number {
  const n = text.length;
  if (n >= NATIVE_FROM && ucs2Write !== undefined) {
    ucs2Write.call(u, text, o, 2 * n);
    return (n | TWO_BYTE) >>> 0;
  }
  let wide = 0;
  let i = 0;
  // Four units per store: half the time of one store each (measured on 50 characters).
  for (; i + 4 <= n; i += 4) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    const c = text.charCodeAt(i + 2);
    const d = text.charCodeAt(i + 3);
    wide |= a | b | c | d;
    view.setInt32(o + i, a | (b << 8) | (c << 16) | (d << 24), true);
  }
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    wide |= c;
    u[o + i] = c;
  }
  if (wide < 0x100) return n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    u[o + 2 * i] = c;
    u[o + 2 * i + 1] = c >>> 8;
  }
  return (n | TWO_BYTE) >>> 0;
}

/** Bytes a string of length word `word` takes in a frame. */
export function rawSize(word: number): number {
  return word >= TWO_BYTE ? (word & LENGTH_MASK) * 2 : word;
}

/** Size of the text frame at `data[at]` (`dv` over the same bytes) (its tag already known to be one of ours), -1 when it is none. */
export function textFrameSize(data: Buffer, dv: DataView, at: number): number {
  switch (data[at]) {
    case TAG_SUBMIT:
      return (
        SUBMIT_FIXED +
        rawSize(dv.getUint32(at + 42, true)) +
        rawSize(dv.getUint32(at + 46, true)) +
        dv.getUint32(at + 50, true)
      );
    case TAG_DONE_RESULT:
      return DONE_FIXED + rawSize(dv.getUint32(at + 17, true));
    case TAG_BLOCK_RESULT:
      return BLOCK_RESULT_BYTES;
    default:
      return -1;
  }
}

/** Most bytes the line of the frame at `data[at]` (of size `size`) takes, lane tail and pad included. */
export function textFrameLineBound(size: number, laneTail: Packed): number {
  // Every raw byte may become a six-byte escape; the rest is keys and numbers.
  return 6 * size + 8 * NUMBER_BOUND + 160 + laneTail.length;
}

const text = (value: string): Packed => pack(asciiBytes(value));
const SUBMIT_HEAD = text('{"e":"submit","ts":');
const DONE_HEAD = text('{"e":"done","ts":');
const BLOCK_HEAD = text('{"e":"block-begin","ts":');
const FID = text(',"fid":');
const XID = text(',"xid":');
const BID = text(',"bid":');
const FN = text(',"fn":');
const ARGS = text(',"args":');
const SITE = text(',"site":');
const MAP = text(',"map":');
const IDX = text(',"idx":');
const RESULT_VALUE = text(',"outcome":"result","value":');
const RESULT_FIDS = text(',"op":"result","fids":[');

/**
 * Writes the line of the text frame at `data[at]` into `out` (`view` over the same bytes) at `o`
 * and returns the offset after it; `out` must have `textFrameLineBound` bytes free.
 */
export function putTextFrameLine(
  data: Buffer,
  dv: DataView,
  at: number,
  laneTail: Packed,
  out: Uint8Array,
  view: DataView,
  o: number,
): number {
  switch (data[at]) {
    case TAG_SUBMIT: {
      const flags = data[at + 1]!;
      o = putNumber(out, putPacked(view, o, SUBMIT_HEAD), dv.getFloat64(at + 2, true));
      o = putNumber(out, putPacked(view, o, FID), dv.getFloat64(at + 10, true));
      o = putNumber(out, putPacked(view, o, XID), dv.getFloat64(at + 18, true));
      const fnWord = dv.getUint32(at + 42, true);
      const argsWord = dv.getUint32(at + 46, true);
      const siteBytes = dv.getUint32(at + 50, true);
      let p = at + SUBMIT_FIXED;
      o = putEscaped(out, putPacked(view, o, FN), data, p, fnWord);
      p += rawSize(fnWord);
      o = putEscaped(out, putPacked(view, o, ARGS), data, p, argsWord);
      p += rawSize(argsWord);
      if (siteBytes > 0) {
        o = putPacked(view, o, SITE);
        o += data.copy(out, o, p, p + siteBytes);
      }
      if (flags & 1) o = putNumber(out, putPacked(view, o, MAP), dv.getFloat64(at + 26, true));
      if (flags & 2) o = putNumber(out, putPacked(view, o, IDX), dv.getFloat64(at + 34, true));
      return putPacked(view, o, laneTail);
    }
    case TAG_DONE_RESULT: {
      o = putNumber(out, putPacked(view, o, DONE_HEAD), dv.getFloat64(at + 1, true));
      o = putNumber(out, putPacked(view, o, FID), dv.getFloat64(at + 9, true));
      o = putEscaped(out, putPacked(view, o, RESULT_VALUE), data, at + DONE_FIXED, dv.getUint32(at + 17, true));
      return putPacked(view, o, laneTail);
    }
    case TAG_BLOCK_RESULT: {
      o = putNumber(out, putPacked(view, o, BLOCK_HEAD), dv.getFloat64(at + 1, true));
      o = putNumber(out, putPacked(view, o, BID), dv.getFloat64(at + 9, true));
      o = putNumber(out, putPacked(view, o, RESULT_FIDS), dv.getFloat64(at + 17, true));
      out[o++] = 93;
      return putPacked(view, o, laneTail);
    }
    default:
      return -1;
  }
}

const HEX = asciiBytes('0123456789abcdef');

/** A raw string of the ring as a quoted JSON string, escaped down to printable ASCII (as encode.putString does). */
function putEscaped(out: Uint8Array, o: number, data: Buffer, at: number, word: number): number {
  const two = word >= TWO_BYTE;
  const n = word & LENGTH_MASK;
  out[o++] = 34;
  for (let i = 0; i < n; i++) {
    const c = two ? data[at + 2 * i]! | (data[at + 2 * i + 1]! << 8) : data[at + i]!;
    if (c >= 0x20 && c < 0x7f && c !== 34 && c !== 92) {
      out[o++] = c;
      continue;
    }
    out[o++] = 92;
    if (c === 34 || c === 92) out[o++] = c;
    else if (c === 10) out[o++] = 110;
    else if (c === 13) out[o++] = 114;
    else if (c === 9) out[o++] = 116;
    else {
      out[o++] = 117;
      out[o++] = HEX[(c >> 12) & 15]!;
      out[o++] = HEX[(c >> 8) & 15]!;
      out[o++] = HEX[(c >> 4) & 15]!;
      out[o++] = HEX[c & 15]!;
    }
  }
  out[o++] = 34;
  return o;
}
