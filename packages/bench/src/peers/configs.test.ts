import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haproxyConfig } from './haproxy.ts';
import { nginxConfig } from './nginx.ts';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const hasHaproxy = has('haproxy');
const hasNginx = has('nginx');
if (!hasHaproxy)
  console.warn('skipping the HAProxy config check: haproxy is not installed (apt-get install haproxy)');
if (!hasNginx)
  console.warn('skipping the nginx config check: nginx is not installed (apt-get install nginx-light)');

describe('peer configurations', () => {
  it('lists every pod and the balance algorithm', () => {
    const cfg = haproxyConfig('random(2)', 9000, [9001, 9002, 9003]);
    expect(cfg).toContain('balance random(2)');
    expect(cfg.match(/server pod\d/g)).toHaveLength(3);
    const ngx = nginxConfig('/tmp/x', 9000, [9001, 9002]);
    expect(ngx).toContain('random two least_conn');
    expect(ngx.match(/server 127\.0\.0\.1:900[12]/g)).toHaveLength(2);
  });

  it.skipIf(!hasHaproxy)('is valid for haproxy -c', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hc-'));
    writeFileSync(join(dir, 'h.cfg'), haproxyConfig('leastconn', 9000, [9001, 9002]));
    const r = spawnSync('haproxy', ['-c', '-f', join(dir, 'h.cfg')], { encoding: 'utf8' });
    expect(r.status, r.stderr + r.stdout).toBe(0);
  });

  it.skipIf(!hasNginx)('is valid for nginx -t', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ngx-'));
    for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, 9000, [9001, 9002]));
    const r = spawnSync('nginx', ['-t', '-c', join(dir, 'nginx.conf'), '-p', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });
});
