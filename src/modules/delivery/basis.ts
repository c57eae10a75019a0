// delivery: the basis on which someone acted for an applicant, as the audit record and the case's
// timeline store it (mandates' `auditBasis`: the mandate chain, the legal basis or the functionary),
// read back and said in plain words. Pure.

export const legalBases = ['gezag', 'curatele', 'beschermingsbewind', 'mentorschap'] as const;
export type LegalBasisName = (typeof legalBases)[number];

/** How someone acted for the applicant. */
export interface ActingBasis {
  readonly kind: 'self' | 'legal' | 'functionary' | 'mandate';
  /** `legal`: the representation from the registers. */
  readonly legalBasis: LegalBasisName | null;
  /** `functionary`: the business and the role in it; `mandate`: the intermediary firm's functionary, where one acted so. */
  readonly kvkNumber: string | null;
  readonly role: string | null;
  /** `mandate`: the mandates of the chain, the applicant's first. */
  readonly mandateIds: readonly string[];
  /** A mandate to a firm whose own people act under it (ketenmachtiging). */
  readonly chained: boolean;
}

const record = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The basis as stored (details.basis of an audit record or a timeline entry); null when there is none or it is not one. */
export function parseActingBasis(stored: unknown): ActingBasis | null {
  const b = record(stored);
  if (!b) return null;
  const none = { legalBasis: null, kvkNumber: null, role: null, mandateIds: [], chained: false } as const;
  switch (b['kind']) {
    case 'self':
      return { kind: 'self', ...none };
    case 'legal': {
      const legal = b['legalBasis'];
      return { kind: 'legal', ...none, legalBasis: (legalBases as readonly unknown[]).includes(legal) ? (legal as LegalBasisName) : null };
    }
    case 'functionary':
      return { kind: 'functionary', ...none, kvkNumber: text(b['kvkNumber']), role: text(b['role']) };
    case 'mandate': {
      const chain = Array.isArray(b['chain']) ? (b['chain'] as unknown[]).map(record).filter((l) => l !== null) : [];
      const firm = chain.find((l) => text(l['functionaryOf']) !== null);
      const mandateIds = chain.flatMap((l) => (text(l['mandateId']) === null ? [] : [text(l['mandateId']) as string]));
      return {
        kind: 'mandate',
        ...none,
        kvkNumber: firm ? text(firm['functionaryOf']) : null,
        role: firm ? text(firm['role']) : null,
        mandateIds,
        chained: chain.length > 1,
      };
    }
    default:
      return null;
  }
}

type Lang = 'nl' | 'en';

const legalLabels: Record<LegalBasisName, Record<Lang, string>> = {
  gezag: { nl: 'ouder met gezag of voogd', en: 'parent with parental authority, or guardian' },
  curatele: { nl: 'curator', en: 'curator (guardianship)' },
  beschermingsbewind: { nl: 'bewindvoerder', en: 'administrator of property (bewindvoerder)' },
  mentorschap: { nl: 'mentor', en: 'mentor' },
};

/** The roles of the trade register (registry), as people say them. */
const roleLabels: Record<string, Record<Lang, string>> = {
  owner: { nl: 'eigenaar', en: 'owner' },
  director: { nl: 'bestuurder', en: 'director' },
  partner: { nl: 'vennoot', en: 'partner' },
  authorised_signatory: { nl: 'gevolmachtigde', en: 'authorised signatory' },
  board_member: { nl: 'bestuurslid', en: 'board member' },
};

/** The basis in a few plain words: "machtiging", "ouder met gezag of voogd", "bestuurder van de onderneming". */
export function actingBasisLabel(basis: ActingBasis, lang: Lang): string {
  switch (basis.kind) {
    case 'self':
      return lang === 'nl' ? 'voor zichzelf' : 'for themself';
    case 'legal':
      return basis.legalBasis
        ? legalLabels[basis.legalBasis][lang]
        : lang === 'nl'
          ? 'wettelijke vertegenwoordiging'
          : 'legal representation';
    case 'functionary': {
      const role = basis.role ? (roleLabels[basis.role]?.[lang] ?? basis.role) : lang === 'nl' ? 'functionaris' : 'officer';
      return lang === 'nl' ? `${role} van de onderneming` : `${role} of the business`;
    }
    case 'mandate':
      if (basis.chained) return lang === 'nl' ? 'machtiging via een intermediair (ketenmachtiging)' : 'mandate through an intermediary';
      return lang === 'nl' ? 'machtiging' : 'mandate';
  }
}
