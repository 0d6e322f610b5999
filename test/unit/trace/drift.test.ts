import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';
import type { CallSite, ErrorInfo, Record_ } from '../../../src/trace/schema.ts';
import { RECORD_FIELDS, RECORD_TYPES, TYPE_FIELDS, kindLabel, type FieldTable } from '../../../src/trace/fields.ts';
import { checkRecordingAgainstSchema, uncoveredFieldPaths } from '../../../src/trace/conformance.ts';
import { validGoldens } from './golden-files.ts';
import { parseReadmeTables } from './readme-tables.ts';

const SRC = join(import.meta.dirname, '../../../src/trace');

// (a) at the type level: `tsc --noEmit` fails when schema.ts and the field table disagree on a
// record's fields, their optionality or their types (hover `Mismatched` in the error to see which).
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Flat<T> = { [K in keyof T]: T[K] };
interface KindTypes {
  int: number;
  number: number;
  string: string;
  bool: boolean;
  lane: string;
  site: CallSite;
  error: ErrorInfo;
  'int[]': number[];
  'string[]': string[];
  'site[]': CallSite[];
  'int|null': number | null;
}
type TypeOfSpec<S> = S extends { kind: 'enum'; values: readonly (infer V)[] }
  ? V
  : S extends { kind: infer K extends keyof KindTypes }
    ? KindTypes[K]
    : never;
type Described<T> = Flat<
  { -readonly [K in keyof T as T[K] extends { required: true } ? K : never]: TypeOfSpec<T[K]> } & {
    -readonly [K in keyof T as T[K] extends { required: false } ? K : never]?: TypeOfSpec<T[K]>;
  }
>;
type Declared<E> = Flat<Omit<Extract<Record_, { e: E }>, 'e'>>;
type Table = typeof RECORD_FIELDS;
type Mismatched = { [E in keyof Table]: Equal<Declared<E>, Described<Table[E]>> extends true ? never : E }[keyof Table];
const recordsAgree: [Mismatched] extends [never] ? true : { fieldsDisagreeFor: Mismatched } = true;
const typesAgree: Equal<Record_['e'], keyof Table> = true;
const callSiteAgrees: Equal<Flat<CallSite>, Described<typeof TYPE_FIELDS.CallSite>> = true;
const errorInfoAgrees: Equal<Flat<ErrorInfo>, Described<typeof TYPE_FIELDS.ErrorInfo>> = true;

test('the type-level checks compiled (tsc --noEmit is what enforces them)', () => {
  assert.deepEqual([recordsAgree, typesAgree, callSiteAgrees, errorInfoAgrees], [true, true, true, true]);
});

interface Member {
  optional: boolean;
  type: string;
}

/** Interfaces of schema.ts with their members, `extends` resolved, read with the TypeScript parser. */
function schemaInterfaces(): Map<string, Map<string, Member>> {
  const source = ts.createSourceFile('schema.ts', readFileSync(join(SRC, 'schema.ts'), 'utf8'), ts.ScriptTarget.Latest);
  const raw = new Map<string, { bases: string[]; members: Map<string, Member> }>();
  for (const node of source.statements) {
    if (!ts.isInterfaceDeclaration(node)) continue;
    const members = new Map<string, Member>();
    for (const m of node.members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      members.set(m.name.getText(source), { optional: m.questionToken !== undefined, type: m.type.getText(source) });
    }
    const bases = (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(source)));
    raw.set(node.name.text, { bases, members });
  }
  const resolve = (name: string): Map<string, Member> => {
    const entry = raw.get(name)!;
    return new Map([...entry.bases.flatMap((b) => [...resolve(b)]), ...entry.members]);
  };
  return new Map([...raw.keys()].map((name) => [name, resolve(name)]));
}

// How schema.ts spells each kind of the field table.
const TS_SPELLING: Record<string, RegExp> = {
  int: /^(number|Micros)$/,
  number: /^number$/,
  string: /^string$/,
  bool: /^boolean$/,
  lane: /^LaneId$/,
  site: /^CallSite$/,
  error: /^ErrorInfo$/,
  'int[]': /^number\[\]$/,
  'string[]': /^string\[\]$/,
  'site[]': /^CallSite\[\]$/,
  'int|null': /^number \| null$/,
  enum: /^('[^']+'|[A-Z]\w+)( \| '[^']+')*$/,
};

function compare(label: string, declared: Map<string, Member>, table: FieldTable): void {
  const declaredNames = [...declared.keys()].filter((n) => n !== 'e').sort();
  assert.deepEqual(Object.keys(table).sort(), declaredNames, `${label}: fields of schema.ts and fields.ts differ`);
  for (const [name, spec] of Object.entries(table)) {
    const member = declared.get(name)!;
    assert.equal(!member.optional, spec.required, `${label}.${name}: required in one, optional in the other`);
    assert.match(
      member.type,
      TS_SPELLING[spec.kind]!,
      `${label}.${name}: schema.ts says ${member.type}, fields.ts ${spec.kind}`,
    );
  }
}

test('(a) every interface of schema.ts matches the field table, read at run time from the source', () => {
  const interfaces = schemaInterfaces();
  const byType = new Map<string, string>();
  for (const [name, members] of interfaces) {
    const e = members.get('e');
    if (e) byType.set(e.type.replace(/'/g, ''), name);
  }
  assert.deepEqual([...byType.keys()].sort(), [...RECORD_TYPES].sort());
  for (const type of RECORD_TYPES) compare(type, interfaces.get(byType.get(type)!)!, RECORD_FIELDS[type]);
  compare('CallSite', interfaces.get('CallSite')!, TYPE_FIELDS.CallSite);
  compare('ErrorInfo', interfaces.get('ErrorInfo')!, TYPE_FIELDS.ErrorInfo);
});

test('(b) the field tables of the README match the field table', () => {
  const tables = parseReadmeTables(readFileSync(join(SRC, 'README.md'), 'utf8'));
  const all: [string, FieldTable][] = [...Object.entries(RECORD_FIELDS), ...Object.entries(TYPE_FIELDS)];
  assert.deepEqual([...tables.keys()].sort(), all.map(([name]) => name).sort(), 'README documents other record types');
  for (const [name, table] of all) {
    const expected = Object.entries(table).map(([field, spec]) => ({
      field,
      type: kindLabel(spec),
      unit: spec.unit ?? '',
      required: spec.required ? 'yes' : 'no',
    }));
    assert.deepEqual(tables.get(name), expected, `README table of ${name} is out of date`);
  }
});

test('(c) every golden recording conforms to the schema', () => {
  const files = validGoldens();
  assert.ok(files.length >= 4, 'the golden recordings are missing');
  for (const file of files) {
    const report = checkRecordingAgainstSchema(readFileSync(file));
    assert.deepEqual(
      report.problems.map((p) => p.message),
      [],
      `${basename(file)} breaks the schema`,
    );
    assert.deepEqual(report.notes, [], `${basename(file)} has warnings`);
  }
});

test('(d) the golden recordings use every event type and every field', () => {
  const reports = validGoldens().map((file) => checkRecordingAgainstSchema(readFileSync(file)));
  assert.deepEqual(uncoveredFieldPaths(reports), []);
});

test('the drift check catches a writer that drifted', () => {
  const good = readFileSync(validGoldens()[0]!, 'utf8');
  const drifted = good.replace('"e":"start"', '"e":"begin"').replace('"ok":true', '"ok":true,"cpuUs":5');
  const report = checkRecordingAgainstSchema(drifted);
  assert.equal(report.ok, false);
  const codes = report.problems.map((p) => p.code);
  assert.ok(codes.includes('unknownType'));
  assert.ok(codes.includes('unknownField'));
});
