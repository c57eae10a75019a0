// The page frame every HTML page shares: NL Design System (Utrecht CSS components with the
// EUPL example theme), skip link, header with language switch, navigation bar, footer.
// The theme class sits on <html>, so the theme's tokens (fonts, colours) reach every element.
import { layoutMessages } from './messages.ts';
import { format, type Lang } from '../i18n/index.ts';

export interface NavItem {
  href: string;
  label: { nl: string; en: string };
}

export interface LayoutProps {
  lang: Lang;
  title: string;
  /** The path of this page (no query), to mark the current navigation item. */
  path: string;
  /** The full address of this page, to return to after a language switch. */
  url?: string;
  nav: readonly NavItem[];
  /** Who is logged in, if anyone: shown in the header with a link to "Mijn gegevens". */
  user?: { name: string; actingFor?: string | undefined } | undefined;
  /** The name of the one the user was acting for until their mandate ended (said once). */
  actingForEnded?: string | undefined;
  children?: JSX.Element;
}

export const stylesheets = ['/assets/voorbeeld-theme.css', '/assets/utrecht.css', '/assets/loket.css'] as const;

export function Layout({ lang, title, path, url, nav, user, actingForEnded, children }: LayoutProps): JSX.Element {
  const m = layoutMessages(lang);
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang} class="utrecht-root voorbeeld-theme">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${title} | ${m.siteName}`}</title>
          {stylesheets.map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
        </head>
        <body class="utrecht-body loket-body">
          <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus loket-skip-link" href="#inhoud" safe>
            {m.skipToContent}
          </a>
          <header class="utrecht-page-header loket-header">
            <div class="utrecht-page-header__content loket-header__content">
              <div class="loket-logo">
                <a class="loket-logo__link" href="/">
                  <span class="loket-logo__name" safe>
                    {m.siteName}
                  </span>
                  <span class="loket-visually-hidden" safe>
                    {`, ${m.homeLink}`}
                  </span>
                </a>
                <p class="loket-logo__tagline" safe>
                  {m.tagline}
                </p>
              </div>
              <div class="loket-header__tools">
                {user ? (
                  <p class="loket-user">
                    <span safe>{`${m.loggedInAs} ${user.name}`}</span>{' '}
                    <a class="utrecht-link" href="/mijn-gegevens" safe>
                      {m.myDetails}
                    </a>
                  </p>
                ) : (
                  <a
                    class="utrecht-link loket-login-link"
                    href={`/inloggen?terug=${encodeURIComponent(path.startsWith('/inloggen') || path.startsWith('/uitloggen') ? '/' : (url ?? path))}`}
                    safe
                  >
                    {m.logIn}
                  </a>
                )}
                <a
                  class="utrecht-link loket-language-switch"
                  href={`/taal/${other}?terug=${encodeURIComponent(url ?? path)}`}
                  hreflang={other}
                  lang={other}
                  title={m.switchToLabel}
                >
                  {m.switchTo}
                </a>
              </div>
            </div>
          </header>
          <nav class="utrecht-nav-bar loket-nav" aria-label={m.mainNav}>
            <div class="utrecht-nav-bar__content loket-nav__content">
              <ul class="utrecht-nav-list loket-nav__list">
                {nav.map((item) => {
                  const current = item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`);
                  return (
                    <li class="utrecht-nav-list__item loket-nav__item">
                      <a class="utrecht-nav-list__link loket-nav__link" href={item.href} aria-current={current ? 'page' : undefined} safe>
                        {item.label[lang]}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </div>
          </nav>
          {user?.actingFor !== undefined ? (
            <div class="loket-acting-for" role="region" aria-label={m.actingForRegion}>
              <p class="loket-acting-for__content">
                <strong safe>{`${m.actingFor} ${user.actingFor}`}</strong>{' '}
                <a class="utrecht-link" href="/machtigen/namens" safe>
                  {m.actingForChange}
                </a>
              </p>
            </div>
          ) : null}
          {actingForEnded !== undefined ? (
            <div class="loket-acting-for loket-acting-for--ended" role="status">
              <p class="loket-acting-for__content" safe>
                {format(m.actingForEnded, { name: actingForEnded })}
              </p>
            </div>
          ) : null}
          <main id="inhoud" class="utrecht-page-content loket-main" tabindex="-1">
            {children}
          </main>
          <footer class="utrecht-page-footer loket-footer">
            <div class="utrecht-page-footer__content loket-footer__content">
              <p class="utrecht-paragraph loket-footer__about" safe>
                {m.footerAbout}
              </p>
              <nav aria-label={m.footerNav}>
                <ul class="utrecht-link-list utrecht-link-list--html-ul loket-footer__links">
                  <li class="utrecht-link-list__item">
                    <a
                      class="utrecht-link utrecht-link-list__link"
                      href="/toegankelijkheid"
                      aria-current={path === '/toegankelijkheid' ? 'page' : undefined}
                      safe
                    >
                      {m.accessibility}
                    </a>
                  </li>
                  <li class="utrecht-link-list__item">
                    <a
                      class="utrecht-link utrecht-link-list__link"
                      href="/privacy"
                      aria-current={path === '/privacy' ? 'page' : undefined}
                      safe
                    >
                      {m.privacy}
                    </a>
                  </li>
                  <li class="utrecht-link-list__item">
                    <a class="utrecht-link utrecht-link-list__link" href="/api/v1/openapi.json" safe>
                      {m.api}
                    </a>
                  </li>
                </ul>
              </nav>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
