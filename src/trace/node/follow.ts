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

/** A short reason for a file system error: its code's meaning when known (`permission denied`). */
function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a folder',
    ENOTDIR: 'a parent is not a folder',
    ELOOP: 'too many symbolic links',
  };
  return (e.code && known[e.code]) ?? String(e.message ?? error).split('\n')[0]!;
}

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

  // Each distinct reason a read fails is reported once, not on every poll (10 times a second).
  let lastFailure = '';
  let stopped = false;
  const failed = (reason: string) => {
    if (reason === lastFailure) return;
    lastFailure = reason;
    sink.issue?.(issues.readFailed(path, reason));
  };

  const readNew = async () => {
    if (!handle) {
      try {
        handle = await open(path, 'r');
      } catch (error) {
        // Only a missing file means "not created yet"; a permission problem is worth saying.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') failed(reasonOf(error));
        return;
      }
      const stats = await handle.stat();
      if (!stats.isFile()) {
        // A folder or a device never becomes a recording: say so once and stop looking.
        await handle.close();
        handle = undefined;
        stopped = true;
        sink.issue?.(issues.notAFile(path, stats.isDirectory() ? 'a folder' : 'not a regular file'));
        return;
      }
      inode = stats.ino;
      lastFailure = '';
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
    if (stopped) return;
    try {
      await readNew();
    } catch (err) {
      failed(reasonOf(err));
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
      // A file that could never be opened or is not a file was reported as such: "empty" would mislead.
      if (!stopped && (inode !== -1 || lastFailure === '')) decoder.end();
      await handle?.close();
      handle = undefined;
    },
  };
}
