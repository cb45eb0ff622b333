// DefaultBinder (pkg/scheduler/framework/plugins/defaultbinder): binds with one API call (a Binding
// POST). The scheduler component performs that call through its rate-limited client and models its
// latency; the plugin only accepts the binding.

import type { BindPlugin } from '../../framework.js';
import { definePlugin, noArgs } from '../types.js';

export const name = 'DefaultBinder';

export default definePlugin({
  name,
  points: ['bind'],
  argsSchema: noArgs,
  create: () => ({ name, bind: () => null }) satisfies BindPlugin,
});
