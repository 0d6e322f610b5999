import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { issues } from '../issues.ts';
import { TraceDecoder, type DecoderOptions, type RecordSink } from '../reader.ts';

export interface FollowOptions extends DecoderOptions {
  /** How often to look for new bytes when fs.watch is silent or unavailable (default 100 ms). */
  pollMs?: number;
  /** Called when the file was truncated or replaced: everything is read again from byte 0 into a new decoder. */
  onRestart?: () => void;
}

export interface Follower {
  /** The decoder currently reading the file (replaced after a restart). */
  readonly decoder: TraceDecoder;
  /** Reads whatever has been appended since the last read; resolves when caught up. */
  poll(): Promise<void>;
  /** Stops following, reads what is left, and reports a trailing partial line. */
  close(): Promise<void>;
}

const CHUNK = 1 << 16;

/**
 * Tails a recording that is still being written. The file may not exist yet. New bytes are found by
 * fs.watch where it works and by polling everywhere (watch events are lost on some file systems),
 * and read from the last offset; a line the writer has not finished yet waits in the decoder until
 * its newline arrives.
 */
export function followTrace(path: string, sink: RecordSink, options: FollowOptions = {}): Follower {
  let decoder = new TraceDecoder(sink, options);
  let handle: FileHandle | undefined;
  let inode = -1;
  let offset = 0;
  let closed = false;
  let running: Promise<void> | undefined;
  let again = false;
  let watcher: FSWatcher | undefined;
  const buffer = new Uint8Array(CHUNK);

  const startWatching = () => {
    if (watcher || closed) return;
    try {
      watcher = watch(path, { persistent: false }, () => void poll());
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      watcher = undefined; // Polling alone still works.
    }
  };

  const restart = async () => {
    await handle?.close();
    handle = undefined;
    offset = 0;
    decoder = new TraceDecoder(sink, options);
    options.onRestart?.();
  };

  const readNew = async () => {
    if (!handle) {
      try {
        handle = await open(path, 'r');
      } catch {
        return; // Not created yet.
      }
      inode = (await handle.stat()).ino;
      startWatching();
    }
    const now = await stat(path).catch(() => undefined);
    if (now && (now.ino !== inode || now.size < offset)) {
      await restart();
      return readNew();
    }
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, offset);
      if (bytesRead === 0) return;
      offset += bytesRead;
      decoder.feed(buffer.subarray(0, bytesRead));
    }
  };

  const readSafely = async () => {
    try {
      await readNew();
    } catch (err) {
      sink.issue?.(issues.readFailed(path, (err as Error).message));
    }
  };

  const poll = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await readSafely();
        } while (again && !closed);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer = setInterval(() => void poll(), options.pollMs ?? 100);
  void poll();

  return {
    get decoder() {
      return decoder;
    },
    poll,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      watcher?.close();
      await running;
      await readSafely();
      decoder.end();
      await handle?.close();
      handle = undefined;
    },
  };
}
