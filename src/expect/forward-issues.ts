// Re-reports a sub-schema's issues from inside a zod transform, explained against that sub-schema
// (unknown keys with "did you mean", missing fields), so the loader still names the exact path and line.
// The expect schema picks its sub-schema by key, which plain unions cannot explain well.

import type { z } from 'zod';
import { explainIssue } from '../model/explain-issue.js';

type Ctx = z.core.$RefinementCtx<unknown>;

export function forwardIssues(ctx: Ctx, error: z.ZodError, root: z.core.$ZodType): void {
  for (const issue of error.issues) {
    for (const e of explainIssue(issue, root))
      ctx.addIssue({ code: 'custom', message: e.message, path: e.path });
  }
}
