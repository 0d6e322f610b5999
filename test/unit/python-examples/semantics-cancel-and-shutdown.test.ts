// The examples about cancel() and shutdown() behave the same with and without the tracer.
import { GROUPS } from './groups.ts';
import { describeSemantics } from './semantics.ts';

describeSemantics('Python examples traced and untraced: cancel() and shutdown()', GROUPS['cancel-and-shutdown']);
