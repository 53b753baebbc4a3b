import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForHttp } from '../ports.ts';
import { type Child, startChild } from './child.ts';

/**
 * nginx as a peer with `random two least_conn` (P2C on its own connection counts), keep-alive upstreams,
 * unbuffered streaming, and retries of errors and 503s to the next upstream before any byte reached the client.
 */
export function nginxConfig(prefix: string, port: number, podPorts: readonly number[]): string {
  const servers = podPorts.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=5s;`).join('\n');
  return `worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream pods {
    random two least_conn;
${servers}
    keepalive 512;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://pods;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_connect_timeout 1s;
      proxy_read_timeout 30s;
      proxy_next_upstream error timeout http_503 non_idempotent;
      proxy_next_upstream_tries 3;
    }
  }
}
`;
}

export async function startNginx(port: number, podPorts: readonly number[], cpus?: string): Promise<Child> {
  const prefix = mkdtempSync(join(tmpdir(), 'redline-nginx-'));
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, d));
  const file = join(prefix, 'nginx.conf');
  writeFileSync(file, nginxConfig(prefix, port, podPorts));
  const child = startChild('nginx:random-two-least-conn', 'nginx', ['-c', file, '-p', prefix], { cpus });
  await waitForHttp(`http://127.0.0.1:${port}/health`, 30_000, child.alive);
  return child;
}
