import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env.ts';

describe('loadEnv', () => {
  it('applies defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 8787,
      HOST: '127.0.0.1',
      REDLINE_ENDPOINTS: [],
      REDLINE_POLICY: 'redline',
      REDLINE_DEADLINE_MS: 5000,
      LOG_LEVEL: 'info',
    });
    expect(env.REDLINE_ADMIN_TOKEN).toBeUndefined();
  });

  it('parses endpoints, trims them and drops trailing slashes', () => {
    const env = loadEnv({ REDLINE_ENDPOINTS: ' http://10.0.0.1:8000/, http://10.0.0.2:8000 ,' });
    expect(env.REDLINE_ENDPOINTS).toEqual(['http://10.0.0.1:8000', 'http://10.0.0.2:8000']);
  });

  it("reads redline's tie-break, balanced unless set, and refuses an unknown one", () => {
    expect(loadEnv({}).REDLINE_TIE_BREAK).toBe('balanced');
    expect(loadEnv({ REDLINE_TIE_BREAK: 'spacing' }).REDLINE_TIE_BREAK).toBe('spacing');
    expect(() => loadEnv({ REDLINE_TIE_BREAK: 'random' })).toThrow(EnvError);
  });

  it('treats empty strings as unset', () => {
    expect(loadEnv({ PORT: '', REDLINE_ADMIN_TOKEN: '' })).toMatchObject({ PORT: 8787 });
  });

  it('lists every problem with the variable name', () => {
    let error: unknown;
    try {
      loadEnv({
        PORT: 'eighty',
        REDLINE_ENDPOINTS: 'http://ok:1,ftp://nope',
        REDLINE_POLICY: 'fastest',
        REDLINE_ADMIN_TOKEN: 'short',
        DATABASE_URL: 'mysql://x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    for (const name of [
      'PORT',
      'REDLINE_ENDPOINTS',
      'REDLINE_POLICY',
      'REDLINE_ADMIN_TOKEN',
      'DATABASE_URL',
    ]) {
      expect(message).toContain(`${name}:`);
    }
    expect(message).toContain('ftp://nope');
  });
});
