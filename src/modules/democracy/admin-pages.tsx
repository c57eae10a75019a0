// democracy: the pages of the election coordinator (role election_coordinator, own organisation
// only; the service checks the organisation).
//   /democratie/verkiezingen/nieuw                                 define an election by form (or start with a 110a)
//   /democratie/verkiezingen/importeren                            110a → a new election
//   /democratie/verkiezingen/{id}/importeren                       230b (lists) or 110b (polling stations)
//   /democratie/verkiezingen/{id}/starten                          confirm, then start counting
//   /democratie/verkiezingen/{id}/stembureaus/{number}/verschillen the differing fields side by side; keep one,
//                                                                   correct (the full form), or discard both
//   /democratie/verkiezingen/{id}/stembureaus/{number}/hertelling  order a recount of a finalised station
//   /democratie/verkiezingen/{id}/vaststellen                      provisional result, a pending drawing of lots,
//                                                                   and finalising after a confirmation step
//
// The EML import is two steps, like abacus: the upload (multipart) shows the file's kind, name and
// SHA-256 hash in 16 groups with 2 groups blank; the coordinator types those 2 from the paper
// that came with the file. The file travels in the second form as base64 (a hidden field would
// have its line ends changed by the browser, and with them the hash). Only when the typed hash
// is the file's hash does importEml store anything.
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CsrfField,
  DataList,
  ErrorSummary,
  FieldErrorMessage,
  FieldSet,
  InfoBox,
  LinkParagraph,
  NoticeBox,
  Paragraph,
  RadioGroupField,
  Section,
  SelectField,
  Table,
  TextAreaField,
  TextField,
  errorFor,
  errorTitle,
  formBody,
  loginToPage,
  queryOf,
  sendErrorPage,
  str,
  type FieldError,
} from '../../platform/html/index.tsx';
import { principalOf, ProblemError, type Failure } from '../../platform/http/index.ts';
import { format, formatDate, formatDateTime, formatNumber, type Lang } from '../../platform/i18n/index.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { officialNames, organisationNames } from '../registry/index.ts';
import type { CandidateLotDrawn, ListLotDrawn } from './apportionment/model.ts';
import { fieldLabel } from './counting.ts';
import { assembleTypedHash, emlHash, hashChunks, redactedChunkIndexes } from './eml/hash.ts';
import { MAX_EML_BYTES, parseEmlDocument, type EmlDocument } from './eml/parse.ts';
import {
  Cell,
  CountFields,
  OfficialPageTop,
  PageTitle,
  WarningConfirmations,
  WarningSummary,
  candidateName,
  coordinatorAccess,
  electionIdOf,
  failurePage,
  noticeHref,
  noticeOf,
  officialPaths,
  originOf,
  readCountForm,
  refusalPage,
  refusalText,
  saveRefusal,
  stationNumberOf,
  stationRows,
  strings,
  valuesOfCount,
  type NoticeWord,
} from './entry-pages.tsx';
import type { CountFinding, ElectionDefinition, Resolution, StationProgress } from './model.ts';
import { resolutions, bodies, type Body } from './model.ts';
import { bodyLabels, emlKindLabels, officialMessages, resolutionLabels } from './official-messages.ts';
import {
  democracyFailureText,
  defineElection,
  finalise,
  getDifferences,
  getProgress,
  getProvisionalResult,
  importEml,
  orderRecount,
  recordLot,
  resolveDifferences,
  startCounting,
  type CountingProgress,
  type ResultView,
  type StationDifferences,
} from './service.ts';

const pathOf = {
  define: officialPaths.define,
  importNew: officialPaths.importNew,
  importInto: '/democratie/verkiezingen/:id/importeren',
  start: '/democratie/verkiezingen/:id/starten',
  differences: '/democratie/verkiezingen/:id/stembureaus/:number/verschillen',
  recount: '/democratie/verkiezingen/:id/stembureaus/:number/hertelling',
  finalise: '/democratie/verkiezingen/:id/vaststellen',
} as const;

const routeOptions = { config: { access: coordinatorAccess } };
const pageOptions = { config: { access: coordinatorAccess }, onRequest: loginToPage };

/** The coordinator's organisation code (the access declaration lets only officials in). */
const organisationOf = (request: FastifyRequest): string => {
  const p = principalOf(request);
  return p.kind === 'official' ? p.organisationCode : '';
};

/** Errors of a refused use case for the summary: its field errors, or its text. */
function failureErrors(lang: Lang, failure: Failure, field: string): FieldError[] {
  const params = failure.invalidParams ?? [];
  if (failure.status === 400 && params.length > 0) return params.map((p) => ({ field, message: p.reason }));
  return [{ field, message: refusalText(lang, failure) }];
}

// ---------------------------------------------------------------------------------------------
// /nieuw: define an election by form

interface DefineForm {
  body: string;
  name: string;
  date: string;
  seats: string;
}

const emptyDefineForm: DefineForm = { body: 'municipal_council', name: '', date: '', seats: '' };

/** A date as typed: dd-mm-jjjj (or d-m-jjjj, with / or .) or jjjj-mm-dd; undefined when it is not a real day. */
function parseDay(text: string): string | undefined {
  const t = text.trim();
  const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const [y, mo, d] = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : [];
  if (!y || !mo || !d) return undefined;
  const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const day = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

const defineFields: Record<string, string> = { body: 'orgaan', name: 'naam', date: 'datum', seats: 'zetels' };

async function definePage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  form: DefineForm,
  errors: FieldError[],
  status = 200,
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = officialMessages(lang);
  const code = organisationOf(request);
  const organisation = (await organisationNames(ctx, [code])).get(code) ?? code;
  return reply.page({
    title: errorTitle(lang, m.defineTitle, errors),
    status,
    body: (
      <>
        <LinkParagraph href={officialPaths.overview} text={m.backToOverview} />
        <PageTitle text={m.defineTitle} />
        <ErrorSummary lang={lang} errors={errors} />
        <Paragraph text={format(m.defineIntro, { organisation })} />
        <LinkParagraph href={officialPaths.importNew} text={m.defineWithEml} />
        <DataList rows={[[m.defineOrganisation, organisation]]} />
        <form method="post" action={officialPaths.define} novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <SelectField
            id="orgaan"
            label={m.defineBody}
            value={form.body}
            options={bodies.map((b) => ({ value: b, label: bodyLabels[b][lang] }))}
            error={errorFor(errors, 'orgaan')}
          />
          <TextField
            id="naam"
            label={m.defineName}
            hint={m.defineNameHint}
            value={form.name}
            maxlength={200}
            error={errorFor(errors, 'naam')}
          />
          <TextField
            id="datum"
            label={m.defineDate}
            hint={m.defineDateHint}
            value={form.date}
            maxlength={20}
            autocomplete="off"
            error={errorFor(errors, 'datum')}
          />
          <TextField
            id="zetels"
            label={m.defineSeats}
            hint={m.defineSeatsHint}
            value={form.seats}
            inputmode="numeric"
            maxlength={4}
            autocomplete="off"
            error={errorFor(errors, 'zetels')}
          />
          <div class="loket-actions">
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.defineButton}
            </button>
          </div>
        </form>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /importeren: upload, then check the hash

/** A file part as read by `onFile` (a class, so it cannot be confused with a posted value). */
class ReceivedFile {
  constructor(
    readonly fileName: string,
    readonly content: Buffer,
    readonly truncated: boolean,
  ) {}
}

/** One byte more than the largest EML file Loket reads, to know a file was larger. */
const uploadReadLimit = MAX_EML_BYTES + 1;
/** The second step carries the file as base64 in a field. */
const base64FieldLimit = Math.ceil(MAX_EML_BYTES / 3) * 4 + 16;

async function onFile(part: MultipartFile): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    if (!truncated && size + chunk.length <= uploadReadLimit) {
      chunks.push(chunk);
      size += chunk.length;
    } else truncated = true;
  }
  (part as MultipartFile & { value?: unknown }).value = new ReceivedFile(
    part.filename,
    Buffer.concat(chunks),
    truncated || part.file.truncated,
  );
}

/** Requests whose multipart body was read in full (errors before that are unreadable uploads). */
const bodyRead = new WeakSet<FastifyRequest>();

const uploadUnreadable = (): Failure => ({
  code: 'democracy.upload_unreadable',
  status: 400,
  title: 'Bestand niet gelezen',
  detail: 'Het bestand kon niet worden gelezen. Kies het opnieuw.',
});

/** The file's text as its bytes are (a byte-order mark kept, so the hash is the hash of the file); undefined when it is not UTF-8. */
function textOf(content: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
  } catch {
    return undefined;
  }
}

interface Upload {
  fileName: string;
  xml: string;
  document: EmlDocument;
  hash: string;
}

type ImportTarget = { kind: 'new' } | { kind: 'into'; progress: CountingProgress };

function importTitle(lang: Lang, target: ImportTarget): string {
  const m = officialMessages(lang);
  return target.kind === 'new' ? m.importTitleNew : format(m.importTitle, { election: target.progress.election.name });
}

const importAction = (target: ImportTarget): string =>
  target.kind === 'new' ? officialPaths.importNew : officialPaths.importInto(target.progress.election.id);

function uploadPage(
  request: FastifyRequest,
  reply: FastifyReply,
  target: ImportTarget,
  errors: FieldError[],
  status = 200,
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = officialMessages(lang);
  const title = importTitle(lang, target);
  const def = target.kind === 'into' ? target.progress.election : undefined;
  return reply.page({
    title: errorTitle(lang, title, errors),
    status,
    body: (
      <>
        {def ? (
          <LinkParagraph href={officialPaths.counting(def.id)} text={m.backToCounting} />
        ) : (
          <LinkParagraph href={officialPaths.define} text={m.defineTitle} />
        )}
        <PageTitle text={title} />
        <ErrorSummary lang={lang} errors={errors} />
        <NoticeBox text={errors.length === 0 ? noticeOf(request) : undefined} />
        <Paragraph text={def ? m.importIntro : m.importIntroNew} />
        {def ? <Paragraph text={format(m.importState, { lists: def.lists.length, stations: def.stations.length })} /> : ''}
        <form method="post" action={importAction(target)} enctype="multipart/form-data" novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <div class={`utrecht-form-field${errorFor(errors, 'eml') ? ' utrecht-form-field--invalid' : ''}`}>
            <label class="utrecht-form-label utrecht-form-field__label" for="eml" safe>
              {m.importFile}
            </label>
            <p class="utrecht-form-field-description" id="eml-hint" safe>
              {m.importFileHint}
            </p>
            <FieldErrorMessage field="eml" message={errorFor(errors, 'eml')} />
            <input
              class="utrecht-form-field__input"
              type="file"
              id="eml"
              name="eml"
              accept=".xml,application/xml,text/xml"
              aria-describedby={errorFor(errors, 'eml') ? 'eml-hint eml-fout' : 'eml-hint'}
              aria-invalid={errorFor(errors, 'eml') ? 'true' : undefined}
            />
          </div>
          <div class="loket-actions">
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.importUpload}
            </button>
          </div>
        </form>
        {def && def.status === 'draft' ? <LinkParagraph href={officialPaths.start(def.id)} text={m.linkStart} /> : ''}
      </>
    ),
  });
}

/** What the file holds, in one line. */
function contentsOf(document: EmlDocument, lang: Lang): string {
  const m = officialMessages(lang);
  switch (document.kind) {
    case '110a': {
      const d = document.value;
      return `${d.name} — ${bodyLabels[d.body][lang]}, ${formatDate(d.date, lang)}, ${d.seats} ${m.colSeats.toLowerCase()}`;
    }
    case '230b':
      return `${document.value.lists.length} ${m.colList.toLowerCase()}: ${document.value.lists.map((l) => `${l.number}. ${l.name}`).join(', ')}`;
    case '110b':
      return `${document.value.stations.length} ${m.stationLabel.toLowerCase()}`;
  }
}

const hashPartId = (i: 0 | 1): string => `hash-deel-${i + 1}`;

function checkPage(
  request: FastifyRequest,
  reply: FastifyReply,
  target: ImportTarget,
  upload: Upload,
  state: { typed: [string, string]; errors: FieldError[]; status: number },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = officialMessages(lang);
  const title = importTitle(lang, target);
  const chunks = hashChunks(upload.hash);
  const redacted = redactedChunkIndexes(upload.hash);
  return reply.page({
    title: errorTitle(lang, title, state.errors),
    status: state.status,
    body: (
      <>
        <PageTitle text={title} />
        <ErrorSummary lang={lang} errors={state.errors} />
        <Section id="controle" heading={m.importCheckHeading}>
          <>
            <DataList
              rows={[
                [m.importKind, emlKindLabels[upload.document.kind][lang]],
                [m.importFileName, upload.fileName],
                [m.importContents, contentsOf(upload.document, lang)],
              ]}
            />
            <Paragraph text={m.importHashIntro} />
            <form method="post" action={importAction(target)} enctype="multipart/form-data" novalidate>
              <CsrfField token={reply.generateCsrf()} />
              <input type="hidden" name="stap" value="controle" />
              <input type="hidden" name="bestandsnaam" value={upload.fileName} />
              <input type="hidden" name="bestand" value={Buffer.from(upload.xml, 'utf8').toString('base64')} />
              <FieldSet id="hash" legend={m.importHashLegend} error={undefined}>
                <>
                  <p class="utrecht-paragraph loket-hash">
                    {chunks.map((chunk, index) => {
                      const which = redacted.indexOf(index);
                      if (which !== 0 && which !== 1)
                        return (
                          <>
                            <code safe>{chunk}</code>{' '}
                          </>
                        );
                      const id = hashPartId(which);
                      const error = errorFor(state.errors, id);
                      return (
                        <>
                          <label class="loket-visually-hidden" for={id} safe>
                            {format(m.importHashPart, { n: index + 1 })}
                          </label>
                          <input
                            class={`utrecht-textbox${error ? ' utrecht-textbox--invalid' : ''}`}
                            type="text"
                            id={id}
                            name={id}
                            value={state.typed[which]}
                            size="4"
                            maxlength="9"
                            autocomplete="off"
                            spellcheck="false"
                            aria-invalid={error ? 'true' : undefined}
                            aria-describedby={error ? `${id}-fout` : undefined}
                          />{' '}
                        </>
                      );
                    })}
                  </p>
                  <FieldErrorMessage field={hashPartId(0)} message={errorFor(state.errors, hashPartId(0))} />
                  <FieldErrorMessage field={hashPartId(1)} message={errorFor(state.errors, hashPartId(1))} />
                </>
              </FieldSet>
              <div class="loket-actions">
                <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
                  {m.importHashButton}
                </button>
              </div>
            </form>
            <LinkParagraph href={importAction(target)} text={m.importOther} />
          </>
        </Section>
      </>
    ),
  });
}

/** Reads an uploaded file into an Upload of the kind this page takes, or the errors for the upload form. */
function readUpload(fileName: string, xml: string, target: ImportTarget, lang: Lang): Upload | FieldError[] {
  const m = officialMessages(lang);
  const parsed = parseEmlDocument(xml);
  if (!parsed.ok)
    return [{ field: 'eml', message: m.errorNotEml }, ...parsed.problems.slice(0, 10).map((p) => ({ field: 'eml', message: p }))];
  const kind = parsed.value.kind;
  if (target.kind === 'new' && kind !== '110a')
    return [{ field: 'eml', message: format(m.errorWrongKindNew, { kind: emlKindLabels[kind][lang] }) }];
  if (target.kind === 'into' && kind === '110a')
    return [{ field: 'eml', message: format(m.errorWrongKind, { kind: emlKindLabels[kind][lang] }) }];
  return { fileName: fileName.slice(0, 255), xml, document: parsed.value, hash: emlHash(xml) };
}

/** A group of the hash as typed: 4 hex digits, spaces and case ignored. */
const typedPart = (text: string): string | undefined => {
  const t = text.replace(/\s/g, '').toLowerCase();
  return /^[0-9a-f]{4}$/.test(t) ? t : undefined;
};

async function importPost(ctx: ModuleContext, request: FastifyRequest, reply: FastifyReply, target: ImportTarget): Promise<FastifyReply> {
  const lang = request.lang;
  const m = officialMessages(lang);
  const body = formBody(request);
  if (str(body['stap']) !== 'controle') {
    const posted: unknown = body['eml'];
    const file: unknown = Array.isArray(posted) ? (posted as unknown[])[0] : posted;
    if (!(file instanceof ReceivedFile) || file.content.length === 0)
      return uploadPage(request, reply, target, [{ field: 'eml', message: m.errorNoFile }], 400);
    if (file.truncated) return uploadPage(request, reply, target, [{ field: 'eml', message: m.errorFileTooLarge }], 400);
    const xml = textOf(file.content);
    if (xml === undefined) return uploadPage(request, reply, target, [{ field: 'eml', message: m.errorNotUtf8 }], 400);
    const upload = readUpload(file.fileName, xml, target, lang);
    if (Array.isArray(upload)) return uploadPage(request, reply, target, upload, 400);
    return checkPage(request, reply, target, upload, { typed: ['', ''], errors: [], status: 200 });
  }
  // Step 2: the file again (base64), and the 2 groups typed from the paper.
  const encoded = str(body['bestand']);
  const xml = /^[A-Za-z0-9+/]*={0,2}$/.test(encoded) && encoded.length > 0 ? textOf(Buffer.from(encoded, 'base64')) : undefined;
  if (xml === undefined) return uploadPage(request, reply, target, [{ field: 'eml', message: m.errorUploadLost }], 400);
  const upload = readUpload(str(body['bestandsnaam']), xml, target, lang);
  if (Array.isArray(upload)) return uploadPage(request, reply, target, upload, 400);
  const raw: [string, string] = [str(body[hashPartId(0)]).slice(0, 20), str(body[hashPartId(1)]).slice(0, 20)];
  const redacted = redactedChunkIndexes(upload.hash);
  const typed = [typedPart(raw[0]), typedPart(raw[1])] as const;
  const partErrors = ([0, 1] as const)
    .filter((i) => typed[i] === undefined)
    .map((i) => ({ field: hashPartId(i), message: format(m.errorHashPart, { n: redacted[i] + 1 }) }));
  if (partErrors.length > 0) return checkPage(request, reply, target, upload, { typed: raw, errors: partErrors, status: 400 });
  const imported = await importEml(
    ctx,
    principalOf(request),
    {
      electionId: target.kind === 'into' ? target.progress.election.id : null,
      organisationCode: organisationOf(request),
      xml,
      hash: assembleTypedHash(upload.hash, [typed[0] ?? '', typed[1] ?? '']),
    },
    originOf(request),
  );
  if (imported.ok)
    return reply.redirect(
      noticeHref(officialPaths.importInto(imported.value.election.id), 'ingelezen', { soort: imported.value.kind }),
      303,
    );
  const failure = imported.failure;
  if (failure.status === 403 || failure.status === 404) return failurePage(request, reply, failure);
  if (/hash/.test(failure.code))
    return checkPage(request, reply, target, upload, {
      typed: raw,
      errors: [{ field: hashPartId(0), message: m.errorHashMismatch }],
      status: failure.status,
    });
  return checkPage(request, reply, target, upload, {
    typed: raw,
    errors: failureErrors(lang, failure, hashPartId(0)),
    status: failure.status,
  });
}

// ---------------------------------------------------------------------------------------------
// /starten

function startPage(
  request: FastifyRequest,
  reply: FastifyReply,
  progress: CountingProgress,
  errors: FieldError[],
  status = 200,
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = officialMessages(lang);
  const def = progress.election;
  const title = format(m.startTitle, { election: def.name });
  return reply.page({
    title: errorTitle(lang, title, errors),
    status,
    body: (
      <>
        <OfficialPageTop lang={lang} electionId={def.id} title={title} errors={errors} />
        <Paragraph text={format(m.startSummary, { lists: def.lists.length, stations: def.stations.length })} />
        <Paragraph text={m.startText} />
        <form method="post" action={officialPaths.start(def.id)} id="starten" novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <div class="loket-actions">
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.startButton}
            </button>
          </div>
        </form>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /verschillen

const resolutionWords: Record<Resolution, NoticeWord> = {
  keep_first: 'eerste-telt',
  keep_second: 'tweede-telt',
  correct: 'gecorrigeerd',
  discard_both: 'vervallen',
};

const valueText = (v: number | string | null, lang: Lang): string =>
  v === null || v === '' ? officialMessages(lang).emptyValue : typeof v === 'number' ? formatNumber(v, lang) : v;

async function differencesPage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  view: StationDifferences,
  state: { choice: string; errors: FieldError[]; status: number },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = officialMessages(lang);
  const { election: def, station: st, first, second, differences } = view;
  const title = format(m.differencesTitle, { number: st.number });
  const listNames = new Map(def.lists.map((l) => [l.number, l.name] as const));
  const names = await officialNames(ctx, [first.enteredBy, second.enteredBy]);
  const who = (id: string): string => names.get(id) ?? '';
  return reply.page({
    title: errorTitle(lang, title, state.errors),
    status: state.status,
    body: (
      <>
        <OfficialPageTop lang={lang} electionId={def.id} title={title} errors={state.errors} />
        <DataList
          rows={[
            ...stationRows(lang, def, st),
            [m.colFirst, [who(first.enteredBy), formatDateTime(first.createdAt, lang)].filter(Boolean).join(', ')],
            [m.colSecond, [who(second.enteredBy), formatDateTime(second.createdAt, lang)].filter(Boolean).join(', ')],
          ]}
        />
        <Paragraph text={m.differencesIntro} />
        <Table id="verschillen-tabel" caption={m.differencesCaption} head={[m.colField, m.colFirst, m.colSecond]}>
          {differences.map((d) => (
            <tr class="utrecht-table__row">
              <Cell text={fieldLabel(d.field, listNames, def.kind)[lang]} />
              <Cell text={valueText(d.first, lang)} />
              <Cell text={valueText(d.second, lang)} />
            </tr>
          ))}
        </Table>
        <form method="post" action={officialPaths.differences(def.id, st.number)} novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <RadioGroupField
            id="keuze"
            label={m.resolveLegend}
            value={state.choice}
            options={resolutions.map((r) => ({ value: r, label: m[resolutionLabels[r]] }))}
            error={errorFor(state.errors, 'keuze')}
          />
          <div class="loket-actions">
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.resolveButton}
            </button>
          </div>
        </form>
      </>
    ),
  });
}

interface CorrectionState {
  values: Readonly<Record<string, string>>;
  errors: FieldError[];
  inline: ReadonlyMap<string, string>;
  warnings: readonly CountFinding[];
  confirmed: ReadonlySet<string>;
  status: number;
}

/** The full count form for the coordinator's correction: fields equal in both entries filled in, differing ones blank. */
function correctionPage(
  request: FastifyRequest,
  reply: FastifyReply,
  view: StationDifferences,
  state: CorrectionState,
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = officialMessages(lang);
  const { election: def, station: st } = view;
  const title = format(m.correctTitle, { number: st.number });
  return reply.page({
    title: errorTitle(lang, title, state.errors),
    status: state.status,
    body: (
      <>
        <LinkParagraph href={officialPaths.differences(def.id, st.number)} text={format(m.differencesTitle, { number: st.number })} />
        <PageTitle text={title} />
        <ErrorSummary lang={lang} errors={state.errors} />
        <WarningSummary lang={lang} warnings={state.warnings} focus={state.errors.length === 0} />
        <Paragraph text={m.correctIntro} />
        <form method="post" action={officialPaths.differences(def.id, st.number)} id="telling" novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <input type="hidden" name="keuze" value="correct" />
          <input type="hidden" name="stap" value="telling" />
          <CountFields def={def} lang={lang} state={state} />
          <WarningConfirmations lang={lang} warnings={state.warnings} confirmed={state.confirmed} />
          <div class="loket-actions">
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.correctButton}
            </button>
          </div>
        </form>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /hertelling

function recountPage(
  request: FastifyRequest,
  reply: FastifyReply,
  def: ElectionDefinition,
  st: StationProgress,
  state: { reason: string; confirmed: boolean; errors: FieldError[]; status: number },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = officialMessages(lang);
  const title = format(m.recountTitle, { number: st.number });
  return reply.page({
    title: errorTitle(lang, title, state.errors),
    status: state.status,
    body: (
      <>
        <OfficialPageTop lang={lang} electionId={def.id} title={title} errors={state.errors} />
        <DataList rows={stationRows(lang, def, st)} />
        <Paragraph text={m.recountIntro} />
        <form method="post" action={officialPaths.recount(def.id, st.number)} novalidate>
          <CsrfField token={reply.generateCsrf()} />
          <TextAreaField
            id="reden"
            label={m.recountReason}
            hint={m.recountReasonHint}
            value={state.reason}
            rows={4}
            maxlength={2000}
            error={errorFor(state.errors, 'reden')}
          />
          <div
            class={`utrecht-form-field utrecht-form-field--checkbox loket-radio${errorFor(state.errors, 'bevestig') ? ' utrecht-form-field--invalid' : ''}`}
          >
            <FieldErrorMessage field="bevestig" message={errorFor(state.errors, 'bevestig')} />
            <input
              class="utrecht-checkbox utrecht-checkbox--html-input"
              type="checkbox"
              name="bevestig"
              id="bevestig"
              value="ja"
              checked={state.confirmed}
              aria-invalid={errorFor(state.errors, 'bevestig') ? 'true' : undefined}
              aria-describedby={errorFor(state.errors, 'bevestig') ? 'bevestig-fout' : undefined}
            />
            <label class="utrecht-form-label utrecht-form-label--checkbox" for="bevestig" safe>
              {m.recountConfirm}
            </label>
          </div>
          <div class="loket-actions">
            <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
              {m.recountButton}
            </button>
          </div>
        </form>
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// /vaststellen

type PendingLot =
  | { kind: 'list'; options: { value: number; label: string }[]; drawn: (choice: number) => ListLotDrawn }
  | { kind: 'candidate'; listName: string; options: { value: number; label: string }[]; drawn: (choice: number) => CandidateLotDrawn };

/** The drawing of lots the apportionment waits for, with its options named; undefined when none. */
function pendingLotOf(result: ResultView, lang: Lang): PendingLot | undefined {
  const a = result.apportionment;
  const def = result.election;
  const listName = (n: number): string => {
    const l = def.lists.find((x) => x.number === n);
    return l ? format(officialMessages(lang).listLegend, { number: n, name: l.name }) : String(n);
  };
  if (a?.status === 'ListDrawingLotsRequired') {
    const lot = a.drawing_lots;
    return {
      kind: 'list',
      options: lot.options.map((n) => ({ value: n, label: listName(n) })),
      drawn: (choice) => ({ kind: lot.kind, options: lot.options, drawn: choice }),
    };
  }
  if (a?.status === 'CandidateDrawingLotsRequired') {
    const lot = a.drawing_lots;
    const list = def.lists.find((l) => l.number === lot.list);
    const candidate = (n: number): string => {
      const c = list?.candidates.find((x) => x.position === n);
      return c ? `${n}. ${candidateName(c)}` : String(n);
    };
    return {
      kind: 'candidate',
      listName: listName(lot.list),
      options: lot.options.map((n) => ({ value: n, label: candidate(n) })),
      drawn: (choice) => ({ list: lot.list, options: lot.options, seat_numbers: lot.seat_numbers, drawn: choice }),
    };
  }
  return undefined;
}

/** Seats per list of the apportionment (in the order of the lists), when it has them. */
function seatsOf(result: ResultView): number[] | undefined {
  const a = result.apportionment;
  return a && 'seats_per_list' in a ? a.seats_per_list : undefined;
}

function ResultSections({ result, lang }: { result: ResultView; lang: Lang }): JSX.Element {
  const m = officialMessages(lang);
  const def = result.election;
  const t = result.totals;
  const seats = seatsOf(result);
  const n = (x: number): string => formatNumber(x, lang);
  const turnout =
    result.turnout.percent === null ? m.turnoutUnknown : `${formatNumber(Math.round(result.turnout.percent * 10) / 10, lang)} %`;
  const a = result.apportionment;
  return (
    <>
      <Section id="totalen" heading={m.totalsHeading}>
        <DataList
          rows={[
            [m.totalVoters, n(t.voters.total)],
            [m.totalValid, n(t.votes.totalValid)],
            [m.totalBlank, n(t.votes.blank)],
            [m.totalInvalid, n(t.votes.invalid)],
            [m.totalVotes, n(t.votes.total)],
            [m.turnout, turnout],
          ]}
        />
      </Section>
      {def.kind === 'referendum' ? (
        <Section id="keuzes" heading={m.optionsCaption}>
          <Table caption={m.optionsCaption} hiddenCaption head={[m.colOption, m.colVotes]}>
            {t.votes.lists.map((l) => (
              <tr class="utrecht-table__row">
                <Cell text={def.lists.find((x) => x.number === l.number)?.name ?? String(l.number)} />
                <Cell text={n(l.total)} />
              </tr>
            ))}
          </Table>
        </Section>
      ) : (
        <>
          <Section id="zetels" heading={m.seatsHeading}>
            <>
              {a?.status === 'Error' ? <Paragraph text={format(m.apportionmentError, { message: a.message })} /> : ''}
              <Table caption={m.seatsCaption} hiddenCaption head={[m.colList, m.colVotes, m.colSeats]}>
                {t.votes.lists.map((l, i) => (
                  <tr class="utrecht-table__row">
                    <Cell
                      text={format(m.listLegend, { number: l.number, name: def.lists.find((x) => x.number === l.number)?.name ?? '' })}
                    />
                    <Cell text={n(l.total)} />
                    <Cell text={seats?.[i] === undefined ? '–' : String(seats[i])} />
                  </tr>
                ))}
              </Table>
            </>
          </Section>
          <Section id="gekozen" heading={m.electedHeading}>
            {result.elected.length === 0 ? (
              <Paragraph text={m.noneElected} />
            ) : (
              <Table caption={m.electedCaption} hiddenCaption head={[m.colList, m.colCandidate, m.colVotes, m.colHow]}>
                {result.elected.map((e) => (
                  <tr class="utrecht-table__row">
                    <Cell text={`${e.listNumber}. ${e.listName}`} />
                    <Cell text={`${e.position}. ${e.name}`} />
                    <Cell text={n(e.votes)} />
                    <Cell text={e.how === 'preference' ? m.howPreference : m.howListOrder} />
                  </tr>
                ))}
              </Table>
            )}
          </Section>
        </>
      )}
    </>
  );
}

async function finalisePage(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  result: ResultView,
  state: { errors: FieldError[]; status: number; confirm: boolean },
): Promise<FastifyReply> {
  const lang = request.lang;
  const m = officialMessages(lang);
  const def = result.election;
  const title = state.confirm ? m.confirmTitle : format(m.finaliseTitle, { election: def.name });
  const progress = await getProgress(ctx, principalOf(request), def.id);
  const done = progress.ok ? progress.value.counts.agreed : 0;
  const total = progress.ok ? progress.value.stations.length : def.stations.length;
  const lot = pendingLotOf(result, lang);
  const token = reply.generateCsrf();
  const action = officialPaths.finalise(def.id);
  return reply.page({
    title: errorTitle(lang, title, state.errors),
    status: state.status,
    body: (
      <>
        <OfficialPageTop lang={lang} electionId={def.id} title={title} errors={state.errors} />
        <NoticeBox text={state.errors.length === 0 ? noticeOf(request) : undefined} />
        {state.confirm ? (
          <>
            <Paragraph text={m.confirmText} />
            <form method="post" action={action} id="vaststellen" novalidate>
              <CsrfField token={token} />
              <input type="hidden" name="actie" value="vaststellen" />
              <div class="loket-actions">
                <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
                  {m.confirmButton}
                </button>
                <a class="utrecht-link" href={action} safe>
                  {m.confirmCancel}
                </a>
              </div>
            </form>
          </>
        ) : (
          <>
            <Paragraph text={m.finaliseProvisional} />
            {done < total ? <InfoBox texts={[format(m.finaliseNotAll, { done, total })]} /> : ''}
          </>
        )}
        <ResultSections result={result} lang={lang} />
        {result.lots.length > 0 ? <Paragraph text={format(m.lotsRecorded, { n: result.lots.length })} /> : ''}
        {lot && !state.confirm ? (
          <Section id="loting" heading={m.lotHeading}>
            <>
              <Paragraph text={lot.kind === 'list' ? m.lotListText : format(m.lotCandidateText, { list: lot.listName })} />
              <form method="post" action={action} novalidate>
                <CsrfField token={token} />
                <input type="hidden" name="actie" value="loting" />
                <RadioGroupField
                  id="geloot"
                  label={m.lotLegend}
                  value=""
                  options={lot.options.map((o) => ({ value: String(o.value), label: o.label }))}
                  error={errorFor(state.errors, 'geloot')}
                />
                <div class="loket-actions">
                  <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
                    {m.lotButton}
                  </button>
                </div>
              </form>
            </>
          </Section>
        ) : (
          ''
        )}
        {!state.confirm && def.status === 'counting' ? (
          <Section id="vaststellen" heading={m.finaliseHeading}>
            <form method="get" action={action}>
              <input type="hidden" name="bevestigen" value="ja" />
              <button class="utrecht-button utrecht-button--primary-action" type="submit" safe>
                {m.finaliseButton}
              </button>
            </form>
          </Section>
        ) : (
          ''
        )}
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// Registration

export function registerAdminPages(app: FastifyInstance, ctx: ModuleContext): void {
  // Define
  app.get(pathOf.define, pageOptions, (request, reply) => definePage(ctx, request, reply, emptyDefineForm, []));

  app.post(pathOf.define, routeOptions, async (request, reply) => {
    const lang = request.lang;
    const m = officialMessages(lang);
    const b = formBody(request);
    const form: DefineForm = {
      body: str(b['orgaan']).slice(0, 40),
      name: str(b['naam']).trim().slice(0, 400),
      date: str(b['datum']).trim().slice(0, 40),
      seats: str(b['zetels']).trim().slice(0, 10),
    };
    const errors: FieldError[] = [];
    const body = (bodies as readonly string[]).includes(form.body) ? (form.body as Body) : undefined;
    if (!body) errors.push({ field: 'orgaan', message: m.errorBody });
    if (form.name === '' || form.name.length > 200) errors.push({ field: 'naam', message: m.errorName });
    const date = parseDay(form.date);
    if (!date) errors.push({ field: 'datum', message: m.errorDate });
    const seats = /^\d{1,3}$/.test(form.seats) ? Number(form.seats) : 0;
    if (seats < 1) errors.push({ field: 'zetels', message: m.errorSeats });
    if (errors.length > 0) return definePage(ctx, request, reply, form, errors, 400);
    const defined = await defineElection(
      ctx,
      principalOf(request),
      { kind: 'election', organisationCode: organisationOf(request), body, name: form.name, date, seats, lists: [], stations: [] },
      originOf(request),
    );
    if (defined.ok) return reply.redirect(noticeHref(officialPaths.importInto(defined.value.id), 'aangemaakt'), 303);
    if (defined.failure.status === 403 || defined.failure.status === 404) return failurePage(request, reply, defined.failure);
    const mapped = (defined.failure.invalidParams ?? []).map((p) => ({
      field: defineFields[p.name.replace(/^body\./, '').split('.')[0] ?? ''] ?? 'naam',
      message: p.reason,
    }));
    return definePage(
      ctx,
      request,
      reply,
      form,
      mapped.length > 0 ? mapped : failureErrors(lang, defined.failure, 'naam'),
      defined.failure.status,
    );
  });

  // Import: the upload pages, and the posts with @fastify/multipart in this scope only.
  app.get(pathOf.importNew, pageOptions, (request, reply) => uploadPage(request, reply, { kind: 'new' }, []));
  app.get(pathOf.importInto, pageOptions, async (request, reply) => {
    const progress = await getProgress(ctx, principalOf(request), electionIdOf(request));
    if (!progress.ok) return failurePage(request, reply, progress.failure);
    return uploadPage(request, reply, { kind: 'into', progress: progress.value }, []);
  });

  void app.register(async (scoped) => {
    await scoped.register(multipart, {
      attachFieldsToBody: 'keyValues',
      onFile,
      throwFileSizeLimit: false,
      limits: {
        fieldNameSize: 100,
        fieldSize: base64FieldLimit,
        fields: 10,
        fileSize: uploadReadLimit,
        files: 1,
        parts: 12,
        headerPairs: 100,
      },
    });
    // A multipart body that could not be read (cut off, malformed): a 400, not a server error.
    scoped.setErrorHandler((error: FastifyError, request) => {
      if (!bodyRead.has(request) && request.isMultipart() && !(error instanceof ProblemError) && (error.statusCode ?? 500) >= 500)
        throw new ProblemError(uploadUnreadable());
      throw error;
    });
    const markRead = (request: FastifyRequest, _reply: FastifyReply, done: () => void): void => {
      bodyRead.add(request);
      done();
    };
    scoped.post(pathOf.importNew, { ...routeOptions, preValidation: markRead }, (request, reply) =>
      importPost(ctx, request, reply, { kind: 'new' }),
    );
    scoped.post(pathOf.importInto, { ...routeOptions, preValidation: markRead }, async (request, reply) => {
      const progress = await getProgress(ctx, principalOf(request), electionIdOf(request));
      if (!progress.ok) return failurePage(request, reply, progress.failure);
      return importPost(ctx, request, reply, { kind: 'into', progress: progress.value });
    });
  });

  // Start counting
  app.get(pathOf.start, pageOptions, async (request, reply) => {
    const progress = await getProgress(ctx, principalOf(request), electionIdOf(request));
    if (!progress.ok) return failurePage(request, reply, progress.failure);
    return startPage(request, reply, progress.value, []);
  });
  app.post(pathOf.start, routeOptions, async (request, reply) => {
    const id = electionIdOf(request);
    const principal = principalOf(request);
    const started = await startCounting(ctx, principal, id, originOf(request));
    if (started.ok) return reply.redirect(noticeHref(officialPaths.counting(id), 'gestart'), 303);
    if (started.failure.status === 403 || started.failure.status === 404) return failurePage(request, reply, started.failure);
    const progress = await getProgress(ctx, principal, id);
    if (!progress.ok) return failurePage(request, reply, progress.failure);
    return startPage(request, reply, progress.value, failureErrors(request.lang, started.failure, 'starten'), started.failure.status);
  });

  // Differences
  app.get(pathOf.differences, pageOptions, async (request, reply) => {
    const number = stationNumberOf(request);
    if (number === undefined) return sendErrorPage(reply, 404, 'notFound');
    const view = await getDifferences(ctx, principalOf(request), electionIdOf(request), number);
    if (!view.ok) return differencesFailure(request, reply, view.failure);
    return differencesPage(ctx, request, reply, view.value, { choice: '', errors: [], status: 200 });
  });

  app.post(pathOf.differences, routeOptions, async (request, reply) => {
    const lang = request.lang;
    const m = officialMessages(lang);
    const id = electionIdOf(request);
    const number = stationNumberOf(request);
    if (number === undefined) return sendErrorPage(reply, 404, 'notFound');
    const principal = principalOf(request);
    const found = await getDifferences(ctx, principal, id, number);
    if (!found.ok) return differencesFailure(request, reply, found.failure);
    const view = found.value;
    const body = formBody(request);
    const choice = str(body['keuze']);
    if (!(resolutions as readonly string[]).includes(choice))
      return differencesPage(ctx, request, reply, view, {
        choice: '',
        errors: [{ field: 'keuze', message: m.errorResolution }],
        status: 400,
      });
    const resolution = choice as Resolution;
    const done = (): FastifyReply =>
      reply.redirect(noticeHref(officialPaths.counting(id), resolutionWords[resolution], { stembureau: number }), 303);
    if (resolution !== 'correct') {
      const resolved = await resolveDifferences(ctx, principal, id, number, { resolution }, originOf(request));
      if (resolved.ok) return done();
      if (resolved.failure.status === 403 || resolved.failure.status === 404) return failurePage(request, reply, resolved.failure);
      return differencesPage(ctx, request, reply, view, {
        choice,
        errors: failureErrors(lang, resolved.failure, 'keuze'),
        status: resolved.failure.status,
      });
    }
    const empty = { errors: [], inline: new Map<string, string>(), warnings: [], confirmed: new Set<string>(), status: 200 };
    if (str(body['stap']) !== 'telling') {
      const values = valuesOfCount(view.first.count, new Set(view.differences.map((d) => d.field)));
      return correctionPage(request, reply, view, { ...empty, values });
    }
    const confirmed = new Set(strings(body['bevestig']));
    const read = readCountForm(body, view.election, lang);
    if (!read.count)
      return correctionPage(request, reply, view, {
        ...empty,
        values: read.values,
        errors: read.errors,
        inline: read.inline,
        confirmed,
        status: 400,
      });
    const resolved = await resolveDifferences(
      ctx,
      principal,
      id,
      number,
      { resolution, count: read.count, acceptedWarnings: [...confirmed] },
      originOf(request),
    );
    if (resolved.ok) return done();
    const refusal = saveRefusal(resolved.failure, read.count, view.election, view.station, lang);
    if (!refusal) return failurePage(request, reply, resolved.failure);
    return correctionPage(request, reply, view, { values: read.values, confirmed, ...refusal });
  });

  // Recount
  const recountView = async (
    request: FastifyRequest,
  ): Promise<{ ok: true; def: ElectionDefinition; station: StationProgress } | { ok: false; failure: Failure | undefined }> => {
    const number = stationNumberOf(request);
    if (number === undefined) return { ok: false, failure: undefined };
    const progress = await getProgress(ctx, principalOf(request), electionIdOf(request));
    if (!progress.ok) return { ok: false, failure: progress.failure };
    const st = progress.value.stations.find((s) => s.number === number);
    return st ? { ok: true, def: progress.value.election, station: st } : { ok: false, failure: undefined };
  };

  app.get(pathOf.recount, pageOptions, async (request, reply) => {
    const view = await recountView(request);
    if (!view.ok) return view.failure ? failurePage(request, reply, view.failure) : sendErrorPage(reply, 404, 'notFound');
    // Only an agreed station of a finalised election can be recounted (orderRecount decides again).
    if (view.def.status !== 'finalised' || view.station.status !== 'agreed')
      return refusalPage(request, reply, view.def.id, democracyFailureText('democracy.recount_not_possible', request.lang)?.detail ?? '');
    return recountPage(request, reply, view.def, view.station, { reason: '', confirmed: false, errors: [], status: 200 });
  });

  app.post(pathOf.recount, routeOptions, async (request, reply) => {
    const m = officialMessages(request.lang);
    const view = await recountView(request);
    if (!view.ok) return view.failure ? failurePage(request, reply, view.failure) : sendErrorPage(reply, 404, 'notFound');
    const body = formBody(request);
    const reason = str(body['reden']).slice(0, 2100);
    const confirmed = str(body['bevestig']) === 'ja';
    const errors: FieldError[] = [];
    if (reason.trim() === '' || reason.trim().length > 2000) errors.push({ field: 'reden', message: m.errorReason });
    if (!confirmed) errors.push({ field: 'bevestig', message: m.errorRecountConfirm });
    const state = { reason, confirmed, errors, status: 400 };
    if (errors.length > 0) return recountPage(request, reply, view.def, view.station, state);
    const ordered = await orderRecount(
      ctx,
      principalOf(request),
      view.def.id,
      view.station.number,
      { reason: reason.trim() },
      originOf(request),
    );
    if (ordered.ok)
      return reply.redirect(noticeHref(officialPaths.counting(view.def.id), 'hertelling', { stembureau: view.station.number }), 303);
    if (ordered.failure.status === 403 || ordered.failure.status === 404) return failurePage(request, reply, ordered.failure);
    return recountPage(request, reply, view.def, view.station, {
      ...state,
      errors: failureErrors(request.lang, ordered.failure, 'reden'),
      status: ordered.failure.status,
    });
  });

  // Finalise
  app.get(pathOf.finalise, pageOptions, async (request, reply) => {
    const result = await getProvisionalResult(ctx, principalOf(request), electionIdOf(request));
    if (!result.ok) return finaliseFailure(request, reply, result.failure);
    const confirm = str(queryOf(request)['bevestigen']) === 'ja' && result.value.election.status === 'counting';
    return finalisePage(ctx, request, reply, result.value, { errors: [], status: 200, confirm });
  });

  app.post(pathOf.finalise, routeOptions, async (request, reply) => {
    const lang = request.lang;
    const m = officialMessages(lang);
    const id = electionIdOf(request);
    const principal = principalOf(request);
    const body = formBody(request);
    const current = await getProvisionalResult(ctx, principal, id);
    if (!current.ok) return finaliseFailure(request, reply, current.failure);
    if (str(body['actie']) === 'loting') {
      const lot = pendingLotOf(current.value, lang);
      const choice = lot?.options.find((o) => String(o.value) === str(body['geloot']));
      if (!lot || !choice)
        return finalisePage(ctx, request, reply, current.value, {
          errors: [{ field: 'geloot', message: m.errorLot }],
          status: 400,
          confirm: false,
        });
      const recorded = await recordLot(ctx, principal, id, { kind: lot.kind, drawn: lot.drawn(choice.value) }, originOf(request));
      if (recorded.ok) return reply.redirect(noticeHref(officialPaths.finalise(id), 'geloot'), 303);
      if (recorded.failure.status === 403 || recorded.failure.status === 404) return failurePage(request, reply, recorded.failure);
      return finalisePage(ctx, request, reply, current.value, {
        errors: failureErrors(lang, recorded.failure, 'geloot'),
        status: recorded.failure.status,
        confirm: false,
      });
    }
    const finalised = await finalise(ctx, principal, id, originOf(request));
    if (finalised.ok)
      return reply.redirect(noticeHref(officialPaths.counting(id), 'vastgesteld', { versie: finalised.value.version ?? '' }), 303);
    if (finalised.failure.status === 403 || finalised.failure.status === 404) return failurePage(request, reply, finalised.failure);
    return finalisePage(ctx, request, reply, current.value, {
      errors: failureErrors(lang, finalised.failure, 'vaststellen'),
      status: finalised.failure.status,
      confirm: false,
    });
  });
}

/** A station without differences to resolve (agreed, not entered) gets a refusal page; not found and no access their page. */
function differencesFailure(request: FastifyRequest, reply: FastifyReply, failure: Failure): Promise<FastifyReply> {
  if (failure.status === 409) {
    const m = officialMessages(request.lang);
    return reply.page({
      title: m.refusedTitle,
      status: 409,
      body: (
        <>
          <PageTitle text={m.refusedTitle} />
          <Paragraph text={refusalText(request.lang, failure)} />
          <LinkParagraph href={officialPaths.counting(electionIdOf(request))} text={m.backToCounting} />
        </>
      ),
    });
  }
  return failurePage(request, reply, failure);
}

/** The provisional result cannot be computed (e.g. already finalised): a refusal page with the way back. */
function finaliseFailure(request: FastifyRequest, reply: FastifyReply, failure: Failure): Promise<FastifyReply> {
  return differencesFailure(request, reply, failure);
}
