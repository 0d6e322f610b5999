// The examples about process pools behave the same with and without the tracer.
import { GROUPS } from './groups.ts';
import { describeSemantics } from './semantics.ts';

describeSemantics('Python examples traced and untraced: process pools', GROUPS['process-pools']);
