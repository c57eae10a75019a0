// delivery/accountability: the steps of the decision due-date computation in plain words (B1),
// Dutch and English, for the export. Pure, but it formats dates (platform/i18n), so it is kept out
// of model.ts.
import { formatDate, type Lang } from '../../../platform/i18n/index.ts';
import type { DecisionDueStep, SuspensionReason } from '../model.ts';
import type { Localized } from './model.ts';

const suspensionReasonLabels: Readonly<Record<SuspensionReason, Localized>> = {
  information_requested: {
    nl: 'aanvullende informatie gevraagd (Awb 4:15 lid 1 a)',
    en: 'additional information requested (Awb 4:15(1)(a))',
  },
  foreign_authority: {
    nl: 'informatie gevraagd aan een buitenlandse instantie (Awb 4:15 lid 1 b)',
    en: 'information asked from a foreign authority (Awb 4:15(1)(b))',
  },
  applicant_consent: {
    nl: 'uitstel met instemming van de aanvrager (Awb 4:15 lid 2 a)',
    en: 'delay agreed by the applicant (Awb 4:15(2)(a))',
  },
  applicant_delay: { nl: 'vertraging door de aanvrager (Awb 4:15 lid 2 b)', en: 'delay caused by the applicant (Awb 4:15(2)(b))' },
  force_majeure: { nl: 'overmacht (Awb 4:15 lid 2 c)', en: 'force majeure (Awb 4:15(2)(c))' },
};

const extensionRefusalLabels: Readonly<Record<string, Localized>> = {
  'delivery.term_suspended': { nl: 'de termijn was opgeschort', en: 'the term was suspended' },
  'delivery.extension_too_late': { nl: 'de termijn was al voorbij', en: 'the term had already passed' },
  'delivery.extension_date_not_later': { nl: 'de nieuwe datum lag niet later', en: 'the new date was not later' },
  'delivery.extension_date_not_working_day': { nl: 'de nieuwe datum was geen werkdag', en: 'the new date was not a working day' },
  'delivery.extension_limit_reached': {
    nl: 'de termijn was al zo vaak verlengd als mag',
    en: 'the term had been extended as often as allowed',
  },
  'delivery.extension_too_long': { nl: 'de verlenging was langer dan de wet toestaat', en: 'the extension was longer than the law allows' },
};

const both = (make: (lang: Lang) => string): Localized => ({ nl: make('nl'), en: make('en') });

/** One step of the due-date computation in plain words (B1), Dutch and English. */
export function explainTermStep(step: DecisionDueStep): Localized {
  const d = (date: string, lang: Lang): string => formatDate(date, lang);
  switch (step.kind) {
    case 'term':
      return both((lang) => {
        const basis =
          step.basis === 'statutory'
            ? lang === 'nl'
              ? 'de wettelijke beslistermijn (Awb 4:13 lid 1)'
              : 'the statutory decision term (Awb 4:13(1))'
            : lang === 'nl'
              ? 'de redelijke termijn (Awb 4:13 lid 2)'
              : 'the reasonable term (Awb 4:13(2))';
        const moved =
          step.end !== step.rawEnd
            ? lang === 'nl'
              ? ` Dat is geen werkdag, dus wordt het ${d(step.end, lang)} (Algemene termijnenwet).`
              : ` That is not a working day, so it becomes ${d(step.end, lang)} (General Time Limits Act).`
            : '';
        return lang === 'nl'
          ? `Wij moeten beslissen binnen ${step.weeks} weken na ontvangst: ${basis}. Die termijn eindigt op ${d(step.rawEnd, lang)}.${moved}`
          : `We must decide within ${step.weeks} weeks of receipt: ${basis}. That term ends on ${d(step.rawEnd, lang)}.${moved}`;
      });
    case 'suspension':
      return both((lang) => {
        const reason = suspensionReasonLabels[step.reason][lang];
        const until =
          step.until === null
            ? lang === 'nl'
              ? 'en loopt nog'
              : 'and still lasts'
            : lang === 'nl'
              ? `tot ${d(step.until, lang)}`
              : `until ${d(step.until, lang)}`;
        const due =
          step.dueDate === null
            ? lang === 'nl'
              ? 'De nieuwe uiterste datum is nog niet bekend.'
              : 'The new due date is not known yet.'
            : lang === 'nl'
              ? `Er ${step.days === 1 ? 'komt 1 dag' : `komen ${step.days} dagen`} bij: de uiterste datum is ${d(step.dueDate, lang)}.`
              : `${step.days === 1 ? '1 day is' : `${step.days} days are`} added: the due date is ${d(step.dueDate, lang)}.`;
        return lang === 'nl'
          ? `De termijn stond stil vanaf ${d(step.from, lang)} ${until}: ${reason}. ${due}`
          : `The term was suspended from ${d(step.from, lang)} ${until}: ${reason}. ${due}`;
      });
    case 'suspension_ignored':
      return both((lang) =>
        lang === 'nl'
          ? `De opschorting vanaf ${d(step.from, lang)} telt niet mee: de termijn was toen al voorbij.`
          : `The suspension from ${d(step.from, lang)} does not count: the term had already passed.`,
      );
    case 'extension':
      return both((lang) =>
        step.effect === 'due_date_moved'
          ? lang === 'nl'
            ? `Op ${d(step.sentOn, lang)} is de termijn verlengd (Awb 4:14): de uiterste datum is nu ${d(step.newDueDate, lang)}.`
            : `On ${d(step.sentOn, lang)} the term was extended (Awb 4:14): the due date is now ${d(step.newDueDate, lang)}.`
          : lang === 'nl'
            ? `Op ${d(step.sentOn, lang)} is gemeld dat het besluit uiterlijk ${d(step.newDueDate, lang)} komt (Awb 4:14 lid 1). De wettelijke uiterste datum blijft ${d(step.dueDate, lang)}.`
            : `On ${d(step.sentOn, lang)} we announced the decision by ${d(step.newDueDate, lang)} (Awb 4:14(1)). The statutory due date stays ${d(step.dueDate, lang)}.`,
      );
    case 'extension_ignored':
      return both((lang) => {
        const why = extensionRefusalLabels[step.code]?.[lang] ?? step.code;
        return lang === 'nl'
          ? `De verlenging van ${d(step.sentOn, lang)} naar ${d(step.newDueDate, lang)} telt niet mee: ${why}.`
          : `The extension of ${d(step.sentOn, lang)} to ${d(step.newDueDate, lang)} does not count: ${why}.`;
      });
  }
}
