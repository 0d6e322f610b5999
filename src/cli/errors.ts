import { PoolscopeError } from '../runner/errors.ts';

/** Every error of the command line itself, and the one place their messages are written. */
export const cliErrors = {
  noCommand: () => new PoolscopeError('missing command', "try 'poolscope --help'", 2),
  unknownCommand: (name: string) => new PoolscopeError(name, "unknown command; try 'poolscope --help'", 2),
  unknownOption: (command: string, option: string) =>
    new PoolscopeError(`${command} ${option}`, `unknown option; try 'poolscope ${command} --help'`, 2),
  missingValue: (command: string, option: string) => new PoolscopeError(`${command} ${option}`, 'needs a value', 2),
  unexpectedValue: (command: string, option: string) => new PoolscopeError(`${command} ${option}`, 'takes no value', 2),
  missingFile: (command: string) =>
    new PoolscopeError(command, `name the recording to read: poolscope ${command} FILE`, 2),
  extraArguments: (command: string, extra: string[]) =>
    new PoolscopeError(command, `unexpected argument${extra.length === 1 ? '' : 's'} ${extra.join(' ')}`, 2),
  missingFormat: () => new PoolscopeError('export', 'name the format: poolscope export --chrome FILE', 2),
  cannotRead: (file: string, reason: string) => new PoolscopeError(file, `cannot read the recording (${reason})`),
  emptyRecording: (file: string) => new PoolscopeError(file, 'the recording is empty'),
  notARecording: (file: string, reason: string) => new PoolscopeError(file, `not a Poolscope recording: ${reason}`),
  unreadableRecording: (file: string, reason: string) => new PoolscopeError(file, reason),
  cannotWrite: (file: string, reason: string) => new PoolscopeError(file, `cannot write it (${reason})`),
  outputIsInput: (file: string) =>
    new PoolscopeError(file, 'the export would overwrite the recording it is made from; name another file with -o'),
  outputIsFolder: (file: string) => new PoolscopeError(file, 'is a folder; name the file to write with -o'),
};
