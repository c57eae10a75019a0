// delivery: what the pages of cases share — the texts (Dutch first, English second, plain
// language), the paths, and the building blocks of a case: its status and next step, how its
// due date came about, the timeline (AP25: status and progress visible), the answers of the
// application, the decision with the objection clause, and the penalty or the decision by
// operation of law when the term has passed.
import type { FastifyRequest } from 'fastify';
import { DataList, ErrorSummary, NoticeBox, Paragraph, Section, str, type FieldError } from '../../platform/html/index.tsx';
// Shared form and page helpers, still exported from here for the delivery pages that import them.
export { CsrfField, NoticeBox, formBody, loginFirst, loginToPage, str } from '../../platform/html/index.tsx';

export { Section };
import { defineMessages, format, formatDate, formatDateTime, formatNumber, type Lang } from '../../platform/i18n/index.ts';
import type { Failure } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { getPublicService } from '../catalog/index.ts';
import { getOrganisation, partyNames } from '../registry/index.ts';
import { actingBasisLabel, parseActingBasis } from './basis.ts';
import { formatMoney, summary } from './forms.ts';
import { isPending, type CaseAction, type CaseStatus, type DecisionDueStep, type Penalty } from './model.ts';
import { formOfCase, type CaseEvent, type CaseView, type DeliveryCase } from './service.ts';

/** What the service knows about the case's term (CaseView.term). */
export type CaseTerm = CaseView['term'];

type Texts = { nl: string; en: string };

// ---------------------------------------------------------------------------------------------
// Paths

export const casePaths = {
  /** Mijn zaken: the principal's cases. */
  mine: '/zaken',
  case: (organisationCode: string, caseId: string): string => `/zaken/${organisationCode}/${caseId}`,
  /** The official's work queue. */
  queue: '/behandelen',
  work: (organisationCode: string, caseId: string): string => `/behandelen/${organisationCode}/${caseId}`,
} as const;

export const pageSize = 20;

// ---------------------------------------------------------------------------------------------
// Texts

export const statusLabels: Record<CaseStatus, Texts> = {
  draft: { nl: 'Nog niet verstuurd', en: 'Not sent yet' },
  submitted: { nl: 'Ontvangen', en: 'Received' },
  in_progress: { nl: 'In behandeling', en: 'Being handled' },
  awaiting_information: { nl: 'Wacht op aanvulling', en: 'Waiting for more information' },
  decided: { nl: 'Besluit genomen', en: 'Decided' },
  decided_by_operation_of_law: { nl: 'Besluit van rechtswege', en: 'Decided by operation of law' },
  withdrawn: { nl: 'Ingetrokken', en: 'Withdrawn' },
  closed: { nl: 'Afgesloten', en: 'Closed' },
};

export const outcomeLabels: Record<NonNullable<DeliveryCase['decision']>['outcome'], Texts> = {
  granted: { nl: 'Toegekend', en: 'Granted' },
  partly_granted: { nl: 'Gedeeltelijk toegekend', en: 'Partly granted' },
  refused: { nl: 'Afgewezen', en: 'Refused' },
  not_considered: { nl: 'Niet in behandeling genomen', en: 'Not considered' },
  granted_by_operation_of_law: { nl: 'Toegekend van rechtswege', en: 'Granted by operation of law' },
};

/** One line per step in the timeline: as the applicant reads it, and as the official does. */
const timelineTitles: Record<'applicant' | 'official', Record<CaseAction, Texts>> = {
  applicant: {
    submit: { nl: 'Wij hebben uw aanvraag ontvangen', en: 'We received your application' },
    claim: { nl: 'Een medewerker behandelt uw aanvraag', en: 'An official is handling your application' },
    assign: { nl: 'Een medewerker behandelt uw aanvraag', en: 'An official is handling your application' },
    request_information: { nl: 'Wij hebben u om meer informatie gevraagd', en: 'We asked you for more information' },
    receive_information: { nl: 'Wij hebben uw informatie ontvangen', en: 'We received your information' },
    resume: {
      nl: 'De informatie kwam niet op tijd. Wij behandelen uw aanvraag verder.',
      en: 'The information did not arrive in time. We continue handling your application.',
    },
    extend_term: { nl: 'Wij hebben de beslistermijn verlengd', en: 'We extended the decision term' },
    give_notice_of_default: { nl: 'Wij hebben uw ingebrekestelling ontvangen', en: 'We received your notice of default' },
    decide: { nl: 'Wij hebben een besluit genomen', en: 'We made a decision' },
    decide_by_operation_of_law: { nl: 'U kreeg een besluit van rechtswege', en: 'You got a decision by operation of law' },
    withdraw: { nl: 'U hebt uw aanvraag ingetrokken', en: 'You withdrew your application' },
    close: { nl: 'Wij hebben de zaak afgesloten', en: 'We closed the case' },
  },
  official: {
    submit: { nl: 'Aanvraag ontvangen', en: 'Application received' },
    claim: { nl: 'Opgepakt door een behandelaar', en: 'Taken by a case handler' },
    assign: { nl: 'Toegewezen aan een behandelaar', en: 'Assigned to a case handler' },
    request_information: { nl: 'Om aanvulling gevraagd', en: 'More information requested' },
    receive_information: { nl: 'Aanvulling ontvangen', en: 'Information received' },
    resume: { nl: 'Termijn loopt weer: aanvulling niet op tijd', en: 'Term runs again: information not in time' },
    extend_term: { nl: 'Beslistermijn verlengd', en: 'Decision term extended' },
    give_notice_of_default: { nl: 'Ingebrekestelling ontvangen', en: 'Notice of default received' },
    decide: { nl: 'Besluit genomen', en: 'Decided' },
    decide_by_operation_of_law: { nl: 'Besluit van rechtswege', en: 'Decision by operation of law' },
    withdraw: { nl: 'Aanvraag ingetrokken door de aanvrager', en: 'Application withdrawn by the applicant' },
    close: { nl: 'Zaak afgesloten', en: 'Case closed' },
  },
};

export const caseMessages = defineMessages({
  nl: {
    // Mijn zaken
    myCasesTitle: 'Mijn zaken',
    myCasesIntro: 'Hier ziet u uw aanvragen: hoe ver wij zijn, wat de volgende stap is en wanneer u uiterlijk een besluit krijgt.',
    myCasesActingFor:
      'U handelt namens {name}. U ziet de zaken van {name} die u mag inzien: hoe ver wij zijn, wat de volgende stap is en wanneer uiterlijk een besluit komt.',
    refusedTitle: 'Dit mag u niet doen',
    refusedActingFor: 'U handelt nu namens {name}.',
    refusedSwitch: 'Wisselen of stoppen met handelen namens iemand anders',
    refusedMandates: 'Bekijk uw machtigingen',
    myCasesNone: 'U hebt nog geen aanvragen gedaan.',
    myCasesNoneActingFor: 'Er zijn geen zaken van {name} die u mag inzien.',
    myCasesApply: 'Een dienst zoeken en aanvragen',
    myMessagesLink: 'Uw berichten van de overheid',
    myMessagesLinkActingFor: 'Berichten van de overheid aan {name}',
    accountabilityHeading: 'Verantwoording',
    accountabilityLink: 'Alles wat er met uw zaak is gebeurd, wie het deed en welke gegevens zijn gebruikt (om af te drukken)',
    casesCount: '{total} zaken',
    casesCountOne: '1 zaak',
    myCasesCaption: 'Uw zaken',
    colCaseNumber: 'Zaaknummer',
    colService: 'Dienst',
    colReceived: 'Ontvangen op',
    colStatus: 'Status',
    colNextStep: 'Volgende stap',
    colDueDate: 'Besluit uiterlijk',
    colAssignee: 'Behandelaar',
    colAction: 'Actie',
    paginationLabel: 'Paginering',
    previous: 'Vorige',
    next: 'Volgende',
    pageOf: 'Pagina {page} van {pages}',
    errorPage: 'Deze pagina bestaat niet. Kies een paginanummer vanaf 1.',
    // Next steps
    nextSubmitted: 'Wij hebben uw aanvraag ontvangen. Een medewerker gaat ermee aan de slag.',
    nextInProgress: 'Wij behandelen uw aanvraag.',
    nextAwaiting: 'Wij wachten op informatie van u. Stuur die uiterlijk op {date}.',
    nextAwaitingNoDate: 'Wij wachten op informatie van u.',
    nextDecided: 'Wij hebben besloten. Bent u het er niet mee eens? U kunt tot en met {date} bezwaar maken.',
    nextDecidedByLaw: 'U hebt gekregen wat u vroeg, omdat wij niet op tijd besloten (besluit van rechtswege).',
    nextWithdrawn: 'U hebt uw aanvraag ingetrokken. Wij doen er niets meer mee.',
    nextClosed: 'Deze zaak is afgesloten.',
    nextDraft: 'U hebt deze aanvraag nog niet verstuurd.',
    dueSuspended: 'Staat stil tot wij uw informatie hebben',
    dueSuspendedOfficial: 'Staat stil: wacht op aanvulling',
    dueNone: '—',
    overdue: 'Te laat',
    // The case page
    caseTitle: 'Zaak {caseNumber}',
    backToMyCases: 'Terug naar Mijn zaken',
    statusHeading: 'Hoe staat het ervoor',
    caseNumber: 'Zaaknummer',
    service: 'Dienst',
    organisation: 'Organisatie',
    receivedOn: 'Ontvangen op',
    appliedBy: 'Aangevraagd door',
    appliedByValue: '{actor} namens {subject}',
    appliedBySomeone: 'iemand anders',
    status: 'Status',
    dueDate: 'Besluit uiterlijk op',
    announcedDate: 'Wij verwachten te besluiten op',
    nextStepHeading: 'Wat gebeurt er nu',
    overdueNotice: 'Wij hebben niet op tijd besloten. De uiterste datum was {date}.',
    termHeading: 'Hoe wij de datum van het besluit berekenen',
    termStatutory: 'De wet geeft ons {weeks} weken om te beslissen (wettelijke beslistermijn). Die weken eindigen op {date}.',
    termReasonable:
      'De wet voor deze dienst noemt geen termijn. Dan moeten wij binnen een redelijke termijn beslissen, en in ieder geval binnen {weeks} weken na ontvangst (Algemene wet bestuursrecht, artikel 4:13). Die weken eindigen op {date}.',
    termAtw: 'Dat is geen werkdag. Daarom schuift de laatste dag op naar {date} (Algemene termijnenwet).',
    termSuspended:
      'Wij vroegen om meer informatie. Van {from} tot {until} stond de termijn stil: {days} dagen erbij (artikel 4:15). De laatste dag is nu {date}.',
    termSuspendedNothing: 'Wij vroegen om meer informatie. Die kwam dezelfde dag, dus de termijn stond niet stil.',
    termSuspendedOpen: 'Sinds {from} staat de termijn stil, tot wij de gevraagde informatie hebben (artikel 4:15).',
    termSuspendedIgnored: 'Op {from} vroegen wij om informatie, maar de termijn was toen al voorbij. Die vraag verschuift de datum niet.',
    termExtended: 'Op {sentOn} hebben wij de termijn verlengd tot en met {date} (artikel 4:14).',
    termAnnounced:
      'Op {sentOn} hebben wij laten weten dat wij uiterlijk op {announced} beslissen (artikel 4:14). De wettelijke termijn blijft {date}.',
    termExtensionIgnored: 'Een verlenging naar {date} telt niet mee.',
    termReason: 'Reden: {reason}',
    termNoSteps: 'Er is geen berekening van de termijn bekend.',
    // Penalty and operation of law
    lateHeading: 'Als wij te laat beslissen',
    noticeHeading: 'Ingebrekestelling',
    remedyPenalty:
      'Beslissen wij niet op tijd? Dan kunt u ons in gebreke stellen. Hebben wij 2 weken daarna nog steeds niet besloten, dan betalen wij u een dwangsom voor elke dag dat wij te laat zijn: hoogstens 42 dagen (artikel 4:17).',
    remedySilence:
      'Beslissen wij niet op tijd? Dan krijgt u voor deze dienst vanzelf wat u vroeg: een besluit van rechtswege (artikel 4:20b). Een ingebrekestelling of dwangsom is dan niet nodig.',
    remedyNone: 'Bij deze dienst hoort geen dwangsom of besluit van rechtswege.',
    noticeGiven: 'Wij hebben uw ingebrekestelling ontvangen op {date}.',
    penaltyHeading: 'Dwangsom',
    penaltyPending: 'Besluiten wij niet uiterlijk op {date}, dan gaat vanaf die dag de dwangsom lopen.',
    penaltyAccruing: 'De dwangsom loopt. Zolang wij niet besluiten, komt er elke dag een bedrag bij.',
    penaltyCapped: 'De dwangsom is op zijn hoogst: 42 dagen. Er komt niets meer bij.',
    penaltyFinal: 'Wij hebben besloten. Dit is de dwangsom die wij u betalen.',
    penaltyNone: 'Wij besloten voordat de dwangsom ging lopen. U krijgt geen dwangsom.',
    penaltyFirstDay: 'Eerste dag van de dwangsom',
    penaltyLastDay: 'Laatste mogelijke dag',
    penaltyDays: 'Aantal dagen tot nu toe',
    penaltyAmount: 'Bedrag tot nu toe',
    penaltyMax: 'Hoogste bedrag',
    operationOfLawHeading: 'Besluit van rechtswege',
    operationOfLaw:
      'Wij hebben niet besloten binnen de termijn, die eindigde op {date}. Daarom krijgt u wat u vroeg: het besluit geldt van rechtswege vanaf {effective} (artikel 4:20b).',
    // Timeline
    timelineHeading: 'Wat er is gebeurd',
    timelineNone: 'Er is nog niets gebeurd.',
    timelineDue: 'Besluit uiterlijk op {date}.',
    timelineCompleteBy: 'Stuur de informatie uiterlijk op {date}.',
    timelineNewDate: 'Nieuwe datum: {date}.',
    timelineOutcome: 'Uitkomst: {outcome}.',
    timelineBy: 'Door: {who}',
    actorYou: 'u',
    actorApplicant: 'de aanvrager',
    actorOfficial: 'een behandelaar',
    actorSystem: 'Loket (automatisch)',
    // Answers
    answersHeading: 'Uw aanvraag',
    answersHeadingOfficial: 'De aanvraag',
    answersUnknownForm: 'Het formulier van deze aanvraag is niet meer beschikbaar. Dit zijn de antwoorden zoals ze zijn opgeslagen.',
    answersNone: 'Er zijn geen antwoorden opgeslagen.',
    // Decision
    decisionHeading: 'Besluit',
    decisionOutcome: 'Uitkomst',
    decisionDate: 'Besluit genomen op',
    decisionMotivationHeading: 'Waarom wij zo besloten',
    decisionLegalBasis: 'Wettelijke grondslag',
    objectionHeading: 'Niet eens met het besluit?',
    objectionClause:
      'Bent u het niet eens met dit besluit? Dan kunt u tot en met {date} bezwaar maken bij {organisation}. Schrijf in uw bezwaar uw naam en adres, de datum, het zaaknummer {caseNumber}, en waarom u het niet eens bent met het besluit. Onderteken uw bezwaar.',
    // Messages of the case
    messagesHeading: 'Berichten over deze zaak',
    letterUnread: 'ongelezen',
    // Applicant actions
    actionsHeading: 'Wat u kunt doen',
    actionsNone: 'U hoeft nu niets te doen.',
    informationHeading: 'Informatie sturen',
    informationAsked: 'Wij vroegen u op {date}:',
    informationCompleteBy: 'Stuur de informatie uiterlijk op {date}. Zolang wij wachten, staat de termijn stil.',
    informationLabel: 'Uw antwoord',
    informationHint: 'Schrijf de informatie die wij vroegen. Hoogstens 10.000 tekens.',
    informationButton: 'Informatie sturen',
    withdrawHeading: 'Aanvraag intrekken',
    withdrawText: 'Hebt u deze aanvraag niet meer nodig? Dan kunt u hem intrekken. Wij behandelen hem dan niet verder.',
    withdrawLink: 'Aanvraag intrekken',
    withdrawTitle: 'Aanvraag {caseNumber} intrekken',
    withdrawConfirm:
      'Weet u zeker dat u deze aanvraag wilt intrekken? Wij behandelen hem dan niet verder. U kunt dit niet terugdraaien; wel kunt u later opnieuw aanvragen.',
    withdrawButton: 'Ja, trek mijn aanvraag in',
    withdrawCancel: 'Nee, terug naar de zaak',
    noticeFormHeading: 'In gebreke stellen',
    noticeFormPenalty:
      'Wij hebben niet op tijd besloten. U kunt ons nu in gebreke stellen. Besluiten wij dan niet binnen 2 weken, dan betalen wij u een dwangsom voor elke dag dat wij te laat zijn: hoogstens 42 dagen en hoogstens {max} (artikel 4:17).',
    noticeFormButton: 'Ingebrekestelling sturen',
    // Notices after a form
    noticeInformationSent: 'Wij hebben uw informatie ontvangen. De termijn loopt weer.',
    noticeWithdrawn: 'U hebt uw aanvraag ingetrokken.',
    noticeNoticeGiven: 'Wij hebben uw ingebrekestelling ontvangen.',
    noticeClaimed: 'U behandelt deze zaak nu.',
    noticeAssigned: 'De zaak is toegewezen.',
    noticeInformationRequested: 'De aanvrager is om informatie gevraagd. De termijn staat stil.',
    noticeInformationRecorded: 'De ontvangen informatie is vastgelegd. De termijn loopt weer.',
    noticeExtended: 'De beslistermijn is verlengd. De aanvrager krijgt daarover bericht.',
    noticeDecided: 'Het besluit is vastgelegd. De aanvrager krijgt het besluit in de berichtenbox.',
    noticeClosed: 'De zaak is afgesloten.',
    // Refusals
    refusedState: 'Dit kan nu niet, want de zaak heeft de status ‘{status}’. Laad de pagina opnieuw om te zien wat wel kan.',
    refusedOther: 'Dit kan nu niet: {detail}',
  },
  en: {
    myCasesTitle: 'My cases',
    myCasesIntro: 'Here you see your applications: how far we are, what the next step is and the date by which you get a decision.',
    myCasesActingFor:
      'You act for {name}. You see the cases of {name} you may view: how far we are, what the next step is and the date by which a decision comes.',
    refusedTitle: 'You are not allowed to do this',
    refusedActingFor: 'You are now acting for {name}.',
    refusedSwitch: 'Switch, or stop acting for someone else',
    refusedMandates: 'See your mandates',
    myCasesNone: 'You have not applied for anything yet.',
    myCasesNoneActingFor: 'There are no cases of {name} that you may view.',
    myCasesApply: 'Find a service and apply',
    myMessagesLink: 'Your messages from government',
    myMessagesLinkActingFor: 'Messages from government to {name}',
    accountabilityHeading: 'Accountability',
    accountabilityLink: 'Everything that happened with your case, who did it and which data were used (printable)',
    casesCount: '{total} cases',
    casesCountOne: '1 case',
    myCasesCaption: 'Your cases',
    colCaseNumber: 'Case number',
    colService: 'Service',
    colReceived: 'Received on',
    colStatus: 'Status',
    colNextStep: 'Next step',
    colDueDate: 'Decision by',
    colAssignee: 'Case handler',
    colAction: 'Action',
    paginationLabel: 'Pagination',
    previous: 'Previous',
    next: 'Next',
    pageOf: 'Page {page} of {pages}',
    errorPage: 'This page does not exist. Choose a page number from 1.',
    nextSubmitted: 'We received your application. An official will start working on it.',
    nextInProgress: 'We are handling your application.',
    nextAwaiting: 'We are waiting for information from you. Send it by {date} at the latest.',
    nextAwaitingNoDate: 'We are waiting for information from you.',
    nextDecided: 'We made a decision. Do you disagree? You can object until and including {date}.',
    nextDecidedByLaw: 'You got what you asked for, because we did not decide in time (decision by operation of law).',
    nextWithdrawn: 'You withdrew your application. We will not do anything more with it.',
    nextClosed: 'This case is closed.',
    nextDraft: 'You have not sent this application yet.',
    dueSuspended: 'On hold until we have your information',
    dueSuspendedOfficial: 'On hold: waiting for information',
    dueNone: '—',
    overdue: 'Late',
    caseTitle: 'Case {caseNumber}',
    backToMyCases: 'Back to My cases',
    statusHeading: 'Where things stand',
    caseNumber: 'Case number',
    service: 'Service',
    organisation: 'Organisation',
    receivedOn: 'Received on',
    appliedBy: 'Applied by',
    appliedByValue: '{actor} for {subject}',
    appliedBySomeone: 'someone else',
    status: 'Status',
    dueDate: 'Decision by',
    announcedDate: 'We expect to decide on',
    nextStepHeading: 'What happens now',
    overdueNotice: 'We did not decide in time. The last day was {date}.',
    termHeading: 'How we calculate the date of the decision',
    termStatutory: 'The law gives us {weeks} weeks to decide (statutory decision term). Those weeks end on {date}.',
    termReasonable:
      'The law for this service sets no term. Then we must decide within a reasonable term, and in any case within {weeks} weeks of receipt (General Administrative Law Act, section 4:13). Those weeks end on {date}.',
    termAtw: 'That is not a working day, so the last day moves to {date} (General Time Limits Act).',
    termSuspended:
      'We asked for more information. From {from} until {until} the term was on hold: {days} days added (section 4:15). The last day is now {date}.',
    termSuspendedNothing: 'We asked for more information. It came the same day, so the term was not on hold.',
    termSuspendedOpen: 'Since {from} the term is on hold, until we have the information we asked for (section 4:15).',
    termSuspendedIgnored: 'On {from} we asked for information, but the term had already ended. That request does not move the date.',
    termExtended: 'On {sentOn} we extended the term until and including {date} (section 4:14).',
    termAnnounced: 'On {sentOn} we told you we will decide by {announced} (section 4:14). The statutory term stays {date}.',
    termExtensionIgnored: 'An extension to {date} does not count.',
    termReason: 'Reason: {reason}',
    termNoSteps: 'No calculation of the term is known.',
    lateHeading: 'If we decide too late',
    noticeHeading: 'Notice of default',
    remedyPenalty:
      'If we do not decide in time, you can give us notice of default. If we still have not decided 2 weeks later, we pay you a penalty for every day we are late: at most 42 days (section 4:17).',
    remedySilence:
      'If we do not decide in time, you automatically get what you asked for: a decision by operation of law (section 4:20b). No notice of default or penalty is needed.',
    remedyNone: 'This service has no penalty or decision by operation of law.',
    noticeGiven: 'We received your notice of default on {date}.',
    penaltyHeading: 'Penalty',
    penaltyPending: 'If we have not decided by {date}, the penalty starts on that day.',
    penaltyAccruing: 'The penalty is running. As long as we do not decide, an amount is added every day.',
    penaltyCapped: 'The penalty has reached its maximum: 42 days. Nothing more is added.',
    penaltyFinal: 'We have decided. This is the penalty we pay you.',
    penaltyNone: 'We decided before the penalty started. You get no penalty.',
    penaltyFirstDay: 'First day of the penalty',
    penaltyLastDay: 'Last possible day',
    penaltyDays: 'Days so far',
    penaltyAmount: 'Amount so far',
    penaltyMax: 'Highest amount',
    operationOfLawHeading: 'Decision by operation of law',
    operationOfLaw:
      'We did not decide within the term, which ended on {date}. So you get what you asked for: the decision applies by operation of law from {effective} (section 4:20b).',
    timelineHeading: 'What happened',
    timelineNone: 'Nothing has happened yet.',
    timelineDue: 'Decision by {date}.',
    timelineCompleteBy: 'Send the information by {date}.',
    timelineNewDate: 'New date: {date}.',
    timelineOutcome: 'Outcome: {outcome}.',
    timelineBy: 'By: {who}',
    actorYou: 'you',
    actorApplicant: 'the applicant',
    actorOfficial: 'a case handler',
    actorSystem: 'Loket (automatic)',
    answersHeading: 'Your application',
    answersHeadingOfficial: 'The application',
    answersUnknownForm: 'The form of this application is no longer available. These are the answers as they were stored.',
    answersNone: 'No answers were stored.',
    decisionHeading: 'Decision',
    decisionOutcome: 'Outcome',
    decisionDate: 'Decided on',
    decisionMotivationHeading: 'Why we decided this',
    decisionLegalBasis: 'Legal basis',
    objectionHeading: 'Do you disagree with the decision?',
    objectionClause:
      'Do you disagree with this decision? Then you can object until and including {date} to {organisation}. Write in your objection your name and address, the date, the case number {caseNumber}, and why you disagree with the decision. Sign your objection.',
    messagesHeading: 'Messages about this case',
    letterUnread: 'unread',
    actionsHeading: 'What you can do',
    actionsNone: 'You do not need to do anything now.',
    informationHeading: 'Send information',
    informationAsked: 'On {date} we asked you:',
    informationCompleteBy: 'Send the information by {date} at the latest. While we wait, the term is on hold.',
    informationLabel: 'Your answer',
    informationHint: 'Write the information we asked for. At most 10,000 characters.',
    informationButton: 'Send information',
    withdrawHeading: 'Withdraw the application',
    withdrawText: 'Do you no longer need this application? Then you can withdraw it. We will stop handling it.',
    withdrawLink: 'Withdraw the application',
    withdrawTitle: 'Withdraw application {caseNumber}',
    withdrawConfirm:
      'Are you sure you want to withdraw this application? We will stop handling it. You cannot undo this, but you can apply again later.',
    withdrawButton: 'Yes, withdraw my application',
    withdrawCancel: 'No, back to the case',
    noticeFormHeading: 'Give notice of default',
    noticeFormPenalty:
      'We did not decide in time. You can now give us notice of default. If we then do not decide within 2 weeks, we pay you a penalty for every day we are late: at most 42 days and at most {max} (section 4:17).',
    noticeFormButton: 'Send notice of default',
    noticeInformationSent: 'We received your information. The term runs again.',
    noticeWithdrawn: 'You withdrew your application.',
    noticeNoticeGiven: 'We received your notice of default.',
    noticeClaimed: 'You are now handling this case.',
    noticeAssigned: 'The case was assigned.',
    noticeInformationRequested: 'The applicant was asked for information. The term is on hold.',
    noticeInformationRecorded: 'The information received was recorded. The term runs again.',
    noticeExtended: 'The decision term was extended. The applicant gets a message about it.',
    noticeDecided: 'The decision was recorded. The applicant gets it in their message box.',
    noticeClosed: 'The case was closed.',
    refusedState: 'This is not possible now, because the case has the status ‘{status}’. Reload the page to see what is possible.',
    refusedOther: 'This is not possible now: {detail}',
  },
});

export type CaseMessages = ReturnType<typeof caseMessages>;

/** The notices after a form (PRG: `?melding=`), by the word in the address. */
export const notices = {
  'informatie-gestuurd': 'noticeInformationSent',
  ingetrokken: 'noticeWithdrawn',
  'in-gebreke-gesteld': 'noticeNoticeGiven',
  opgepakt: 'noticeClaimed',
  toegewezen: 'noticeAssigned',
  'informatie-gevraagd': 'noticeInformationRequested',
  'informatie-vastgelegd': 'noticeInformationRecorded',
  verlengd: 'noticeExtended',
  besloten: 'noticeDecided',
  afgesloten: 'noticeClosed',
} as const satisfies Record<string, keyof CaseMessages>;
export type NoticeWord = keyof typeof notices;

export function noticeOf(query: unknown): NoticeWord | undefined {
  const word = str((query as Record<string, unknown> | undefined)?.['melding']);
  return word in notices ? (word as NoticeWord) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** `?pagina=` as a page number from 1, or undefined when it is not one. */
export function pageNumber(raw: unknown): number | undefined {
  const text = str(raw) || '1';
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 ? n : undefined;
}

/** The case in the address: `:org` and `:caseId` (the service checks their form). */
export function caseKeyOf(request: FastifyRequest): { organisationCode: string; caseId: string } {
  const params = request.params as Record<string, unknown>;
  return { organisationCode: str(params['org']).slice(0, 64), caseId: str(params['caseId']).slice(0, 64) };
}

export const dateText = (date: string | null | undefined, lang: Lang): string => (date ? formatDate(date, lang) : '');

/** Is the case pending and its due date before today? */
export const isOverdue = (kase: Pick<DeliveryCase, 'status' | 'dueDate'>, today: string): boolean =>
  isPending(kase.status) && kase.dueDate !== null && kase.dueDate < today;

/** The service's name for each case (`organisationCode/serviceId`): the service's title in the catalog, else its UPL product's name. */
export async function serviceNames(
  ctx: ModuleContext,
  cases: readonly Pick<DeliveryCase, 'organisationCode' | 'serviceId'>[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const c of cases) {
    const key = `${c.organisationCode}/${c.serviceId}`;
    if (names.has(key)) continue;
    const found = await getPublicService(ctx, c.organisationCode, c.serviceId);
    names.set(key, found ? found.service.title || found.product.name : '');
  }
  return names;
}

export const serviceNameOf = (names: ReadonlyMap<string, string>, kase: DeliveryCase, lang: Lang): string =>
  names.get(`${kase.organisationCode}/${kase.serviceId}`) || (lang === 'en' ? 'Application' : 'Aanvraag');

export async function organisationName(ctx: ModuleContext, code: string): Promise<string> {
  return (await getOrganisation(ctx, code))?.name ?? code;
}

/** What a case page names: the case (its title), its service and its organisation. */
export async function caseNames(ctx: ModuleContext, kase: DeliveryCase, lang: Lang): Promise<CaseNames> {
  const names = await serviceNames(ctx, [kase]);
  const organisation = await organisationName(ctx, kase.organisationCode);
  return {
    title: format(caseMessages(lang).caseTitle, { caseNumber: kase.caseNumber }),
    serviceName: serviceNameOf(names, kase, lang),
    organisation,
  };
}

/**
 * Who applied for whom, where someone other than the applicant did: "X namens Y (machtiging)", with
 * the basis recorded at submit (a mandate, a parent with authority, a curator, a business's officer).
 * Null when the applicant applied themself.
 */
export async function appliedByText(ctx: ModuleContext, view: Pick<CaseView, 'case' | 'timeline'>, lang: Lang): Promise<string | null> {
  const kase = view.case;
  if (kase.actingFor === null) return null;
  const m = caseMessages(lang);
  const names = await partyNames(ctx, [kase.actingFor, kase.applicant]);
  const line = format(m.appliedByValue, {
    actor: names.get(`person:${kase.actingFor.id}`) ?? m.appliedBySomeone,
    subject: names.get(`${kase.applicant.kind}:${kase.applicant.id}`) ?? kase.applicant.id,
  });
  const basis = parseActingBasis(view.timeline.find((e) => e.action === 'submit')?.details['basis']);
  return basis && basis.kind !== 'self' ? `${line} (${actingBasisLabel(basis, lang)})` : line;
}

/** The next step as the applicant reads it, for the statuses where it is one fixed text. */
const nextStepKeys = {
  draft: 'nextDraft',
  submitted: 'nextSubmitted',
  in_progress: 'nextInProgress',
  decided_by_operation_of_law: 'nextDecidedByLaw',
  withdrawn: 'nextWithdrawn',
  closed: 'nextClosed',
} as const satisfies Record<Exclude<CaseStatus, 'awaiting_information' | 'decided'>, keyof CaseMessages>;

/** The next step of a case as the applicant reads it. */
export function nextStepText(lang: Lang, kase: DeliveryCase): string {
  const completeBy = kase.completeBy;
  const m = caseMessages(lang);
  if (kase.status === 'awaiting_information')
    return completeBy ? format(m.nextAwaiting, { date: formatDate(completeBy, lang) }) : m.nextAwaitingNoDate;
  if (kase.status === 'decided')
    return kase.decision ? format(m.nextDecided, { date: formatDate(kase.decision.objectionLastDay, lang) }) : m.nextClosed;
  return m[nextStepKeys[kase.status]];
}

/** Who reads a page: the applicant, or a case handler. */
export type Audience = 'applicant' | 'official';

/** The due date as a list shows it: a date, "on hold" while suspended, or a dash once decided. */
export function dueText(lang: Lang, kase: DeliveryCase, audience: Audience = 'applicant'): string {
  const m = caseMessages(lang);
  if (!isPending(kase.status)) return m.dueNone;
  if (kase.dueDate) return formatDate(kase.dueDate, lang);
  return audience === 'official' ? m.dueSuspendedOfficial : m.dueSuspended;
}

/** Does anything about late decisions apply (still pending, or a notice, penalty or decision by law recorded)? */
export const lateDecisionMatters = (view: CaseView): boolean =>
  isPending(view.case.status) || view.term.noticeOfDefaultOn !== null || view.term.penalty !== null || view.term.operationOfLaw !== null;

/** A failed action as one error in the summary, linking to the action's form. */
export function refusalError(lang: Lang, formId: string, failure: { code: string; detail: string }, status: CaseStatus): FieldError {
  const m = caseMessages(lang);
  if (failure.code === 'delivery.transition_not_allowed')
    return { field: formId, message: format(m.refusedState, { status: statusLabels[status][lang] }) };
  return { field: formId, message: format(m.refusedOther, { detail: failure.detail }) };
}

/** Refusals shown on the page itself (invalid input, not possible in this state); the rest are error pages. */
export const refusalShownOnPage = (failure: Failure): boolean => failure.status === 400 || failure.status === 409 || failure.status === 422;

/**
 * The service's refusal as errors: one per invalid field (the service's Dutch reason, or the
 * English text given for the field), or one for the whole action that links to the status.
 */
export function fieldErrors(
  lang: Lang,
  failure: Failure,
  fieldOf: Readonly<Record<string, string>>,
  english: Readonly<Record<string, string>>,
  status: DeliveryCase['status'],
): FieldError[] {
  const params = failure.invalidParams ?? [];
  if (params.length === 0) return [refusalError(lang, 'status', failure, status)];
  return params.map((p) => {
    const field = fieldOf[p.name] ?? 'status';
    const text = english[p.code] ?? english[p.name];
    return { field, message: lang === 'en' && text ? text : p.reason };
  });
}

// ---------------------------------------------------------------------------------------------
// Building blocks

/** What a case page names: the case (its title), its service and its organisation (see caseNames). */
export interface CaseNames {
  title: string;
  serviceName: string;
  organisation: string;
}

/**
 * The top of a case page: the way back, the title, the service, the notice or the errors after a
 * form, and the case's status for its reader.
 */
export function CaseTop({
  lang,
  view,
  names,
  state,
  back,
  status,
}: {
  lang: Lang;
  view: CaseView;
  names: CaseNames;
  state: { notice?: NoticeWord | undefined; errors: readonly FieldError[] };
  back: { href: string; text: string };
  status: { heading: string; audience: Audience; today: string; extraRows?: readonly (readonly [string, string])[] };
}): JSX.Element {
  const m = caseMessages(lang);
  return (
    <>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={back.href} safe>
          {back.text}
        </a>
      </p>
      <PageTitle text={names.title} />
      <Paragraph text={names.serviceName} />
      <NoticeBox text={state.notice ? m[notices[state.notice]] : undefined} />
      <ErrorSummary lang={lang} errors={state.errors} />
      <Section id="status" heading={status.heading}>
        <StatusBlock
          lang={lang}
          view={view}
          serviceName={names.serviceName}
          organisation={names.organisation}
          today={status.today}
          audience={status.audience}
          extraRows={status.extraRows}
        />
      </Section>
    </>
  );
}

/** The page's title, its one h1. */
export function PageTitle({ text, id }: { text: string; id?: string | undefined }): JSX.Element {
  return (
    <h1 class="utrecht-heading-1" id={id} safe>
      {text}
    </h1>
  );
}

/** A cell of a case list with text. */
export function Cell({ text }: { text: string }): JSX.Element {
  return (
    <td class="utrecht-table__cell" safe>
      {text}
    </td>
  );
}

/** The first cell of a case list: the case number, as the link to the case. */
export function CaseNumberCell({ href, caseNumber }: { href: string; caseNumber: string }): JSX.Element {
  return (
    <td class="utrecht-table__cell">
      <a class="utrecht-link" href={href} safe>
        {caseNumber}
      </a>
    </td>
  );
}

/** The due date in a case list, with "late" after it once it has passed. */
export function DueDateCell({
  lang,
  kase,
  today,
  audience = 'applicant',
}: {
  lang: Lang;
  kase: DeliveryCase;
  today: string;
  audience?: Audience;
}): JSX.Element {
  return (
    <td class="utrecht-table__cell">
      <span safe>{dueText(lang, kase, audience)}</span>
      {isOverdue(kase, today) ? (
        <>
          {' '}
          <strong safe>{`(${caseMessages(lang).overdue})`}</strong>
        </>
      ) : (
        ''
      )}
    </td>
  );
}

/** Text with blank-line paragraphs as paragraphs; single line breaks kept. */
export function TextBlock({ text }: { text: string }): JSX.Element {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return (
    <>
      {paragraphs.map((p) => (
        <p class="utrecht-paragraph" style="white-space: pre-line" safe>
          {p}
        </p>
      ))}
    </>
  );
}

/** The status, due date and next step of a case. */
export function StatusBlock({
  lang,
  view,
  serviceName,
  organisation,
  today,
  audience,
  extraRows = [],
}: {
  lang: Lang;
  view: CaseView;
  serviceName: string;
  organisation: string;
  today: string;
  audience: Audience;
  extraRows?: readonly (readonly [string, string])[] | undefined;
}): JSX.Element {
  const m = caseMessages(lang);
  const kase = view.case;
  const term = view.term;
  const overdue = term.overdue || isOverdue(kase, today);
  const rows: (readonly [string, string])[] = [
    [m.caseNumber, kase.caseNumber],
    [m.service, serviceName],
    [m.organisation, organisation],
    [m.receivedOn, formatDate(kase.receivedOn, lang)],
    [m.status, statusLabels[kase.status][lang]],
    [m.dueDate, `${dueText(lang, kase, audience)}${overdue ? ` (${m.overdue})` : ''}`],
    ...(term.announcedDecisionDate && isPending(kase.status)
      ? ([[m.announcedDate, formatDate(term.announcedDecisionDate, lang)]] as const)
      : []),
    ...extraRows,
  ];
  return <DataList rows={rows} />;
}

function termStepText(lang: Lang, step: DecisionDueStep, term: CaseTerm): string[] {
  const m = caseMessages(lang);
  const d = (date: string | null): string => dateText(date, lang);
  switch (step.kind) {
    case 'term': {
      const first = format(step.basis === 'statutory' ? m.termStatutory : m.termReasonable, { weeks: step.weeks, date: d(step.rawEnd) });
      return step.end !== step.rawEnd ? [first, format(m.termAtw, { date: d(step.end) })] : [first];
    }
    case 'suspension':
      if (step.until === null) return [format(m.termSuspendedOpen, { from: d(step.from) })];
      if (step.days === 0) return [m.termSuspendedNothing];
      return [format(m.termSuspended, { from: d(step.from), until: d(step.until), days: step.days, date: d(step.dueDate) })];
    case 'suspension_ignored':
      return [format(m.termSuspendedIgnored, { from: d(step.from) })];
    case 'extension': {
      const reason = term.extensions.find((e) => e.sentOn === step.sentOn && e.newDueDate === step.newDueDate)?.reason;
      const text =
        step.effect === 'due_date_moved'
          ? format(m.termExtended, { sentOn: d(step.sentOn), date: d(step.newDueDate) })
          : format(m.termAnnounced, { sentOn: d(step.sentOn), announced: d(step.newDueDate), date: d(step.dueDate) });
      return reason ? [text, format(m.termReason, { reason })] : [text];
    }
    case 'extension_ignored':
      return [format(m.termExtensionIgnored, { date: d(step.newDueDate) })];
  }
}

/** How the due date came about: the term, the Atw, suspensions and extensions, in plain words. */
export function TermExplanation({ lang, term }: { lang: Lang; term: CaseTerm }): JSX.Element {
  const m = caseMessages(lang);
  if (term.steps.length === 0) return <Paragraph text={m.termNoSteps} />;
  return (
    <ol class="utrecht-ordered-list">
      {term.steps.map((step) => (
        <li class="utrecht-ordered-list__item">
          {termStepText(lang, step, term).map((line) => (
            <Paragraph text={line} />
          ))}
        </li>
      ))}
    </ol>
  );
}

const penaltyStatusKey = {
  pending: 'penaltyPending',
  accruing: 'penaltyAccruing',
  capped: 'penaltyCapped',
  final: 'penaltyFinal',
  none: 'penaltyNone',
} as const;

/** A running (or fixed) penalty for a late decision: days, amount so far, first day, maximum. */
export function PenaltyDetails({ lang, penalty }: { lang: Lang; penalty: Penalty }): JSX.Element {
  const m = caseMessages(lang);
  return (
    <>
      <Paragraph text={format(m[penaltyStatusKey[penalty.status]], { date: formatDate(penalty.firstDay, lang) })} />
      <DataList
        rows={[
          [m.penaltyFirstDay, formatDate(penalty.firstDay, lang)],
          [m.penaltyLastDay, formatDate(penalty.lastPossibleDay, lang)],
          [m.penaltyDays, formatNumber(penalty.days, lang)],
          [m.penaltyAmount, formatMoney(penalty.amountCents, lang)],
          [m.penaltyMax, formatMoney(penalty.maxTotalCents, lang)],
        ]}
      />
    </>
  );
}

/** What follows a late decision for this case: the remedy, the notice given, the penalty or the decision by operation of law. */
export function LateDecisionBlock({
  lang,
  term,
  texts,
}: {
  lang: Lang;
  term: CaseTerm;
  /** Other wording of the remedy and the notice (the official's view); the applicant's by default. */
  texts?: { remedyPenalty: string; remedySilence: string; noticeGiven: string };
}): JSX.Element {
  const m = { ...caseMessages(lang), ...texts };
  return (
    <>
      <Paragraph text={term.remedy === 'penalty' ? m.remedyPenalty : term.remedy === 'silence_consent' ? m.remedySilence : m.remedyNone} />
      {term.noticeOfDefaultOn ? <Paragraph text={format(m.noticeGiven, { date: formatDate(term.noticeOfDefaultOn, lang) })} /> : ''}
      {term.penalty ? (
        <Section id="dwangsom" heading={m.penaltyHeading} level={3}>
          <PenaltyDetails lang={lang} penalty={term.penalty} />
        </Section>
      ) : (
        ''
      )}
      {term.operationOfLaw ? (
        <Section id="van-rechtswege" heading={m.operationOfLawHeading} level={3}>
          <Paragraph
            text={format(m.operationOfLaw, {
              date: formatDate(term.operationOfLaw.termExpiredAfter, lang),
              effective: formatDate(term.operationOfLaw.effectiveOn, lang),
            })}
          />
        </Section>
      ) : (
        ''
      )}
    </>
  );
}

const detailText = (details: Record<string, unknown>, key: string): string | null => {
  const v = details[key];
  return typeof v === 'string' && v !== '' ? v : null;
};

const isDecisionOutcome = (v: unknown): v is keyof typeof outcomeLabels => typeof v === 'string' && Object.hasOwn(outcomeLabels, v);

/** The lines under one timeline entry: dates, the message asked, the outcome. */
function timelineDetails(lang: Lang, event: CaseEvent, viewer: 'applicant' | 'official'): string[] {
  const m = caseMessages(lang);
  const details = event.details;
  const lines: string[] = [];
  const date = (key: string): string | null => {
    const v = detailText(details, key);
    return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v, lang) : null;
  };
  switch (event.action) {
    case 'submit': {
      const due = date('dueDate');
      if (due) lines.push(format(m.timelineDue, { date: due }));
      break;
    }
    case 'request_information': {
      const message = detailText(details, 'message');
      if (message) lines.push(message);
      const by = date('completeBy');
      if (by) lines.push(format(m.timelineCompleteBy, { date: by }));
      break;
    }
    case 'receive_information': {
      // The applicant's own words stay on the case; the official reads them here.
      const message = detailText(details, 'message');
      if (message && viewer === 'official') lines.push(message);
      break;
    }
    case 'extend_term': {
      const by = date('newDueDate');
      if (by) lines.push(format(m.timelineNewDate, { date: by }));
      const reason = detailText(details, 'reason');
      if (reason) lines.push(format(m.termReason, { reason }));
      break;
    }
    case 'decide': {
      const outcome = details['outcome'];
      if (isDecisionOutcome(outcome)) lines.push(format(m.timelineOutcome, { outcome: outcomeLabels[outcome][lang] }));
      break;
    }
    default:
      break;
  }
  return lines;
}

/** The case's history, oldest first, in plain language (AP25). */
export function Timeline({
  lang,
  events,
  viewer,
  selfOfficialId,
}: {
  lang: Lang;
  events: readonly CaseEvent[];
  viewer: 'applicant' | 'official';
  selfOfficialId?: string | undefined;
}): JSX.Element {
  const m = caseMessages(lang);
  if (events.length === 0) return <Paragraph text={m.timelineNone} />;
  const who = (e: CaseEvent): string => {
    if (e.actor.kind === 'applicant') return viewer === 'applicant' ? m.actorYou : m.actorApplicant;
    if (e.actor.kind === 'system') return m.actorSystem;
    return viewer === 'official' && selfOfficialId !== undefined && e.actor.id === selfOfficialId ? m.actorYou : m.actorOfficial;
  };
  return (
    <ol class="utrecht-ordered-list loket-steps">
      {events.map((e) => {
        const titles = timelineTitles[viewer][e.action as CaseAction] as Texts | undefined;
        const title = titles ? titles[lang] : e.action;
        return (
          <li class="utrecht-ordered-list__item loket-step">
            <p class="utrecht-paragraph">
              <time datetime={e.at} safe>
                {formatDateTime(e.at, lang)}
              </time>
              {': '}
              <strong safe>{title}</strong>
            </p>
            {timelineDetails(lang, e, viewer).map((line) => (
              <p class="utrecht-paragraph" style="white-space: pre-line" safe>
                {line}
              </p>
            ))}
            {viewer === 'official' ? <Paragraph text={format(m.timelineBy, { who: who(e) })} /> : ''}
          </li>
        );
      })}
    </ol>
  );
}

/** A stored answer as text, for a case whose form is no longer known. */
function rawAnswer(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return (value as unknown[])
      .map((v) => {
        if (typeof v === 'object' && v !== null && 'fileName' in v && typeof v.fileName === 'string') return v.fileName;
        return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
      })
      .join(', ');
  return '';
}

/** The application's answers, per step of its form. */
export function AnswersBlock({ lang, kase }: { lang: Lang; kase: DeliveryCase }): JSX.Element {
  const m = caseMessages(lang);
  const form = formOfCase(kase);
  if (!form) {
    const rows = Object.entries(kase.answers).map(([k, v]) => [k, rawAnswer(v)] as const);
    return (
      <>
        <Paragraph text={m.answersUnknownForm} />
        {rows.length > 0 ? <DataList rows={rows} /> : <Paragraph text={m.answersNone} />}
      </>
    );
  }
  const rows = summary(form, kase.answers, lang);
  if (rows.length === 0) return <Paragraph text={m.answersNone} />;
  const steps: { id: string; title: string; rows: (readonly [string, string])[] }[] = [];
  for (const r of rows) {
    const last = steps[steps.length - 1];
    if (last?.id === r.stepId) last.rows.push([r.label, r.value]);
    else steps.push({ id: r.stepId, title: r.stepTitle, rows: [[r.label, r.value]] });
  }
  if (steps.length === 1) return <DataList rows={steps[0]?.rows ?? []} />;
  return (
    <>
      {steps.map((s) => (
        <Section id={`stap-${s.id}`} heading={s.title} level={3}>
          <DataList rows={s.rows} />
        </Section>
      ))}
    </>
  );
}

/** The decision, once there is one: outcome, date, motivation, legal basis, and the objection clause with its last day. */
export function DecisionSection({ lang, kase, organisation }: { lang: Lang; kase: DeliveryCase; organisation: string }): JSX.Element {
  const m = caseMessages(lang);
  const decision = kase.decision;
  if (!decision) return '';
  const legalBasis = decision.legalBasis;
  return (
    <Section id="besluit" heading={m.decisionHeading}>
      <>
        <DataList
          rows={[
            [m.decisionOutcome, outcomeLabels[decision.outcome][lang]],
            [m.decisionDate, formatDate(decision.decidedOn, lang)],
            ...(legalBasis ? ([[m.decisionLegalBasis, legalBasis]] as const) : []),
          ]}
        />
        <Section id="motivering" heading={m.decisionMotivationHeading} level={3}>
          <TextBlock text={decision.motivation} />
        </Section>
        <Section id="bezwaar" heading={m.objectionHeading} level={3}>
          <Paragraph
            text={format(m.objectionClause, {
              date: formatDate(decision.objectionLastDay, lang),
              organisation,
              caseNumber: kase.caseNumber,
            })}
          />
        </Section>
      </>
    </Section>
  );
}
