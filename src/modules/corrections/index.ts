// corrections: File a complaint, an objection or an appeal.
// Its screens and API are built in their own issue; until then it shows what it will offer.
import { registerCapabilityIntro, type SiteSection } from '../../platform/html/index.tsx';
import type { LoketModule } from '../../platform/module.ts';

const section: SiteSection = {
  href: '/klachten-en-bezwaar',
  label: { nl: 'Klachten en bezwaar', en: 'Complaints and objections' },
  description: { nl: 'Een klacht indienen, bezwaar maken of in beroep gaan.', en: 'File a complaint, an objection or an appeal.' },
};

const plans = {
  nl: [
    'Een klacht indienen en binnen de wettelijke termijn antwoord krijgen.',
    'Bezwaar maken tegen een besluit, met de termijn erbij.',
    'Naar de ombudsman gaan als u niet tevreden bent.',
  ],
  en: [
    'File a complaint and get an answer within the legal term.',
    'Object to a decision, with its deadline shown.',
    'Go to the ombudsman if you are not satisfied.',
  ],
};

export const correctionsModule: LoketModule = {
  name: 'corrections',
  nav: section,
  register: (app) => registerCapabilityIntro(app, section, plans),
};
