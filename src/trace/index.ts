// The pure half of the trace module: everything a reader or writer of recordings needs, with no
// file system access (that lives in ./node/). Viewers, the CLI and the executors import from here.
export * from './schema.ts';
export * from './fields.ts';
export * from './issues.ts';
export { describeValue, firstProblem, allProblems, unknownFields, type FieldProblem } from './check-fields.ts';
export { quickCheck, CONFORMS, BREAKS, HAS_UNKNOWN } from './check-fast.ts';
export * from './reader.ts';
export * from './writer.ts';
export * from './validate.ts';
export * from './conformance.ts';
export * from './future-table.ts';
export * from './model.ts';
export * from './model-builder.ts';
export * from './stats.ts';
export * from './format-summary.ts';
export * from './export-chrome.ts';
export * from './display-text.ts';
