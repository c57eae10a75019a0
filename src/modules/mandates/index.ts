// mandates: Let someone else act for you, or act for someone else.
// Its screens and API are built in their own issue; until then it shows what it will offer.
import { registerCapabilityIntro, type SiteSection } from '../../platform/html/index.tsx';
import type { LoketModule } from '../../platform/module.ts';

const section: SiteSection = {
  href: '/machtigen',
  label: { nl: 'Machtigen', en: 'Mandates' },
  description: {
    nl: 'Iemand anders zaken voor u laten regelen, of zaken regelen voor een ander.',
    en: 'Let someone else act for you, or act for someone else.',
  },
};

const plans = {
  nl: [
    'Een familielid of adviseur machtigen voor een dienst.',
    'Zien wie namens u mag handelen, en dat intrekken.',
    'Wettelijke vertegenwoordiging, zoals ouders, curatoren en bewindvoerders.',
  ],
  en: [
    'Give a relative or adviser a mandate for a service.',
    'See who may act for you, and withdraw it.',
    'Legal representation, such as parents, guardians and administrators.',
  ],
};

export const mandatesModule: LoketModule = {
  name: 'mandates',
  nav: section,
  register: (app) => registerCapabilityIntro(app, section, plans),
};
