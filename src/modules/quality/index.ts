// quality: Steer on timeliness, satisfaction and complaints.
// Its screens and API are built in their own issue; until then it shows what it will offer.
import { registerCapabilityIntro, type SiteSection } from '../../platform/html/index.tsx';
import type { LoketModule } from '../../platform/module.ts';

const section: SiteSection = {
  href: '/kwaliteit',
  label: { nl: 'Kwaliteit', en: 'Quality' },
  description: { nl: 'Sturen op tijdigheid, tevredenheid en klachten.', en: 'Steer on timeliness, satisfaction and complaints.' },
};

const plans = {
  nl: [
    'Zien hoeveel besluiten op tijd zijn genomen.',
    'Tevredenheid meten volgens de BurgerServiceCode.',
    'Signalen geven als een dienst achterblijft.',
  ],
  en: [
    'See how many decisions were made on time.',
    'Measure satisfaction by the BurgerServiceCode.',
    'Raise signals when a service falls behind.',
  ],
};

export const qualityModule: LoketModule = {
  name: 'quality',
  nav: section,
  register: (app) => registerCapabilityIntro(app, section, plans),
};
