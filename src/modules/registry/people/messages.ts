// Texts of the pages of persons, businesses and officials: Dutch first, English second (B1).
import { roleLabels, roles, type Role } from '../../../platform/auth/model.ts';
import { defineMessages, type Lang } from '../../../platform/i18n/index.ts';
import type { FunctionaryRole, LegalForm } from './model.ts';
import type { Matter, RepresentationBasis } from './policy.ts';
import type { ProcessingActivity } from './service.ts';

export const peopleMessages = defineMessages({
  nl: {
    personsTitle: 'Persoon opzoeken',
    personsIntro:
      'Zoek een persoon op met het burgerservicenummer (BSN). U ziet alleen wat u voor uw werk nodig hebt. Elke keer dat u iemand opzoekt, komt in het verwerkingslogboek; de persoon kan dat zien.',
    bsnLabel: 'Burgerservicenummer (BSN)',
    bsnHint: '9 cijfers, bijvoorbeeld 999993653',
    lookUp: 'Opzoeken',
    errorBsn: 'Vul een geldig BSN in: 9 cijfers die voldoen aan de elfproef',
    personNotFound: 'Er is geen persoon gevonden met dit BSN. Controleer het nummer.',
    personHeading: 'Gegevens van de persoon',
    electoralNote: 'U ziet als verkiezingsmedewerker alleen de naam, het adres en de leeftijd.',
    name: 'Naam',
    bsn: 'BSN',
    birthDate: 'Geboortedatum',
    age: 'Leeftijd',
    ageYears: '{age} jaar',
    deathDate: 'Overleden op',
    address: 'Adres',
    noAddress: 'Geen adres bekend',
    minor: 'Minderjarig',
    yes: 'Ja',
    no: 'Nee',
    representativesHeading: 'Wettelijke vertegenwoordigers',
    representativesCaption: 'Wie deze persoon wettelijk vertegenwoordigt',
    noRepresentatives: 'Niemand vertegenwoordigt deze persoon wettelijk.',
    representedHeading: 'Vertegenwoordigt',
    representedCaption: 'Wie deze persoon wettelijk vertegenwoordigt (andersom)',
    noRepresented: 'Deze persoon vertegenwoordigt niemand wettelijk.',
    colName: 'Naam',
    colBasis: 'Grondslag',
    colCovers: 'Waarvoor',
    colFrom: 'Sinds',
    colTo: 'Tot',
    openEnded: 'Geen einddatum',
    businessesTitle: 'Onderneming opzoeken',
    businessesIntro: 'Zoek een onderneming op met het KVK-nummer. U ziet de vestigingen en de functionarissen die nu in functie zijn.',
    kvkLabel: 'KVK-nummer',
    kvkHint: '8 cijfers',
    errorKvk: 'Vul een geldig KVK-nummer in: 8 cijfers',
    businessNotFound: 'Er is geen onderneming gevonden met dit KVK-nummer. Controleer het nummer.',
    businessHeading: 'Gegevens van de onderneming',
    kvkNumber: 'KVK-nummer',
    legalForm: 'Rechtsvorm',
    registeredOn: 'Ingeschreven op',
    endedOn: 'Uitgeschreven op',
    branchesHeading: 'Vestigingen',
    branchesCaption: 'Vestigingen van de onderneming',
    colBranchNumber: 'Vestigingsnummer',
    colMain: 'Hoofdvestiging',
    colAddress: 'Adres',
    noBranches: 'Er zijn geen vestigingen geregistreerd.',
    functionariesHeading: 'Functionarissen',
    functionariesCaption: 'Functionarissen die nu in functie zijn',
    colRole: 'Functie',
    colAuthority: 'Bevoegdheid',
    noFunctionaries: 'Er zijn geen functionarissen in functie.',
    officialsTitle: 'Medewerkers',
    officialsIntro: 'De medewerkers van {organisation} en hun rollen.',
    officialsCaption: 'Medewerkers en rollen',
    colEmail: 'E-mailadres',
    colRoles: 'Rollen',
    colActive: 'Actief',
    noOfficials: 'Er zijn nog geen medewerkers geregistreerd.',
    officialsCount: '{total} medewerkers',
    officialsCountOne: '1 medewerker',
    usageTitle: 'Wie heeft mijn gegevens gebruikt',
    usageIntro:
      'Hier ziet u welke organisatie uw persoonsgegevens heeft ingezien of gewijzigd, wat er is gedaan en wanneer. Ook ziet u wanneer uw wettelijk vertegenwoordiger uw gegevens heeft ingezien. De namen van medewerkers staan er niet bij.',
    usageCaption: 'Gebruik van uw gegevens, nieuwste eerst',
    colWhen: 'Datum en tijd',
    colWho: 'Organisatie',
    colWhat: 'Wat is er gedaan',
    usageNone: 'Er is nog niets over u vastgelegd: uw gegevens zijn niet door een organisatie gebruikt.',
    usageMoreInfo: 'Klopt er iets niet? Neem contact op met de organisatie die in de lijst staat.',
    whoRepresentative: 'Uw wettelijk vertegenwoordiger',
    whoUnknown: 'Onbekende organisatie ({code})',
    whoLoket: 'Loket (automatisch)',
    errorPage: 'Het paginanummer is ongeldig; kies een pagina uit de lijst',
    previous: 'Vorige pagina',
    next: 'Volgende pagina',
    page: 'Pagina {page}',
    paginationLabel: 'Paginering',
  },
  en: {
    personsTitle: 'Look up a person',
    personsIntro:
      'Look up a person by citizen service number (BSN). You only see what your work needs. Every look-up is written to the processing log; the person can see it.',
    bsnLabel: 'Citizen service number (BSN)',
    bsnHint: '9 digits, for example 999993653',
    lookUp: 'Look up',
    errorBsn: 'Enter a valid BSN: 9 digits that pass the eleven test',
    personNotFound: 'No person was found with this BSN. Check the number.',
    personHeading: 'Details of the person',
    electoralNote: 'As an election official you only see the name, the address and the age.',
    name: 'Name',
    bsn: 'BSN',
    birthDate: 'Date of birth',
    age: 'Age',
    ageYears: '{age} years',
    deathDate: 'Died on',
    address: 'Address',
    noAddress: 'No address known',
    minor: 'Minor',
    yes: 'Yes',
    no: 'No',
    representativesHeading: 'Legal representatives',
    representativesCaption: 'Who legally represents this person',
    noRepresentatives: 'Nobody legally represents this person.',
    representedHeading: 'Represents',
    representedCaption: 'Whom this person legally represents',
    noRepresented: 'This person does not legally represent anyone.',
    colName: 'Name',
    colBasis: 'Legal basis',
    colCovers: 'For',
    colFrom: 'Since',
    colTo: 'Until',
    openEnded: 'No end date',
    businessesTitle: 'Look up a business',
    businessesIntro: 'Look up a business by KVK number. You see its branches and the functionaries in office now.',
    kvkLabel: 'KVK number',
    kvkHint: '8 digits',
    errorKvk: 'Enter a valid KVK number: 8 digits',
    businessNotFound: 'No business was found with this KVK number. Check the number.',
    businessHeading: 'Details of the business',
    kvkNumber: 'KVK number',
    legalForm: 'Legal form',
    registeredOn: 'Registered on',
    endedOn: 'Deregistered on',
    branchesHeading: 'Branches',
    branchesCaption: 'Branches of the business',
    colBranchNumber: 'Branch number',
    colMain: 'Main branch',
    colAddress: 'Address',
    noBranches: 'No branches are registered.',
    functionariesHeading: 'Functionaries',
    functionariesCaption: 'Functionaries in office now',
    colRole: 'Position',
    colAuthority: 'Authority',
    noFunctionaries: 'No functionaries are in office.',
    officialsTitle: 'Staff',
    officialsIntro: 'The staff of {organisation} and their roles.',
    officialsCaption: 'Staff and roles',
    colEmail: 'Email address',
    colRoles: 'Roles',
    colActive: 'Active',
    noOfficials: 'No staff are registered yet.',
    officialsCount: '{total} staff members',
    officialsCountOne: '1 staff member',
    usageTitle: 'Who used my data',
    usageIntro:
      'Here you see which organisation looked at or changed your personal data, what was done and when. You also see when your legal representative looked at your data. The names of staff are not shown.',
    usageCaption: 'Use of your data, newest first',
    colWhen: 'Date and time',
    colWho: 'Organisation',
    colWhat: 'What was done',
    usageNone: 'Nothing has been recorded about you yet: no organisation has used your data.',
    usageMoreInfo: 'Is something wrong? Contact the organisation in the list.',
    whoRepresentative: 'Your legal representative',
    whoUnknown: 'Unknown organisation ({code})',
    whoLoket: 'Loket (automatic)',
    errorPage: 'The page number is not valid; choose a page from the list',
    previous: 'Previous page',
    next: 'Next page',
    page: 'Page {page}',
    paginationLabel: 'Pagination',
  },
});

type Labels<K extends string> = Readonly<Record<K, Readonly<Record<Lang, string>>>>;

export const basisLabels: Labels<RepresentationBasis> = {
  gezag: { nl: 'Gezag', en: 'Parental authority' },
  curatele: { nl: 'Curatele', en: 'Guardianship (curatele)' },
  beschermingsbewind: { nl: 'Beschermingsbewind', en: 'Financial administration (bewind)' },
  mentorschap: { nl: 'Mentorschap', en: 'Mentorship' },
};

export const authorityKindLabels: Labels<'parent' | 'guardian'> = {
  parent: { nl: 'ouder', en: 'parent' },
  guardian: { nl: 'voogd', en: 'guardian' },
};

export const matterLabels: Labels<Matter> = {
  financial: { nl: 'geld en goederen', en: 'money and goods' },
  personal: { nl: 'persoonlijke zaken en zorg', en: 'personal matters and care' },
};

export const legalFormLabels: Labels<LegalForm> = {
  eenmanszaak: { nl: 'Eenmanszaak', en: 'Sole proprietorship' },
  vof: { nl: 'Vennootschap onder firma', en: 'General partnership' },
  maatschap: { nl: 'Maatschap', en: 'Professional partnership' },
  cv: { nl: 'Commanditaire vennootschap', en: 'Limited partnership' },
  bv: { nl: 'Besloten vennootschap', en: 'Private limited company' },
  nv: { nl: 'Naamloze vennootschap', en: 'Public limited company' },
  stichting: { nl: 'Stichting', en: 'Foundation' },
  vereniging: { nl: 'Vereniging', en: 'Association' },
  cooperatie: { nl: 'Coöperatie', en: 'Cooperative' },
};

export const functionaryRoleLabels: Labels<FunctionaryRole> = {
  owner: { nl: 'Eigenaar', en: 'Owner' },
  director: { nl: 'Bestuurder', en: 'Director' },
  partner: { nl: 'Vennoot', en: 'Partner' },
  authorised_signatory: { nl: 'Gevolmachtigde', en: 'Authorised signatory' },
  board_member: { nl: 'Bestuurslid', en: 'Board member' },
};

export const functionaryAuthorityLabels: Labels<'sole' | 'joint' | 'limited'> = {
  sole: { nl: 'Zelfstandig bevoegd', en: 'Sole authority' },
  joint: { nl: 'Gezamenlijk bevoegd', en: 'Joint authority' },
  limited: { nl: 'Beperkt bevoegd', en: 'Limited authority' },
};

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Role names as a list of staff shows them: the shared role labels with a capital, except that
 * English says "Elected representative" there (a bare "Representative" reads as a staff role).
 */
export const roleNames: Labels<Role> = Object.fromEntries(
  roles.map((role) => {
    const { nl, en } = roleLabels[role];
    return [role, { nl: capitalised(nl), en: role === 'representative' ? 'Elected representative' : capitalised(en) }];
  }),
) as Record<Role, Record<Lang, string>>;

/** What a processing-log line says was done, in plain language. */
export const activityLabels: Labels<ProcessingActivity> = {
  'registry.person.view': { nl: 'Uw persoonsgegevens ingezien', en: 'Looked at your personal data' },
  'registry.person.view_electoral': {
    nl: 'Uw naam, adres en leeftijd ingezien voor verkiezingen',
    en: 'Looked at your name, address and age for an election',
  },
  'registry.person.view_as_representative': { nl: 'Uw persoonsgegevens ingezien', en: 'Looked at your personal data' },
  'registry.person.representatives.view': { nl: 'Ingezien wie u wettelijk vertegenwoordigt', en: 'Looked at who legally represents you' },
  'registry.person.representatives.view_as_representative': {
    nl: 'Ingezien wie u wettelijk vertegenwoordigt',
    en: 'Looked at who legally represents you',
  },
  'registry.person.represented.view': {
    nl: 'Ingezien wie u wettelijk vertegenwoordigt of door wie u wordt vertegenwoordigd',
    en: 'Looked at whom you represent, or who represents you',
  },
  'registry.person.represented.view_as_representative': {
    nl: 'Uw gegevens ingezien in het overzicht van wie hij of zij vertegenwoordigt',
    en: 'Looked at your data in the list of persons they represent',
  },
  'registry.business.view': {
    nl: 'Uw gegevens als functionaris van een onderneming ingezien',
    en: 'Looked at your data as a functionary of a business',
  },
  'registry.person.create': { nl: 'U ingeschreven in het register', en: 'Registered you in the register' },
  'registry.person.address_update': { nl: 'Uw adres gewijzigd', en: 'Changed your address' },
  'registry.authority.register': { nl: 'Gezag geregistreerd', en: 'Registered parental authority' },
  'registry.court_registration.register': {
    nl: 'Curatele, bewind of mentorschap geregistreerd',
    en: 'Registered guardianship, administration or mentorship',
  },
  'registry.business.create': {
    nl: 'Een onderneming ingeschreven waarbij u functionaris bent',
    en: 'Registered a business in which you are a functionary',
  },
  'registry.business.functionary_add': {
    nl: 'U als functionaris van een onderneming geregistreerd',
    en: 'Registered you as a functionary of a business',
  },
  'registry.official.create': { nl: 'U als medewerker geregistreerd', en: 'Registered you as a member of staff' },
};
