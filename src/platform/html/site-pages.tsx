// The pages every Loket site has: home, accessibility statement, privacy statement, and the
// introduction page of a capability that has no screens of its own yet.
import type { FastifyInstance } from 'fastify';
import { defineMessages, type Lang } from '../i18n/index.ts';
import type { NavItem } from './layout.tsx';

export type SiteSection = NavItem & {
  description: { nl: string; en: string };
  /** A search box for the home page: a GET form to `action` with the words in `q`. */
  search?: { action: string; label: { nl: string; en: string }; hint: { nl: string; en: string }; button: { nl: string; en: string } };
};

const m = defineMessages({
  nl: {
    homeTitle: 'Overheidsdiensten op één plek',
    homeIntro:
      'Met Loket vindt u de diensten van alle overheden, vraagt u ze aan, volgt u uw zaak en regelt u zaken voor een ander. Kies waar u mee bezig bent.',
    sectionsLabel: 'Onderdelen van Loket',
    a11yTitle: 'Toegankelijkheid',
    privacyTitle: 'Privacy',
    comingTitle: 'Wat kunt u hier straks doen?',
    comingText: 'Dit onderdeel van Loket wordt nu gebouwd. Op deze pagina leest u wat het gaat doen.',
  },
  en: {
    homeTitle: 'Government services in one place',
    homeIntro:
      'With Loket you find the services of every government body, apply for them, follow your case and act for someone else. Choose what you are doing.',
    sectionsLabel: 'Parts of Loket',
    a11yTitle: 'Accessibility',
    privacyTitle: 'Privacy',
    comingTitle: 'What will you be able to do here?',
    comingText: 'This part of Loket is being built. This page explains what it will do.',
  },
});

function A11yStatement({ lang }: { lang: Lang }): JSX.Element {
  if (lang === 'en') {
    return (
      <>
        <p class="utrecht-paragraph">
          Loket is built to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level A and AA, as the Dutch Besluit digitale
          toegankelijkheid overheid requires (EN 301 549). Pages work without JavaScript, can be used with a keyboard only, and follow the
          NL Design System.
        </p>
        <h2 class="utrecht-heading-2">How we test</h2>
        <p class="utrecht-paragraph">
          Every change is tested automatically: a browser opens every page and checks it with axe-core against WCAG 2.1 A and AA. Automated
          tests find only part of the problems. A full audit by the WCAG-EM method has not been done yet.
        </p>
        <h2 class="utrecht-heading-2">Status</h2>
        <p class="utrecht-paragraph">
          Until an audit has been done, the status of this software is C (no valid research yet; research planned). The organisation that
          runs this Loket publishes its own accessibility statement in the register of DigiToegankelijk.
        </p>
        <h2 class="utrecht-heading-2">Something not working?</h2>
        <p class="utrecht-paragraph">Tell the organisation that runs this Loket. You will get an answer within 5 working days.</p>
      </>
    );
  }
  return (
    <>
      <p class="utrecht-paragraph">
        Loket is gemaakt om te voldoen aan de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau A en AA, zoals het Besluit digitale
        toegankelijkheid overheid vraagt (EN 301 549). De pagina's werken zonder JavaScript, zijn met alleen een toetsenbord te gebruiken en
        volgen het NL Design System.
      </p>
      <h2 class="utrecht-heading-2">Hoe wij testen</h2>
      <p class="utrecht-paragraph">
        Elke wijziging wordt automatisch getest: een browser opent elke pagina en controleert die met axe-core op WCAG 2.1 A en AA.
        Automatische tests vinden maar een deel van de problemen. Een volledig onderzoek volgens de WCAG-EM-methode is nog niet gedaan.
      </p>
      <h2 class="utrecht-heading-2">Status</h2>
      <p class="utrecht-paragraph">
        Zolang dat onderzoek er niet is, heeft deze software status C (nog geen geldig onderzoek; onderzoek gepland). De organisatie die
        deze Loket gebruikt, publiceert een eigen toegankelijkheidsverklaring in het register van DigiToegankelijk.
      </p>
      <h2 class="utrecht-heading-2">Werkt iets niet?</h2>
      <p class="utrecht-paragraph">Meld het bij de organisatie die deze Loket gebruikt. U krijgt binnen 5 werkdagen antwoord.</p>
    </>
  );
}

function PrivacyStatement({ lang }: { lang: Lang }): JSX.Element {
  if (lang === 'en') {
    return (
      <>
        <p class="utrecht-paragraph">
          The organisation that runs this Loket is responsible for your personal data under the General Data Protection Regulation (GDPR).
          Loket uses only the data a service needs, and only for that service.
        </p>
        <h2 class="utrecht-heading-2">What we record</h2>
        <ul class="utrecht-unordered-list">
          <li class="utrecht-unordered-list__item">The data you give when you apply for a service or file a complaint or objection.</li>
          <li class="utrecht-unordered-list__item">
            Who looked at or changed your data, and why (the processing log). You can see this log yourself.
          </li>
          <li class="utrecht-unordered-list__item">Technical logs to keep Loket safe, kept for a limited time.</li>
        </ul>
        <h2 class="utrecht-heading-2">Cookies</h2>
        <p class="utrecht-paragraph">
          Loket uses only functional cookies: your language choice (lang), a security code that protects forms (_csrf), your login session
          while you are logged in (loket_sessie), and for a few minutes during a DigiD or eHerkenning login a code that ties the login to
          this browser (loket_oidc). There are no tracking or analytics cookies.
        </p>
        <h2 class="utrecht-heading-2">Your rights</h2>
        <p class="utrecht-paragraph">
          You may see, correct and, where the law allows, have your data removed. You can complain to the Autoriteit Persoonsgegevens.
        </p>
      </>
    );
  }
  return (
    <>
      <p class="utrecht-paragraph">
        De organisatie die deze Loket gebruikt, is verantwoordelijk voor uw persoonsgegevens volgens de Algemene verordening
        gegevensbescherming (AVG). Loket gebruikt alleen de gegevens die een dienst nodig heeft, en alleen voor die dienst.
      </p>
      <h2 class="utrecht-heading-2">Wat wij vastleggen</h2>
      <ul class="utrecht-unordered-list">
        <li class="utrecht-unordered-list__item">De gegevens die u geeft als u een dienst aanvraagt of een klacht of bezwaar indient.</li>
        <li class="utrecht-unordered-list__item">
          Wie uw gegevens heeft bekeken of veranderd, en waarom (het verwerkingslogboek). U kunt dit logboek zelf inzien.
        </li>
        <li class="utrecht-unordered-list__item">Technische logboeken om Loket veilig te houden, die wij beperkte tijd bewaren.</li>
      </ul>
      <h2 class="utrecht-heading-2">Cookies</h2>
      <p class="utrecht-paragraph">
        Loket gebruikt alleen functionele cookies: uw taalkeuze (lang), een beveiligingscode die formulieren beschermt (_csrf), uw
        inlogsessie zolang u bent ingelogd (loket_sessie), en een paar minuten tijdens het inloggen met DigiD of eHerkenning een code die
        het inloggen aan deze browser koppelt (loket_oidc). Er zijn geen cookies om u te volgen of te meten.
      </p>
      <h2 class="utrecht-heading-2">Uw rechten</h2>
      <p class="utrecht-paragraph">
        U mag uw gegevens inzien, laten verbeteren en, waar de wet dat toestaat, laten verwijderen. U kunt een klacht indienen bij de
        Autoriteit Persoonsgegevens.
      </p>
    </>
  );
}

export function registerSitePages(app: FastifyInstance, sections: readonly SiteSection[]): void {
  app.get('/', { config: { access: 'public' } }, (request, reply) => {
    const lang = request.lang;
    return reply.page({
      title: m(lang).homeTitle,
      body: (
        <>
          <h1 class="utrecht-heading-1" safe>
            {m(lang).homeTitle}
          </h1>
          <p class="utrecht-paragraph utrecht-paragraph--lead" safe>
            {m(lang).homeIntro}
          </p>
          {sections
            .filter((s) => s.search)
            .map((s) => (
              <form class="loket-search loket-home-search" method="get" action={s.search?.action} role="search">
                <div class="utrecht-form-field">
                  <label class="utrecht-form-label utrecht-form-field__label" for="home-q" safe>
                    {s.search?.label[lang]}
                  </label>
                  <p class="utrecht-form-field-description" id="home-q-hint" safe>
                    {s.search?.hint[lang]}
                  </p>
                  <input
                    class="utrecht-textbox utrecht-form-field__input"
                    id="home-q"
                    name="q"
                    type="search"
                    maxlength="200"
                    autocomplete="off"
                    aria-describedby="home-q-hint"
                  />
                </div>
                <button type="submit" class="utrecht-button utrecht-button--primary-action" safe>
                  {s.search?.button[lang]}
                </button>
              </form>
            ))}
          <ul class="loket-cards" aria-label={m(lang).sectionsLabel}>
            {sections.map((s) => (
              <li class="loket-card">
                <h2 class="utrecht-heading-3">
                  <a class="utrecht-link loket-card__link" href={s.href} safe>
                    {s.label[lang]}
                  </a>
                </h2>
                <p class="utrecht-paragraph" safe>
                  {s.description[lang]}
                </p>
              </li>
            ))}
          </ul>
        </>
      ),
    });
  });
  for (const [path, title, Body] of [
    ['/toegankelijkheid', 'a11yTitle', A11yStatement],
    ['/privacy', 'privacyTitle', PrivacyStatement],
  ] as const) {
    app.get(path, { config: { access: 'public' } }, (request, reply) =>
      reply.page({
        title: m(request.lang)[title],
        body: (
          <>
            <h1 class="utrecht-heading-1" safe>
              {m(request.lang)[title]}
            </h1>
            <Body lang={request.lang} />
          </>
        ),
      }),
    );
  }
}

/** The introduction page of a capability whose screens are still to be built. */
export function registerCapabilityIntro(
  app: FastifyInstance,
  section: SiteSection,
  plans: { nl: readonly string[]; en: readonly string[] },
): void {
  app.get(section.href, { config: { access: 'public' } }, (request, reply) => {
    const lang = request.lang;
    return reply.page({
      title: section.label[lang],
      body: (
        <>
          <h1 class="utrecht-heading-1" safe>
            {section.label[lang]}
          </h1>
          <p class="utrecht-paragraph utrecht-paragraph--lead" safe>
            {section.description[lang]}
          </p>
          <div class="utrecht-alert utrecht-alert--info loket-notice">
            <p class="utrecht-paragraph" safe>
              {m(lang).comingText}
            </p>
          </div>
          <h2 class="utrecht-heading-2" safe>
            {m(lang).comingTitle}
          </h2>
          <ul class="utrecht-unordered-list">
            {plans[lang].map((p) => (
              <li class="utrecht-unordered-list__item" safe>
                {p}
              </li>
            ))}
          </ul>
        </>
      ),
    });
  });
}
