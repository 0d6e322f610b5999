/**
 * `parseWebviewMessage`: what the host runs on every message from the webview. The webview shows
 * a program's own strings, so the host treats what comes back as untrusted too: `openSource` in
 * particular names a file the host will open.
 */
import { fail, int, nullable, ProtocolError, record, str } from './check.ts';
import type { Parsed, WebviewMessage } from './messages.ts';

export function parseWebviewMessage(data: unknown): Parsed<WebviewMessage> {
  try {
    return { ok: true, message: webviewMessage(data) };
  } catch (error) {
    if (error instanceof ProtocolError) return { ok: false, error: error.message };
    throw error;
  }
}

function webviewMessage(data: unknown): WebviewMessage {
  const type =
    typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as { type?: unknown }).type : data;
  switch (type) {
    case 'ready': {
      const m = record(data, 'ready', ['type', 'v']);
      return { type: 'ready', v: int(m.v, 'ready.v', 1) };
    }
    case 'openSource': {
      const m = record(data, 'openSource', ['type', 'file', 'line', 'col']);
      const file = str(m.file, 'openSource.file', 4096);
      if (file.length === 0) fail('openSource.file', 'a file path', file);
      return {
        type: 'openSource',
        file,
        line: int(m.line, 'openSource.line', 0),
        col: nullable(m.col, 'openSource.col', (v, p) => int(v, p, 0)),
      };
    }
    case 'select': {
      const m = record(data, 'select', ['type', 'fid']);
      return { type: 'select', fid: nullable(m.fid, 'select.fid', (v, p) => int(v, p, 1)) };
    }
    case 'requestDetails': {
      const m = record(data, 'requestDetails', ['type', 'fid']);
      return { type: 'requestDetails', fid: int(m.fid, 'requestDetails.fid', 1) };
    }
    case 'stop':
      record(data, 'stop', ['type']);
      return { type: 'stop' };
    case 'error': {
      const m = record(data, 'error', ['type', 'message']);
      return { type: 'error', message: str(m.message, 'error.message', 4000) };
    }
    default:
      return fail('message.type', 'ready, openSource, select, requestDetails, stop or error', type);
  }
}
