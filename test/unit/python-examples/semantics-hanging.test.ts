// The two examples that hang on purpose, run with --timeout, behave the same with and without the tracer.
import { GROUPS } from './groups.ts';
import { describeSemantics } from './semantics.ts';

describeSemantics('Python examples traced and untraced: the examples that hang, run with --timeout', GROUPS.hanging);
