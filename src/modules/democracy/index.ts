// democracy: Elections under the Elections Act, and referendums on policy.
// Its screens and API are built in their own issue; until then it shows what it will offer.
import { registerCapabilityIntro, type SiteSection } from '../../platform/html/index.tsx';
import type { LoketModule } from '../../platform/module.ts';
import fs from 'node:fs';
import { apportionCommand, apportionHelp } from './apportionment/cli.ts';

const section: SiteSection = {
  href: '/democratie',
  label: { nl: 'Verkiezingen en referenda', en: 'Elections and referendums' },
  description: {
    nl: 'Verkiezingen volgens de Kieswet en referenda over beleid.',
    en: 'Elections under the Elections Act, and referendums on policy.',
  },
};

const plans = {
  nl: [
    'Uitslagen van stembureaus twee keer invoeren en vergelijken (dubbele invoer).',
    'De zetelverdeling berekenen volgens de Kieswet, met voorkeurstemmen.',
    'Referenda over beleid houden, met de regels van uw gemeente.',
  ],
  en: [
    'Enter polling-station results twice and compare them (double data entry).',
    'Apportion seats under the Elections Act, with preference votes.',
    "Hold referendums on policy, under your municipality's rules.",
  ],
};

export const democracyModule: LoketModule = {
  name: 'democracy',
  nav: section,
  commands: {
    elections: {
      summary: 'elections apportion FILE: zetelverdeling en gekozen kandidaten volgens de Kieswet (JSON; - voor standaardinvoer)',
      run: (args, env) => {
        const [sub, ...rest] = args;
        if (sub !== 'apportion' || rest.includes('--help') || rest.includes('-h')) {
          (sub === 'apportion' || sub === '--help' || sub === '-h' ? env.out : env.err)(apportionHelp);
          return Promise.resolve(sub === 'apportion' || sub === '--help' || sub === '-h' ? 0 : 2);
        }
        const r = apportionCommand(rest, (f) => fs.readFileSync(f === '-' ? 0 : f, 'utf8'));
        if (r.stdout) env.out(r.stdout.replace(/\n$/, ''));
        if (r.stderr) env.err(r.stderr.replace(/\n$/, ''));
        return Promise.resolve(r.exitCode);
      },
    },
  },
  register: (app) => registerCapabilityIntro(app, section, plans),
};
