// kubesim's own version, read from package.json next to the compiled CLI (for manifests and --version).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function kubesimVersion(): string {
  if (cached === undefined) {
    try {
      const pkgPath = fileURLToPath(new URL('../../../package.json', import.meta.url));
      cached = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }).version;
    } catch {
      try {
        const pkgPath = fileURLToPath(new URL('../../package.json', import.meta.url));
        cached = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }).version;
      } catch {
        cached = '0.0.0';
      }
    }
  }
  return cached;
}
