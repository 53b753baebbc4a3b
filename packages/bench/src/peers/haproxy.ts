import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForHttp } from '../ports.ts';
import { type Child, startChild } from './child.ts';

export type HaproxyBalance = 'roundrobin' | 'leastconn' | 'random(2)';

/**
 * HAProxy as a peer, configured as a careful operator would for this workload: keep-alive to the pods, active
 * health checks on /health, and layer-7 retries of connection failures and 503s on another server (the same
 * retry-before-response rule the gateway follows), so the comparison is about balancing, not about defaults.
 */
export function haproxyConfig(balance: HaproxyBalance, port: number, podPorts: readonly number[]): string {
  const servers = podPorts
    .map((p, i) => `  server pod${i} 127.0.0.1:${p} check inter 1s fall 2 rise 2 maxconn 1000`)
    .join('\n');
  return `global
  maxconn 4000
  nbthread 1

defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  timeout queue 5s
  retries 2
  option redispatch 1
  retry-on conn-failure empty-response response-timeout 503

frontend fe
  bind 127.0.0.1:${port}
  default_backend pods

backend pods
  balance ${balance}
  http-reuse always
  option httpchk GET /health
${servers}
`;
}

export async function startHaproxy(
  balance: HaproxyBalance,
  port: number,
  podPorts: readonly number[],
  cpus?: string,
): Promise<Child> {
  const dir = mkdtempSync(join(tmpdir(), 'redline-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(balance, port, podPorts));
  const child = startChild(`haproxy:${balance}`, 'haproxy', ['-f', file, '-db'], { cpus });
  await waitForHttp(`http://127.0.0.1:${port}/health`, 30_000, child.alive);
  return child;
}
