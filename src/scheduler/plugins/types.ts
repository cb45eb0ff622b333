// What a plugin folder exports (scheduler.md §2, §7): the exact upstream name, the extension points it
// implements (for profile merging), a zod schema for its args with upstream's defaults, and a factory.

import { z } from 'zod';
import type { Handle, PluginInstance } from '../framework.js';

export type ExtensionPoint =
  | 'preEnqueue'
  | 'queueSort'
  | 'preFilter'
  | 'filter'
  | 'postFilter'
  | 'preScore'
  | 'score'
  | 'reserve'
  | 'permit'
  | 'preBind'
  | 'bind'
  | 'postBind';

export interface PluginModule<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly points: readonly ExtensionPoint[];
  readonly argsSchema: S;
  create(args: z.output<S>, handle: Handle): PluginInstance;
}

/** Plugins without args accept only an empty object. */
export const noArgs = z.strictObject({});

export function definePlugin<S extends z.ZodType>(m: PluginModule<S>): PluginModule<S> {
  return m;
}
