import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.dialect, 'sqlite');
    assert.match(c.databaseUrl, /^sqlite:.*data\/gazette\.db$/);
    assert.equal(c.publicUrl, 'http://127.0.0.1:3000');
    assert.ok(c.workers >= 1);
  });

  it('names the variable in one line when a value is invalid', () => {
    for (const [env, name] of [
      [{ PORT: 'eighty' }, 'PORT'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
      [{ PUBLIC_URL: 'example.com' }, 'PUBLIC_URL'],
      [{ WORKERS: '0' }, 'WORKERS'],
      [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    ] as const) {
      assert.throws(
        () => loadConfig(env),
        (err: unknown) => err instanceof ConfigError && err.code === 'GAZ_ERR_CONFIG' && err.message.includes(name) && !err.message.includes('\n'),
      );
    }
  });

  it('refuses to start in production without a canonical PUBLIC_URL', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), ConfigError);
    assert.equal(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://news.example/' }).publicUrl, 'https://news.example');
  });
});
