// Feeds recordings to a ModelSync the way the extension host does, for the protocol and webview tests.
import { readFileSync } from 'node:fs';
import { readTraceInto, TraceDecoder } from '../../../src/trace/reader.ts';
import { ModelSync, type ModelSyncOptions } from '../../../src/protocol/model-sync.ts';
import type { HostMessage } from '../../../src/protocol/messages.ts';
import { validGoldens } from '../trace/golden-files.ts';

export { validGoldens };

/** A whole recording read at once, then `snapshot()`. */
export function snapshotOf(path: string, options?: ModelSyncOptions): { sync: ModelSync; messages: HostMessage[] } {
  const sync = new ModelSync(options);
  readTraceInto(readFileSync(path), sync);
  return { sync, messages: sync.snapshot() };
}

/** The same recording fed `linesPerFlush` lines at a time with a flush after each, as a live follower would. */
export function liveOf(
  path: string,
  linesPerFlush: number,
  options?: ModelSyncOptions,
): { sync: ModelSync; messages: HostMessage[] } {
  const sync = new ModelSync(options);
  const messages: HostMessage[] = [...sync.snapshot()];
  const decoder = new TraceDecoder(sync);
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i += linesPerFlush) {
    decoder.feedText(
      lines
        .slice(i, i + linesPerFlush)
        .map((l) => `${l}\n`)
        .join(''),
    );
    messages.push(...sync.flush());
  }
  decoder.end();
  messages.push(...sync.flush());
  return { sync, messages };
}

/** What postMessage does to a message on its way (JSON-like cloning). */
export const overTheWire = <T>(message: T): unknown => JSON.parse(JSON.stringify(message));
