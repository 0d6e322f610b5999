// The examples about done-callbacks, exceptions and timeouts behave the same with and without the tracer.
import { GROUPS } from './groups.ts';
import { describeSemantics } from './semantics.ts';

describeSemantics(
  'Python examples traced and untraced: done-callbacks, exceptions and timeouts',
  GROUPS['callbacks-errors-timeouts'],
);
