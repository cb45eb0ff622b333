// Progress on stderr for long runs (cli-progress), shown only on a terminal and only once a run has
// taken more than half a second of wall time, so short runs and pipes stay clean.

import cliProgress from 'cli-progress';
import { formatDuration } from '../engine/time.js';
import type { CliIo } from './io.js';

export function makeProgress(io: CliIo, label: string, enabled: boolean) {
  if (!enabled || !io.stderrIsTty) return { update: () => {}, stop: () => {} };
  const startMs = Date.now(); // wall-clock-ok: CLI progress only
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(nowUs: number, endUs: number, events: number) {
      if (bar === undefined) {
        if (Date.now() - startMs < 500) return; // wall-clock-ok
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {percentage}% | virtual {virtual} / {end} | {events} events`,
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(endUs, 0, { virtual: '0s', end: formatDuration(endUs), events: 0 });
      }
      bar.update(nowUs, { virtual: formatDuration(nowUs), end: formatDuration(endUs), events });
    },
    stop() {
      bar?.stop();
    },
  };
}
