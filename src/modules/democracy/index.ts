// democracy: elections under the Kieswet (definition and EML import, counting per polling station
// with double data entry, seat apportionment and election of candidates, results and EML export)
// and referendums on policy (request with supporters, vote counted the same way, outcome against
// the ordinance's thresholds). Capability 1.
import type { SiteSection } from '../../platform/html/index.tsx';
import type { LoketModule } from '../../platform/module.ts';
import fs from 'node:fs';
import { apportionCommand, apportionHelp } from './apportionment/cli.ts';
import { registerAdminPages } from './admin-pages.tsx';
import { seedDemoDemocracy } from './demo.ts';
import { registerEntryPages } from './entry-pages.tsx';
import { democracyJobs } from './jobs.ts';
import { registerDemocracyPages } from './pages.tsx';
import { registerReferendumPages } from './referendum-pages.tsx';
import { registerDemocracyRoutes } from './routes.ts';
import { democracyMigrations } from './store.ts';

const section: SiteSection = {
  href: '/democratie',
  label: { nl: 'Verkiezingen en referenda', en: 'Elections and referendums' },
  description: {
    nl: 'Verkiezingen volgens de Kieswet en referenda over beleid.',
    en: 'Elections under the Elections Act, and referendums on policy.',
  },
};

export const democracyModule: LoketModule = {
  name: 'democracy',
  nav: section,
  migrations: democracyMigrations,
  jobs: democracyJobs,
  seedDemo: seedDemoDemocracy,
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
  register: (app, ctx) => {
    registerDemocracyRoutes(app, ctx);
    registerDemocracyPages(app, ctx);
    registerEntryPages(app, ctx);
    registerAdminPages(app, ctx);
    registerReferendumPages(app, ctx);
  },
};
