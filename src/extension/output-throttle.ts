/**
 * The program's stdout and stderr on their way to an output channel. A program may print without
 * end; appending all of it would keep the extension host busy rendering text nobody can read. So
 * at most `maxPendingBytes` wait at any time and at most `maxBytesPerTake` leave per take (the
 * caller takes every ~100 ms): output beyond that is cut, counted, and replaced by one line saying
 * how much is missing, at the place it went missing. Pure, for tests.
 */

export interface ThrottleOptions {
  /** UTF-8 bytes handed out by one `take()` (default 32 KiB). */
  maxBytesPerTake?: number;
  /** UTF-8 bytes waiting at most; more is cut (default 128 KiB). */
  maxPendingBytes?: number;
}

type Piece = { text: string; bytes: number } | { cut: number };

export function cutNote(bytes: number): string {
  return `\n… ${bytes.toLocaleString('en-US')} bytes of output not shown …\n`;
}

export class OutputThrottle {
  private readonly perTake: number;
  private readonly maxPending: number;
  private readonly pieces: Piece[] = [];
  private pendingBytes = 0;
  private cutTotal = 0;

  constructor(options: ThrottleOptions = {}) {
    this.perTake = options.maxBytesPerTake ?? 32 * 1024;
    this.maxPending = options.maxPendingBytes ?? 128 * 1024;
  }

  /** Bytes cut since the start. */
  get cutBytes(): number {
    return this.cutTotal;
  }

  get pending(): boolean {
    return this.pieces.length > 0;
  }

  push(text: string): void {
    if (text === '') return;
    const bytes = Buffer.byteLength(text);
    const room = this.maxPending - this.pendingBytes;
    if (bytes <= room) {
      this.pieces.push({ text, bytes });
      this.pendingBytes += bytes;
      return;
    }
    const kept = prefixWithin(text, room);
    if (kept.text) {
      this.pieces.push(kept);
      this.pendingBytes += kept.bytes;
    }
    this.cut(bytes - kept.bytes);
  }

  /** What to append now: at most `maxBytesPerTake` bytes of output, plus the notes of what was cut. */
  take(): string {
    let budget = this.perTake;
    let out = '';
    while (this.pieces.length) {
      const piece = this.pieces[0]!;
      if ('cut' in piece) {
        out += cutNote(piece.cut);
        this.pieces.shift();
        continue;
      }
      if (budget === 0) break;
      if (piece.bytes <= budget) {
        out += piece.text;
        budget -= piece.bytes;
        this.pendingBytes -= piece.bytes;
        this.pieces.shift();
        continue;
      }
      const head = prefixWithin(piece.text, budget);
      // A single character wider than the whole budget still has to go out eventually.
      const part = head.text ? head : firstChar(piece.text);
      out += part.text;
      this.pendingBytes -= part.bytes;
      this.pieces[0] = { text: piece.text.slice(part.text.length), bytes: piece.bytes - part.bytes };
      break;
    }
    return out;
  }

  /** Everything still waiting, notes included (when the program has ended). */
  drain(): string {
    let out = '';
    while (this.pieces.length) out += this.take();
    return out;
  }

  private cut(bytes: number): void {
    if (bytes <= 0) return;
    this.cutTotal += bytes;
    const last = this.pieces[this.pieces.length - 1];
    if (last && 'cut' in last) last.cut += bytes;
    else this.pieces.push({ cut: bytes });
  }
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes that does not split a character. */
export function prefixWithin(text: string, maxBytes: number): { text: string; bytes: number } {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += code >= 0x10000 ? 2 : 1;
  }
  return { text: text.slice(0, i), bytes };
}

function firstChar(text: string): { text: string; bytes: number } {
  const ch = String.fromCodePoint(text.codePointAt(0)!);
  return { text: ch, bytes: Buffer.byteLength(ch) };
}
