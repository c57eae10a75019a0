// catalog: Every service of every government body, found with one search.
// Its screens and API are built in their own issue; until then it shows what it will offer.
import { registerCapabilityIntro, type SiteSection } from '../../platform/html/index.tsx';
import type { LoketModule } from '../../platform/module.ts';

const section: SiteSection = {
  href: '/diensten',
  label: { nl: 'Diensten', en: 'Services' },
  description: {
    nl: 'Alle diensten van alle overheden, met één zoekvraag te vinden.',
    en: 'Every service of every government body, found with one search.',
  },
};

const plans = {
  nl: [
    'Zoeken in de diensten van gemeenten, provincies, waterschappen en het Rijk.',
    'Diensten per levensgebeurtenis, zoals verhuizen of een kind krijgen.',
    'Wensen en feedback over diensten doorgeven.',
  ],
  en: [
    'Search the services of municipalities, provinces, water boards and central government.',
    'Services per life event, such as moving house or having a child.',
    'Send wishes and feedback about services.',
  ],
};

export const catalogModule: LoketModule = {
  name: 'catalog',
  nav: section,
  register: (app) => registerCapabilityIntro(app, section, plans),
};
