/**
 * Site settings: read once per process and kept until another write names the `settings` tag.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { defaultSettings, isSettingKey, parseSetting, type SettingKey, type SettingValue, type SiteSettings } from './definitions.js';

export class SettingsStore {
  private current: SiteSettings | null = null;
  /**
   * Bumped by every change and {@link forget}: a read that began before one is answered but not
   * kept, or a worker whose read was in flight when the invalidation came would keep the old
   * settings until the next change of any setting.
   */
  private generation = 0;

  constructor(private readonly db: Kysely<Database>) {}

  /** All settings, defaults filled in. Cached until {@link forget}. */
  async all(): Promise<SiteSettings> {
    if (this.current) return this.current;
    const generation = this.generation;
    const rows = await this.db.selectFrom('settings').selectAll().execute();
    const s = defaultSettings() as Record<string, unknown>;
    for (const row of rows) {
      if (!isSettingKey(row.key)) continue;
      try {
        s[row.key] = parseSetting(row.key, JSON.parse(row.value));
      } catch {
        // A stored value that no longer validates falls back to its default.
      }
    }
    if (generation === this.generation) this.current = s as SiteSettings;
    return s as SiteSettings;
  }

  async get<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
    return (await this.all())[key];
  }

  /** Validates and stores one setting. The caller invalidates the page cache (tag `settings`). */
  async set<K extends SettingKey>(key: K, value: unknown, db: Kysely<Database> = this.db): Promise<SettingValue<K>> {
    const parsed = parseSetting(key, value);
    const json = JSON.stringify(parsed);
    await db
      .insertInto('settings')
      .values({ key, value: json })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
      .execute();
    this.forget();
    return parsed;
  }

  forget(): void {
    this.current = null;
    this.generation++;
  }
}
