import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as EsbuildModule from 'esbuild';
import { nearest } from './nearest.ts';

/**
 * TypeScript to JavaScript with esbuild, for the loader hooks (async, hooks thread) and for
 * require() (sync, register.ts). esbuild is passed in: each side loads it only when a TypeScript
 * file first comes.
 */

/** Options for esbuild.transform; `format` undefined keeps the file's own import/export syntax. */
export function transformOptions(
  filename: string,
  format: 'esm' | 'cjs' | undefined,
  tsconfig?: string,
): EsbuildModule.TransformOptions {
  return {
    loader: 'ts',
    format,
    sourcefile: filename,
    // Inline maps plus --enable-source-maps put the .ts line in stack traces; the file is on disk,
    // so the map does not need to carry its text.
    sourcemap: 'inline',
    sourcesContent: false,
    target: `node${process.versions.node}`,
    // The project's compiler options that change what code means (experimentalDecorators,
    // useDefineForClassFields, verbatimModuleSyntax) apply as they would with tsc.
    tsconfigRaw: tsconfig,
    // esbuild only warns about constructs that lose meaning in a format (import.meta in CommonJS);
    // Node reports real syntax errors itself with the location.
    logLevel: 'silent',
  };
}

type Esbuild = Pick<typeof EsbuildModule, 'transform' | 'transformSync'>;

/**
 * TypeScript to JavaScript. A tsconfig.json esbuild cannot use (it is JSON with comments, may
 * extend a package) is not the program's fault: the file is transpiled again without it.
 */
export async function transpile(esbuild: Esbuild, source: string, filename: string, format?: 'cjs'): Promise<string> {
  const tsconfig = tsconfigOf(filename);
  try {
    return (await esbuild.transform(source, transformOptions(filename, format, tsconfig))).code;
  } catch (error) {
    if (tsconfig === undefined) throw syntaxErrorOf(error, filename);
  }
  try {
    return (await esbuild.transform(source, transformOptions(filename, format))).code;
  } catch (error) {
    throw syntaxErrorOf(error, filename);
  }
}

/** `transpile` for require(), which cannot wait. */
export function transpileSync(esbuild: Esbuild, source: string, filename: string, format: 'cjs'): string {
  const tsconfig = tsconfigOf(filename);
  try {
    return esbuild.transformSync(source, transformOptions(filename, format, tsconfig)).code;
  } catch (error) {
    if (tsconfig === undefined) throw syntaxErrorOf(error, filename);
  }
  try {
    return esbuild.transformSync(source, transformOptions(filename, format)).code;
  } catch (error) {
    throw syntaxErrorOf(error, filename);
  }
}

const tsconfigs = new Map<string, string | undefined>();

/** The text of the nearest tsconfig.json, as tsc finds it for a file. */
export function tsconfigOf(filename: string): string | undefined {
  return nearest(tsconfigs, filename, (dir) => {
    try {
      return readFileSync(join(dir, 'tsconfig.json'), 'utf8');
    } catch {
      return null;
    }
  });
}

interface EsbuildFailure {
  errors?: { text: string; location: { file: string; line: number; column: number; lineText: string } | null }[];
}

/**
 * esbuild's failure as the SyntaxError Node prints for a .js file: the file and line, the line
 * with a caret under the column, the message, and one frame naming the place — nothing from
 * esbuild's internals.
 */
export function syntaxErrorOf(error: unknown, filename: string): unknown {
  const first = (error as EsbuildFailure).errors?.[0];
  if (!first) return error;
  const at = first.location;
  const syntax = new SyntaxError(first.text);
  syntax.stack = at
    ? `${at.file || filename}:${at.line}\n${at.lineText}\n${' '.repeat(at.column)}^\n\n` +
      `SyntaxError: ${first.text}\n    at ${at.file || filename}:${at.line}:${at.column + 1}`
    : `SyntaxError: ${first.text}\n    at ${filename}`;
  return syntax;
}
