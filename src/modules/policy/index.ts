// policy: Policy goals with measured outcomes, linked to services.
// Its screens and API are built in their own issue; until then it shows what it will offer.
import { registerCapabilityIntro, type SiteSection } from '../../platform/html/index.tsx';
import type { LoketModule } from '../../platform/module.ts';

const section: SiteSection = {
  href: '/beleid',
  label: { nl: 'Beleid', en: 'Policy' },
  description: {
    nl: 'Beleidsdoelen met gemeten resultaten, gekoppeld aan diensten.',
    en: 'Policy goals with measured outcomes, linked to services.',
  },
};

const plans = {
  nl: [
    'Volksvertegenwoordigers stellen doelen en zien of die gehaald worden.',
    'Diensten en budgetten koppelen aan beleidsdoelen.',
    'Beleid evalueren met cijfers uit de dienstverlening.',
  ],
  en: [
    'Representatives set goals and see whether they are met.',
    'Link services and budgets to policy goals.',
    'Evaluate policy with figures from service delivery.',
  ],
};

export const policyModule: LoketModule = {
  name: 'policy',
  nav: section,
  register: (app) => registerCapabilityIntro(app, section, plans),
};
