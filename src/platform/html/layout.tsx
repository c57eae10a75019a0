// The page frame every HTML page shares: NL Design System (Utrecht CSS components with the
// EUPL example theme), skip link, header with navigation and language switch, footer.
import { layoutMessages } from './messages.ts';
import type { Lang } from '../i18n/index.ts';

export interface NavItem {
  href: string;
  label: { nl: string; en: string };
}

export interface LayoutProps {
  lang: Lang;
  title: string;
  /** The path of this page, to mark the current navigation item and return after a language switch. */
  path: string;
  nav: readonly NavItem[];
  children?: JSX.Element;
}

export const stylesheets = ['/assets/voorbeeld-theme.css', '/assets/utrecht.css', '/assets/loket.css'] as const;

export function Layout({ lang, title, path, nav, children }: LayoutProps): JSX.Element {
  const m = layoutMessages(lang);
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang} class="utrecht-root">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${title} | ${m.siteName}`}</title>
          {stylesheets.map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
        </head>
        <body class="voorbeeld-theme utrecht-body loket-body">
          <a class="utrecht-skip-link loket-skip-link" href="#inhoud" safe>
            {m.skipToContent}
          </a>
          <header class="utrecht-page-header loket-header">
            <div class="utrecht-page-header__content loket-header__content">
              <a class="loket-logo utrecht-link" href="/" aria-label={`${m.siteName}: ${m.tagline}`}>
                <span class="loket-logo__name" safe>
                  {m.siteName}
                </span>
                <span class="loket-logo__tagline" safe>
                  {m.tagline}
                </span>
              </a>
              <a class="utrecht-link loket-language-switch" href={`/taal/${other}?terug=${encodeURIComponent(path)}`} hreflang={other} lang={other} title={m.switchToLabel}>
                {m.switchTo}
              </a>
            </div>
            <nav class="utrecht-nav-bar loket-nav" aria-label={m.mainNav}>
              <ul class="utrecht-nav-list loket-nav__list">
                {nav.map((item) => {
                  const current = item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`);
                  return (
                    <li class="utrecht-nav-list__item">
                      <a class="utrecht-nav-list__link loket-nav__link" href={item.href} aria-current={current ? 'page' : undefined} safe>
                        {item.label[lang]}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </nav>
          </header>
          <main id="inhoud" class="utrecht-page-content loket-main" tabindex="-1">
            {children}
          </main>
          <footer class="utrecht-page-footer loket-footer">
            <div class="utrecht-page-footer__content">
              <p class="utrecht-paragraph" safe>
                {m.footerAbout}
              </p>
              <ul class="utrecht-link-list loket-footer__links">
                <li class="utrecht-link-list__item">
                  <a class="utrecht-link utrecht-link-list__link" href="/toegankelijkheid" safe>
                    {m.accessibility}
                  </a>
                </li>
                <li class="utrecht-link-list__item">
                  <a class="utrecht-link utrecht-link-list__link" href="/privacy" safe>
                    {m.privacy}
                  </a>
                </li>
                <li class="utrecht-link-list__item">
                  <a class="utrecht-link utrecht-link-list__link" href="/api/v1/openapi.json" safe>
                    {m.api}
                  </a>
                </li>
              </ul>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
