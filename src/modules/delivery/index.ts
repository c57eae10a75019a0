// delivery: Apply for a service, follow your case and get a decision on time.
// Its screens and API are built in their own issue; until then it shows what it will offer.
import { registerCapabilityIntro, type SiteSection } from '../../platform/html/index.tsx';
import type { LoketModule } from '../../platform/module.ts';
import { deliveryMigrations } from './store.ts';

const section: SiteSection = {
  href: '/zaken',
  label: { nl: 'Mijn zaken', en: 'My cases' },
  description: {
    nl: 'Een dienst aanvragen, uw zaak volgen en op tijd een besluit krijgen.',
    en: 'Apply for a service, follow your case and get a decision on time.',
  },
};

const plans = {
  nl: [
    'Een aanvraag doen en zien in welke stap uw zaak is.',
    'De wettelijke beslistermijn zien, en wat u kunt doen als die voorbij is.',
    'Aanbiedingen krijgen van diensten waar u recht op hebt.',
  ],
  en: [
    'Apply and see which step your case is in.',
    'See the legal decision term, and what you can do when it has passed.',
    'Receive offers of services you are entitled to.',
  ],
};

export const deliveryModule: LoketModule = {
  name: 'delivery',
  nav: section,
  migrations: deliveryMigrations,
  register: (app) => registerCapabilityIntro(app, section, plans),
};
