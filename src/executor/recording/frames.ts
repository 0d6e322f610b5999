import * as encode from './encode.ts';

/**
 * Binary frames: the events every task produces (start, end, cancel, block-end, a cancelled
 * future's done) go into the ring as 17 bytes (tag, ts, id) instead of a line. Formatting a line costs a thread about three times
 * what storing a frame does (measured: ~60 ns against ~200 ns per start event), so the program's
 * threads store frames and the drainers (the flusher thread, or the main thread at exit) write
 * the lines. A frame's first byte is its tag, below 0x20; a line's is always `{`, so records
 * tell themselves apart. ts and id are float64, exact for integers below 2^53.
 */

export const FRAME_BYTES = 17;
export const TAG_START = 1;
export const TAG_END_OK = 2;
export const TAG_END_FAILED = 3;
export const TAG_CANCEL_OK = 4;
export const TAG_CANCEL_REFUSED = 5;
export const TAG_BLOCK_END = 6;
export const TAG_BLOCK_END_TIMED_OUT = 7;
export const TAG_DONE_CANCELLED = 8;

const { asciiBytes, pack, putPacked, putNumber, NUMBER_BOUND } = encode;
type Packed = encode.Packed;

/** Text around the numbers of each tag's line: head, id key, and what comes before the lane. */
const SHAPES: (readonly [Packed, Packed, Packed] | undefined)[] = [];
function shape(tag: number, type: string, idKey: string, flag: string): void {
  SHAPES[tag] = [pack(asciiBytes(`{"e":"${type}","ts":`)), pack(asciiBytes(`,"${idKey}":`)), pack(asciiBytes(flag))];
}
shape(TAG_START, 'start', 'fid', '');
shape(TAG_END_OK, 'end', 'fid', ',"ok":true');
shape(TAG_END_FAILED, 'end', 'fid', ',"ok":false');
shape(TAG_CANCEL_OK, 'cancel', 'fid', ',"ok":true');
shape(TAG_CANCEL_REFUSED, 'cancel', 'fid', ',"ok":false');
shape(TAG_BLOCK_END, 'block-end', 'bid', ',"timedOut":false');
shape(TAG_BLOCK_END_TIMED_OUT, 'block-end', 'bid', ',"timedOut":true');
shape(TAG_DONE_CANCELLED, 'done', 'fid', ',"outcome":"cancelled"');

/** Most bytes one frame becomes, without its lane tail, with the pad `putPacked` may write. */
export const FRAME_LINE_BOUND = 72 + 2 * NUMBER_BOUND;

/**
 * Writes the line of the frame at `data[at]` (`dv` over the same bytes) into `out` (and `view`, over the same bytes) at `o`;
 * returns the offset after it, or -1 when the byte at `at` is no known tag (the rest of the data
 * cannot be read then).
 */
export function putFrameLine(
  data: Buffer,
  dv: DataView,
  at: number,
  laneTail: Packed,
  out: Uint8Array,
  view: DataView,
  o: number,
): number {
  const parts = SHAPES[data[at]!];
  if (parts === undefined) return -1;
  o = putNumber(out, putPacked(view, o, parts[0]), dv.getFloat64(at + 1, true));
  o = putNumber(out, putPacked(view, o, parts[1]), dv.getFloat64(at + 9, true));
  return putPacked(view, putPacked(view, o, parts[2]), laneTail);
}
