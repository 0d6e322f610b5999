import type { Launcher } from './launch-plan.ts';
import { nodeLauncher } from './node-launch.ts';
import { pythonLauncher } from './python-launch.ts';

/** Every runtime the runner can record, asked in order; the Python launcher joins here. */
export const LAUNCHERS: readonly Launcher[] = [nodeLauncher, pythonLauncher];
