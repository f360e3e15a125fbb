/**
 * The admin shell: a header with the site name and the account menu (profile, sign-out), the
 * navigation (with the count of comments awaiting moderation), a flash message and the page.
 * No inline scripts or styles: the CSP forbids them; behaviour lives in /public/admin.js.
 */
import { h, Fragment, type Child, type Html } from '../../kernel/jsx.js';
import type { User } from '../../db/schema.js';
import { can, type Capability } from '../access.js';
import type { Flash } from '../flash.js';

export type AdminSection = 'dashboard' | 'front' | 'articles' | 'comments' | 'media' | 'taxonomy' | 'pages' | 'users' | 'settings' | 'profile';

export interface AdminLayoutProps {
  title: string;
  siteTitle: string;
  /** The signed-in user; null on the sign-in and password pages. */
  user: User | null;
  pending: number;
  csrf: string;
  flash: Flash | null;
  current?: AdminSection;
  /** Fingerprinted URLs of admin.css, admin.js and any page scripts. */
  css: string;
  scripts: string[];
  icon: string;
  children?: Child;
}

const NAV: { id: AdminSection; href: string; label: string; cap: Capability }[] = [
  { id: 'dashboard', href: '/admin/', label: 'Dashboard', cap: 'read_admin' },
  { id: 'articles', href: '/admin/articles', label: 'Articles', cap: 'edit_own_articles' },
  { id: 'front', href: '/admin/front', label: 'Front page', cap: 'arrange_front' },
  { id: 'comments', href: '/admin/comments?status=pending', label: 'Comments', cap: 'moderate_comments' },
  { id: 'media', href: '/admin/media', label: 'Media', cap: 'upload_files' },
  { id: 'taxonomy', href: '/admin/taxonomy', label: 'Sections & tags', cap: 'manage_taxonomy' },
  { id: 'pages', href: '/admin/pages', label: 'Pages', cap: 'manage_pages' },
  { id: 'users', href: '/admin/users', label: 'Users', cap: 'list_users' },
  { id: 'settings', href: '/admin/settings', label: 'Settings', cap: 'manage_settings' },
];

function Nav({ user, pending, current }: { user: User; pending: number; current?: AdminSection }): Html {
  return (
    <nav class="admin-nav" aria-label="Newsroom">
      <ul>
        {NAV.filter((n) => can(user.role, n.cap)).map((n) => (
          <li>
            <a href={n.href} aria-current={n.id === current ? 'page' : undefined}>
              {n.label}
              {n.id === 'comments' ? (
                <span class={pending ? 'count count-pending' : 'count'} data-pending-count={pending}>
                  {' '}
                  {pending}
                  <span class="visually-hidden"> awaiting moderation</span>
                </span>
              ) : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function AccountMenu({ user, csrf, current }: { user: User; csrf: string; current?: AdminSection }): Html {
  return (
    <div class="admin-account">
      <a href="/admin/profile" aria-current={current === 'profile' ? 'page' : undefined}>
        {user.name} <span class="role">({user.role})</span>
      </a>
      <form method="post" action="/admin/logout" class="inline">
        <input type="hidden" name="_csrf" value={csrf} />
        <button type="submit" class="link">
          Sign out
        </button>
      </form>
    </div>
  );
}

export function AdminLayout(p: AdminLayoutProps): Html {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="csrf-token" content={p.csrf} />
        <title>{`${p.title} ‹ ${p.siteTitle} newsroom`}</title>
        <link rel="stylesheet" href={p.css} />
        <link rel="icon" href={p.icon} type="image/svg+xml" />
        {p.scripts.map((src) => (
          <script src={src} defer></script>
        ))}
      </head>
      <body class={p.user ? 'admin' : 'admin admin-signed-out'}>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="admin-header">
          <p class="admin-brand">
            <a href={p.user ? '/admin/' : '/'}>{p.siteTitle}</a> <span class="admin-brand-sub">Newsroom</span>
          </p>
          {p.user ? <AccountMenu user={p.user} csrf={p.csrf} current={p.current} /> : null}
        </header>
        <div class="admin-body">
          {p.user ? <Nav user={p.user} pending={p.pending} current={p.current} /> : null}
          <main id="main" class="admin-main" tabindex="-1">
            {p.flash ? (
              <p class={`flash flash-${p.flash.kind}`} role={p.flash.kind === 'error' ? 'alert' : 'status'}>
                {p.flash.text}
                {p.flash.link ? [' ', <a href={p.flash.link.href}>{p.flash.link.label}</a>] : null}
              </p>
            ) : null}
            {p.children}
          </main>
        </div>
      </body>
    </html>
  );
}

export { Fragment };
