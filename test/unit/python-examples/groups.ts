// Which record-*.test.ts and semantics-*.test.ts file takes which example: one group per file pair,
// so every example is recorded and compared once, and each file stays short.
export const GROUPS = {
  'thread-pools': [
    'io_threads_vs_sequential.py',
    'submit_and_result.py',
    'as_completed_vs_map.py',
    'wait_first_completed.py',
  ],
  'callbacks-errors-timeouts': ['done_callbacks.py', 'exception_handling.py', 'timeouts.py'],
  'cancel-and-shutdown': ['cancel_queued.py', 'context_manager_vs_shutdown.py'],
  'process-pools': ['cpu_threads_vs_processes.py', 'map_chunksize.py'],
  hanging: ['pool_starvation_deadlock.py', 'never_set_future.py'],
} as const satisfies Record<string, readonly string[]>;

export type GroupName = keyof typeof GROUPS;
