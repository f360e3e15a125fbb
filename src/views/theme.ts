/**
 * Template overrides without forking. The reader views render their building blocks through
 * the registry in ./components.ts; at boot {@link loadTheme} replaces entries with
 * what `DATA_DIR/theme/theme.mjs` exports and keeps `DATA_DIR/theme/style.css`, which the theme
 * stylesheet appends after the default one. See docs/theming.md.
 *
 * @example DATA_DIR/theme/theme.mjs
 *   export function Footer({ site }, { h }) {
 *     return h('footer', { class: 'site-footer' }, `© ${site.settings['site.title']}`);
 *   }
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { h, Fragment, raw, escapeHtml, Html } from '../kernel/jsx.js';
import { COMPONENT_NAMES, components, defaults, type ComponentName, type Components } from './components.js';

/** What an override receives after its props: the JSX factory, escaping, and the defaults to wrap. */
export interface ThemeKit {
  h: typeof h;
  Fragment: typeof Fragment;
  raw: typeof raw;
  escapeHtml: typeof escapeHtml;
  defaults: Components;
}

/** The newsroom's extra CSS (`DATA_DIR/theme/style.css`), or ''. */
export const themeFiles = { css: '', overridden: [] as ComponentName[] };

const kit: ThemeKit = { h, Fragment, raw, escapeHtml, defaults };

function isComponentName(name: string): name is ComponentName {
  return (COMPONENT_NAMES as readonly string[]).includes(name);
}

type Override = (props: unknown, kit: ThemeKit) => Html | string | null | undefined;

/**
 * Wraps an override so the views get an Html whatever it returns. A returned string is printed as
 * markup: a theme is the operator's own code, like the views themselves, and escapes visitor text
 * with `kit.h` or `kit.escapeHtml`.
 */
function adopt(fn: Override): (props: unknown) => Html {
  return (props) => {
    const out = fn(props, kit);
    return out instanceof Html ? out : raw(out == null ? '' : String(out));
  };
}

/**
 * Loads `dir/theme.mjs` and `dir/style.css` if present (dir defaults to `DATA_DIR/theme`). An export
 * that names no themable component stops the boot, so a typo is found at once, not by a reader.
 */
export async function loadTheme(dataDir: string, dir = join(dataDir, 'theme')): Promise<typeof themeFiles> {
  const css = join(dir, 'style.css');
  themeFiles.css = existsSync(css) ? readFileSync(css, 'utf8') : '';
  const module = join(dir, 'theme.mjs');
  if (!existsSync(module)) return themeFiles;
  const missing = COMPONENT_NAMES.filter((n) => !defaults[n]);
  if (missing.length) throw new Error(`the theme was loaded before these views registered: ${missing.join(', ')}`);
  const exported = (await import(pathToFileURL(module).href)) as Record<string, unknown>;
  for (const [name, value] of Object.entries(exported)) {
    if (!isComponentName(name) || typeof value !== 'function') {
      throw new Error(`${module} exports ${name}, which is not a themable component (${COMPONENT_NAMES.join(', ')})`);
    }
    (components as Record<ComponentName, unknown>)[name] = adopt(value as Override);
    themeFiles.overridden.push(name);
  }
  return themeFiles;
}
