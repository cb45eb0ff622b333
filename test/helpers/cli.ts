// Runs the CLI in-process (main(argv, io)) and captures what a user would see on stdout and stderr.

import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    stderrIsTty: false,
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}

/** `kubesim <args>`: exit code, stdout and stderr. */
export async function kubesim(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}
