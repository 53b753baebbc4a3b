import { execFileSync, spawnSync } from 'node:child_process';

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure HAProxy and nginx are installed, from Debian's packages when missing and we are root. Returns the
 * peers that are still missing, so the benchmark reports them instead of silently dropping them.
 */
export function ensurePeers(): string[] {
  const wanted: Record<string, string> = { haproxy: 'haproxy', nginx: 'nginx-light' };
  const absent = Object.keys(wanted).filter((c) => !onPath(c));
  if (absent.length && process.getuid?.() === 0 && onPath('apt-get')) {
    try {
      console.log(`installing ${absent.map((c) => wanted[c]).join(', ')} from Debian's packages...`);
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
      execFileSync('apt-get', ['install', '-y', '-qq', ...absent.map((c) => wanted[c]!)], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (err) {
      console.error(`could not install peers: ${(err as Error).message}`);
    }
  }
  return Object.keys(wanted).filter((c) => !onPath(c));
}
