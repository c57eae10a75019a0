// design: Design services, make new versions and propose improvements.
// Its screens and API are built in their own issue; until then it shows what it will offer.
import { registerCapabilityIntro, type SiteSection } from '../../platform/html/index.tsx';
import type { LoketModule } from '../../platform/module.ts';

const section: SiteSection = {
  href: '/ontwerp',
  label: { nl: 'Diensten verbeteren', en: 'Improving services' },
  description: {
    nl: 'Diensten ontwerpen, nieuwe versies maken en verbeteringen voorstellen.',
    en: 'Design services, make new versions and propose improvements.',
  },
};

const plans = {
  nl: [
    'Iedereen kan een verbetering van een dienst voorstellen.',
    'Dienstontwerpers beheren versies van een dienst.',
    'Signalen uit klachten en cijfers leiden tot een nieuwe versie.',
  ],
  en: [
    'Anyone can propose an improvement to a service.',
    'Service designers manage versions of a service.',
    'Signals from complaints and figures lead to a new version.',
  ],
};

export const designModule: LoketModule = {
  name: 'design',
  nav: section,
  register: (app) => registerCapabilityIntro(app, section, plans),
};
