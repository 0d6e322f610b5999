import { writeSync } from 'node:fs';
import { CTL_FAILED } from './ring-layout.ts';

/**
 * The one place a recording failure is told to the user. Recording is a side show: a full disk,
 * an unwritable path or a closed file descriptor stop the recording, never the program. The
 * message goes out once per process: threads of a session race for the control block's failure
 * word, so only the first reports. It is written with writeSync on fd 2, which works from any
 * thread (a worker's process.stderr goes through the main thread's event loop, which may be stuck).
 */

let reportedHere = false;

export function reportRecordingFailure(error: unknown, ctl?: Int32Array): void {
  const first = ctl ? Atomics.compareExchange(ctl, CTL_FAILED, 0, 1) === 0 : !reportedHere;
  if (!first || reportedHere) return;
  reportedHere = true;
  try {
    writeSync(2, `poolscope: recording stopped: ${failureReason(error)}; the program runs on untraced\n`);
  } catch {
    // No stderr either: there is nobody left to tell.
  }
}

/** The reason as a user reads it: Node's fs errors already say what and where (`EACCES: permission denied, open '…'`). */
export function failureReason(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}

export const recordingErrors = {
  flusherEnded: (code: number) => new Error(`the recording's flusher thread ended (exit code ${code})`),
  alreadyRecording: (path: string, requested: string) =>
    new Error(`poolscope is already recording to ${path}; call stopRecording() before recording to ${requested}`),
  badPath: (value: unknown) =>
    new TypeError(`startRecording() needs the path of the recording file, got ${typeof value}`),
};
