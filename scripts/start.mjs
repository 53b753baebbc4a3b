#!/usr/bin/env node
// npm start: a complete local Redline — 4 simulated vLLM pods (harper engine, L40S latency model), the gateway
// on PORT (8787), PGlite under REDLINE_DATA_DIR, and a dev API key written to .redline/dev.json.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { startPods } = await import('@redline/pod-sim');
const { EnvError, loadEnv, startGateway } = await import('@redline/gateway');

const POD_COUNT = 4;
const POD_PROFILE = 'l40s-llama3-8b';
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const devFile = join(repoRoot, '.redline', 'dev.json');

let env;
try {
  // Readable logs by default for a dev console; LOG_LEVEL=info shows every request.
  env = loadEnv({ LOG_LEVEL: 'warn', ...process.env });
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const dataDir = env.REDLINE_DATA_DIR ?? join(homedir(), '.local', 'share', 'redline');
mkdirSync(dataDir, { recursive: true });

const fleet = await startPods({
  count: POD_COUNT,
  port: 0,
  profile: POD_PROFILE,
  engine: 'harper',
  modelName: env.REDLINE_MODEL,
});
let gateway;
try {
  gateway = await startGateway({
    port: env.PORT,
    host: env.HOST,
    endpoints: fleet.pods.map((pod) => pod.url),
    model: env.REDLINE_MODEL,
    policy: env.REDLINE_POLICY,
    adminToken: env.REDLINE_ADMIN_TOKEN,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : dataDir,
    deadlineMs: env.REDLINE_DEADLINE_MS,
    logLevel: env.LOG_LEVEL,
  });
} catch (error) {
  await fleet.close();
  console.error(`Could not start the gateway: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const apiKey = await devApiKey(gateway.db);
mkdirSync(join(repoRoot, '.redline'), { recursive: true });
writeFileSync(devFile, `${JSON.stringify({ url: gateway.url, apiKey }, null, 2)}\n`, { mode: 0o600 });

const input = encodeURIComponent(
  JSON.stringify({ 0: { segments: [{ id: 'p1', text: 'Their going too the park tomorow.' }] } }),
);
console.log(`
Redline is running.
  gateway   ${gateway.url}   (tRPC at /trpc, OpenAI-compatible at /v1, /metrics, /readyz)
  pods      ${fleet.pods.map((p) => p.url).join('  ')}   (${POD_PROFILE}, harper)
  database  ${env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`}
  API key   ${apiKey}   (saved to .redline/dev.json)

Try it:
  npm run demo -- "Their going too the park tomorow."

  curl -N -H 'authorization: Bearer ${apiKey}' -H 'trpc-accept: application/jsonl' \\
    '${gateway.url}/trpc/correct.check?batch=1&input=${input}'

  curl -H 'authorization: Bearer ${apiKey}' -H 'content-type: application/json' ${gateway.url}/v1/chat/completions \\
    -d '{"model":"${env.REDLINE_MODEL}","messages":[{"role":"user","content":"Their going too the park tomorow."}]}'

Ctrl-C stops everything.`);

let extensionBuild;
let stopping = false;
buildExtension(gateway.url, apiKey);

/**
 * Builds the browser extension with this gateway and key as its defaults (PLASMO_PUBLIC_*), in the background so
 * the API is usable at once. REDLINE_SKIP_EXTENSION=1 skips it.
 */
function buildExtension(url, key) {
  if (process.env.REDLINE_SKIP_EXTENSION === '1') return;
  const started = Date.now();
  console.log('\nBuilding the browser extension for this gateway in the background...');
  const child = spawn('npm', ['run', '-s', 'build', '-w', 'apps/extension'], {
    cwd: repoRoot,
    env: { ...process.env, PLASMO_PUBLIC_GATEWAY_URL: url, PLASMO_PUBLIC_API_KEY: key },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-2000);
  });
  child.on('exit', (code) => {
    if (code === 0) {
      const dir = join(repoRoot, 'apps', 'extension', 'build', 'chrome-mv3-prod');
      console.log(`Extension built in ${Math.round((Date.now() - started) / 1000)} s: load ${dir} unpacked`);
      console.log('  (chrome://extensions → Developer mode → Load unpacked; Firefox: firefox-mv3-prod)');
    } else if (!stopping) {
      console.warn(`The extension build failed (exit ${code}); the gateway keeps running.\n${stderr}`);
    }
  });
  extensionBuild = child;
}

const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: draining in-flight requests and shutting down...`);
  try {
    extensionBuild?.kill('SIGTERM');
    await gateway.close();
    await fleet.close();
    process.exit(0);
  } catch (error) {
    console.error('shutdown failed:', error);
    process.exit(1);
  }
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

/**
 * The dev key, stable across restarts so a built extension keeps working: REDLINE_DEV_KEY (imported if the
 * database does not know it yet), else the key already in .redline/dev.json if still valid, else a new one.
 */
async function devApiKey(db) {
  const wanted = process.env.REDLINE_DEV_KEY;
  if (wanted) {
    if (await db.apiKeys.verify(wanted)) return wanted;
    if (await importKey(db, wanted)) return wanted;
    console.warn('REDLINE_DEV_KEY could not be used (malformed or revoked): creating a new key instead.');
  } else if (existsSync(devFile)) {
    try {
      const previous = JSON.parse(readFileSync(devFile, 'utf8')).apiKey;
      if (typeof previous === 'string' && (await db.apiKeys.verify(previous))) return previous;
    } catch {
      // unreadable dev.json: make a new key
    }
  }
  const created = await db.apiKeys.create({ name: `dev-${randomBytes(3).toString('hex')}` });
  return created.key;
}

/**
 * Store a key chosen outside (REDLINE_DEV_KEY). @redline/db has no import operation, so this inserts through
 * its drizzle handle exactly what apiKeys.create stores: the SHA-256 of the key and its display prefix.
 * A revoked key stays revoked (the unique hash makes the insert a no-op).
 */
async function importKey(db, key) {
  const { API_KEY_PREFIX, apiKeys, hashApiKey } = await import('@redline/db');
  if (!new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{32}$`).test(key)) return false;
  await db.db
    .insert(apiKeys)
    .values({ name: 'dev (REDLINE_DEV_KEY)', keyHash: hashApiKey(key), prefix: key.slice(0, 8) })
    .onConflictDoNothing();
  return (await db.apiKeys.verify(key)) !== null;
}
