// The JSON API and the pages of feedback and requests, through HTTP (inject) on the composed app:
// every route with its 401/403/404, problem+json on the API, the Dutch error summary and CSRF on
// the pages, and no BSN or KVK number in any answer an organisation or the public gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginIdentity } from '../../../platform/auth/index.ts';
import { createTestApp, type TestApp } from '../../../platform/testing/app.ts';
import type { Service } from '../model.ts';
import { FeedbackSummaryBlock, feedbackConfirmed } from './pages.tsx';
import { addServices, businessIdentity, officialIdentity, paspoortUri, personIdentity, rijbewijsUri, rowCounts } from './test-fixtures.ts';

let t: TestApp;
let published: Service;
let draft: Service;
let utrecht: Service;
const cookies: Record<string, string> = {};
const identities: Record<string, LoginIdentity> = {
  alice: personIdentity('999993653'),
  bob: personIdentity('111222333'),
  acme: businessIdentity('12345678'),
  designer: officialIdentity('GM0363', ['service_designer']),
  quality: officialIdentity('GM0363', ['quality_manager']),
  caseHandler: officialIdentity('GM0363', ['case_handler']),
  utrechtDesigner: officialIdentity('GM0344', ['service_designer']),
};
const secretNumbers = ['999993653', '111222333', '12345678'];

beforeAll(async () => {
  t = await createTestApp({ clock: '2026-11-29T10:00:00Z' });
  if (!t.routes.some((r) => r.url === '/api/v1/service-requests')) {
    throw new Error('registerFeedbackRoutes and registerFeedbackPages are not wired into src/modules/catalog/index.ts');
  }
  [published, draft, utrecht] = (await addServices(t.ctx, [
    { organisationCode: 'GM0363', uplUri: paspoortUri, status: 'published' },
    { organisationCode: 'GM0363', uplUri: rijbewijsUri, status: 'draft' },
    { organisationCode: 'GM0344', uplUri: paspoortUri, status: 'published' },
  ])) as [Service, Service, Service];
  for (const [name, identity] of Object.entries(identities)) cookies[name] = await t.loginAs(identity);
});
afterAll(() => t.close());

const feedbackUrl = (s: Service, code = s.organisationCode) => `/api/v1/organisations/${code}/services/${s.id}/feedback`;

async function api(method: 'GET' | 'POST', url: string, who: string | null, body?: unknown) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (who) headers['cookie'] = cookies[who] ?? '';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await t.request({ method, url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
  return {
    status: res.statusCode,
    type: res.headers['content-type'],
    body: res.body,
    json: <T = Record<string, unknown>>() => res.json<T>(),
    headers: res.headers,
  };
}

function expectProblem(res: { status: number; type: unknown; json: () => Record<string, unknown> }, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(String(res.type)).toMatch(/^application\/problem\+json/);
  if (code) expect(res.json()['code']).toBe(code);
}

/** A page with a form: its CSRF token and the cookie that goes with it. */
async function form(url: string, who: string): Promise<{ cookie: string; token: string; body: string; status: number }> {
  const res = await t.request({ url, headers: { cookie: cookies[who] ?? '' } });
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '');
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
  return { cookie: [cookies[who] ?? '', ...set].filter(Boolean).join('; '), token, body: res.body, status: res.statusCode };
}

function post(url: string, f: { cookie: string; token: string }, fields: Record<string, string>) {
  return t.request({
    method: 'POST',
    url,
    headers: { cookie: f.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: f.token, ...fields }).toString(),
  });
}

describe('POST /api/v1/organisations/{code}/services/{id}/feedback', () => {
  it('401 without login, 403 for officials, 415 for a form body; all problem+json', async () => {
    expectProblem(await api('POST', feedbackUrl(published), null, { rating: 5 }), 401, 'auth.login_required');
    expectProblem(await api('POST', feedbackUrl(published), 'designer', { rating: 5 }), 403, 'auth.forbidden');
    const form = await t.request({
      method: 'POST',
      url: feedbackUrl(published),
      headers: { cookie: cookies['alice'] ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'rating=5',
    });
    expect(form.statusCode).toBe(415);
  });

  it('201 with the stored item; 409 a second time today; 409 on a draft; 404 unknown; 400 bad input', async () => {
    const created = await api('POST', feedbackUrl(published, 'gm0363'), 'alice', { rating: 4, text: 'Vlot geholpen.' });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({
      organisationCode: 'GM0363',
      serviceId: published.id,
      rating: 4,
      text: 'Vlot geholpen.',
      givenOn: '2026-11-29',
      giverKind: 'person',
      answer: null,
    });
    expectProblem(await api('POST', feedbackUrl(published), 'alice', { rating: 1 }), 409, 'catalog.feedback_already_given_today');
    expectProblem(await api('POST', feedbackUrl(draft), 'alice', { rating: 1 }), 409, 'catalog.service_not_published');
    expectProblem(
      await api('POST', `/api/v1/organisations/GM0363/services/${utrecht.id}/feedback`, 'alice', { rating: 1 }),
      404,
      'catalog.service_not_found',
    );
    expectProblem(await api('POST', '/api/v1/organisations/GM0363/services/not-a-uuid/feedback', 'alice', { rating: 1 }), 400);
    const bad = await api('POST', feedbackUrl(utrecht), 'alice', { rating: '5', text: 7 });
    expectProblem(bad, 400, 'catalog.invalid_input');
    expect(bad.json<{ invalidParams: { name: string; code: string }[] }>().invalidParams).toEqual([
      expect.objectContaining({ name: 'body.rating', code: 'catalog.invalid_rating' }),
      expect.objectContaining({ name: 'body.text', code: 'catalog.invalid_value' }),
    ]);
    expectProblem(await api('POST', feedbackUrl(utrecht), 'alice', [1, 2]), 400, 'catalog.invalid_body');
    expect((await api('POST', feedbackUrl(published), 'acme', { rating: 2 })).status).toBe(201);
  });
});

describe('GET /api/v1/organisations/{code}/services/{id}/feedback', () => {
  it('gives everyone the summary; the public no items', async () => {
    const res = await api('GET', feedbackUrl(published), null);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      view: 'public',
      items: [],
      summary: { count: 2, averageRating: 3, ratingCounts: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 0 }, answered: 0, answeredShare: 0 },
      _links: { self: { href: `${feedbackUrl(published)}?limit=20&offset=0` } },
    });
  });

  it('gives an answerer of the organisation every item, a citizen their own, others of another organisation the summary', async () => {
    const org = await api('GET', `${feedbackUrl(published)}?limit=1`, 'designer');
    expect(org.json()).toMatchObject({
      view: 'organisation',
      total: 2,
      items: [{ rating: 2, giverKind: 'business' }],
      _links: { next: {} },
    });
    const own = await api('GET', feedbackUrl(published), 'alice');
    expect(own.json()).toMatchObject({ view: 'own', total: 1, items: [{ rating: 4, text: 'Vlot geholpen.' }] });
    expect((await api('GET', feedbackUrl(published), 'utrechtDesigner')).json()).toMatchObject({ view: 'public', items: [] });
    for (const who of ['designer', 'alice', 'acme', null]) {
      const body = (await api('GET', feedbackUrl(published), who)).body;
      for (const n of secretNumbers) expect(body).not.toContain(n);
    }
  });

  it('404 for unknown and (for the public) draft services; 400 for a bad page', async () => {
    expectProblem(await api('GET', `/api/v1/organisations/GM0344/services/${published.id}/feedback`, null), 404);
    expectProblem(await api('GET', feedbackUrl(draft), 'alice'), 404, 'catalog.service_not_found');
    expect((await api('GET', feedbackUrl(draft), 'designer')).status).toBe(200);
    expectProblem(await api('GET', `${feedbackUrl(published)}?limit=0`, null), 400, 'http.invalid_input');
    expectProblem(await api('GET', '/api/v1/organisations/G M/services/x/feedback', null), 400);
  });
});

describe('POST …/feedback/{feedbackId}/answer', () => {
  let feedbackId = '';
  beforeAll(async () => {
    feedbackId =
      (await api('GET', feedbackUrl(published), 'designer'))
        .json<{ items: { id: string; rating: number }[] }>()
        .items.find((i) => i.rating === 4)?.id ?? '';
  });
  const url = () => `${feedbackUrl(published)}/${feedbackId}/answer`;

  it('401 without login, 403 for citizens and other roles, 404 for another organisation as for an unknown id', async () => {
    expectProblem(await api('POST', url(), null, { text: 'x' }), 401);
    expectProblem(await api('POST', url(), 'alice', { text: 'x' }), 403);
    expectProblem(await api('POST', url(), 'caseHandler', { text: 'x' }), 403);
    const other = await api('POST', url(), 'utrechtDesigner', { text: 'x' });
    const unknown = await api('POST', `${feedbackUrl(published)}/${draft.id}/answer`, 'designer', { text: 'x' });
    expectProblem(other, 404, 'catalog.feedback_not_found');
    expectProblem(unknown, 404, 'catalog.feedback_not_found');
    expect(other.json()['detail']).toBe(unknown.json()['detail']);
    expectProblem(await api('POST', url(), 'designer', { text: '' }), 400, 'catalog.required');
  });

  it('200 with the answer once, 409 the second time; the giver sees it', async () => {
    const res = await api('POST', url(), 'quality', { text: 'Dank voor uw reactie.' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ id: feedbackId, answer: { text: 'Dank voor uw reactie.' } });
    expectProblem(await api('POST', url(), 'designer', { text: 'Nog eens' }), 409, 'catalog.feedback_already_answered');
    expect((await api('GET', feedbackUrl(published), 'alice')).json()).toMatchObject({
      items: [{ answer: { text: 'Dank voor uw reactie.' } }],
    });
    expect((await api('GET', feedbackUrl(published), null)).json()).toMatchObject({ summary: { answered: 1, answeredShare: 0.5 } });
  });
});

describe('/api/v1/service-requests', () => {
  let amsterdam = '';
  let anyone = '';

  it('POST: 401, 403 for officials, 400 per field, 201 with Location', async () => {
    const body = { organisationCode: 'GM0363', title: 'Parkeervergunning per app', audience: 'citizen' };
    expectProblem(await api('POST', '/api/v1/service-requests', null, body), 401);
    expectProblem(await api('POST', '/api/v1/service-requests', 'designer', body), 403);
    const bad = await api('POST', '/api/v1/service-requests', 'alice', { title: 'ab', audience: 'x', organisationCode: 'GM9999' });
    expectProblem(bad, 400, 'catalog.invalid_input');
    expect(
      bad
        .json<{ invalidParams: { name: string }[] }>()
        .invalidParams.map((p) => p.name)
        .sort(),
    ).toEqual(['body.audience', 'body.title']);
    expectProblem(
      await api('POST', '/api/v1/service-requests', 'alice', { ...body, organisationCode: 'GM9999' }),
      400,
      'catalog.unknown_organisation',
    );
    const created = await api('POST', '/api/v1/service-requests', 'alice', body);
    expect(created.status).toBe(201);
    amsterdam = created.json<{ id: string }>().id;
    expect(created.headers['location']).toBe(`/api/v1/service-requests/${amsterdam}`);
    expect(created.json()).toMatchObject({
      organisationCode: 'GM0363',
      organisationName: 'Amsterdam',
      status: 'open',
      supportCount: 1,
      _links: { self: { href: `/api/v1/service-requests/${amsterdam}` } },
    });
    const second = await api('POST', '/api/v1/service-requests', 'acme', { title: 'Alle vergunningen op één plek', audience: 'business' });
    expect(second.status).toBe(201);
    anyone = second.json<{ id: string }>().id;
  });

  it('POST /{id}/support: 401, 403 for officials, 404 unknown, counted once', async () => {
    const url = `/api/v1/service-requests/${amsterdam}/support`;
    expectProblem(await api('POST', url, null), 401);
    expectProblem(await api('POST', url, 'designer'), 403);
    expectProblem(await api('POST', `/api/v1/service-requests/${published.id}/support`, 'bob'), 404, 'catalog.service_request_not_found');
    expect((await api('POST', url, 'bob')).json()).toEqual({ supportCount: 2, counted: true });
    expect((await api('POST', url, 'bob', {})).json()).toEqual({ supportCount: 2, counted: false });
    expect((await api('POST', url, 'alice')).json()).toEqual({ supportCount: 2, counted: false });
  });

  it('GET: public list, newest or most supported first, per organisation; 400 on a bad query', async () => {
    const newest = await api('GET', '/api/v1/service-requests', null);
    expect(newest.json<{ items: { id: string }[]; total: number }>().items.map((i) => i.id)).toEqual([anyone, amsterdam]);
    const support = await api('GET', '/api/v1/service-requests?sort=support&limit=1', null);
    expect(support.json()).toMatchObject({
      total: 2,
      items: [{ id: amsterdam, supportCount: 2 }],
      _links: { next: { href: '/api/v1/service-requests?sort=support&limit=1&offset=1' } },
    });
    expect((await api('GET', '/api/v1/service-requests?organisation=gm0363', null)).json()).toMatchObject({
      total: 1,
      items: [{ id: amsterdam }],
    });
    expectProblem(await api('GET', '/api/v1/service-requests?sort=popular', null), 400, 'http.invalid_input');
    expectProblem(await api('GET', '/api/v1/service-requests?limit=101', null), 400);
    for (const n of secretNumbers) expect(newest.body).not.toContain(n);
  });

  it('GET /{id}: 200 with yours/supportedByYou, 404 unknown, 400 malformed', async () => {
    expect((await api('GET', `/api/v1/service-requests/${amsterdam}`, 'bob')).json()).toMatchObject({
      id: amsterdam,
      yours: false,
      supportedByYou: true,
    });
    expect((await api('GET', `/api/v1/service-requests/${amsterdam}`, null)).json()).toMatchObject({ yours: false, supportedByYou: false });
    expectProblem(await api('GET', `/api/v1/service-requests/${published.id}`, null), 404, 'catalog.service_request_not_found');
    expectProblem(await api('GET', '/api/v1/service-requests/123', null), 400);
  });

  it('POST /{id}/answer: 401, 403, 404 for another organisation and "any government", 409 for a wrong step, 200', async () => {
    const url = `/api/v1/service-requests/${amsterdam}/answer`;
    const body = { status: 'under_consideration', text: 'We bekijken het.' };
    expectProblem(await api('POST', url, null, body), 401);
    expectProblem(await api('POST', url, 'alice', body), 403);
    expectProblem(await api('POST', url, 'caseHandler', body), 403);
    expectProblem(await api('POST', url, 'utrechtDesigner', body), 404, 'catalog.service_request_not_found');
    expectProblem(
      await api('POST', `/api/v1/service-requests/${anyone}/answer`, 'designer', body),
      404,
      'catalog.service_request_not_found',
    );
    expectProblem(
      await api('POST', url, 'designer', { status: 'realised', text: 'Klaar.' }),
      409,
      'catalog.request_status_transition_invalid',
    );
    expectProblem(await api('POST', url, 'designer', { status: 'under_consideration' }), 400, 'catalog.required');
    const ok = await api('POST', url, 'designer', body);
    expect(ok.status).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'under_consideration', answer: { text: 'We bekijken het.' } });
    expect((await api('GET', `/api/v1/service-requests/${amsterdam}`, null)).json()).toMatchObject({
      answer: { text: 'We bekijken het.' },
    });
  });
});

describe('pages', () => {
  it('/diensten/wensen: the list for everyone, a login link for visitors, the form with a CSRF token for citizens', async () => {
    const anon = await t.request('/diensten/wensen');
    expect(anon.statusCode).toBe(200);
    expect(anon.body).toContain('<title>Wensen voor nieuwe diensten | Loket</title>');
    expect(anon.body).toContain('Parkeervergunning per app');
    expect(anon.body).toContain('href="/inloggen?terug=%2Fdiensten%2Fwensen"');
    expect(anon.body).not.toContain('name="titel"');
    const f = await form('/diensten/wensen', 'alice');
    expect(f.body).toContain('<form method="post" action="/diensten/wensen"');
    expect(f.token).not.toBe('');
    expect((await t.request({ url: '/diensten/wensen', headers: { cookie: cookies['designer'] ?? '' } })).body).toContain(
      'Wensen indienen en steunen kunnen alleen inwoners en ondernemers.',
    );
    const sorted = await t.request('/diensten/wensen?sortering=steun&organisatie=GM0363');
    expect(sorted.statusCode).toBe(200);
    expect(sorted.body).not.toContain('Alle vergunningen op één plek');
    const bad = await t.request('/diensten/wensen?sortering=raar&pagina=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#sortering"');
  });

  it('posting a bad new request shows the Dutch error summary and keeps the input; a good one redirects to the request', async () => {
    const before = await rowCounts(t.database);
    let f = await form('/diensten/wensen', 'acme');
    const bad = await post('/diensten/wensen', f, { titel: 'ab', omschrijving: '<script>x</script>', organisatie: '', doelgroep: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Er is een probleem');
    expect(bad.body).toContain('<title>Fout: Wensen voor nieuwe diensten | Loket</title>');
    expect(bad.body).toContain('<a class="utrecht-link loket-error-summary__link" href="#titel">Vul een titel in van 3 tot 200 tekens</a>');
    expect(bad.body).toContain('href="#doelgroep"');
    expect(bad.body).toContain('&lt;script>x&lt;/script></textarea>');
    expect(bad.body).not.toContain('<script>x');
    expect(await rowCounts(t.database)).toEqual(before);
    const noCsrf = await post(
      '/diensten/wensen',
      { cookie: cookies['acme'] ?? '', token: '' },
      { titel: 'Goede titel', doelgroep: 'both' },
    );
    expect(noCsrf.statusCode).toBe(403);
    f = await form('/diensten/wensen', 'acme');
    const good = await post('/diensten/wensen', f, {
      titel: 'Subsidie in één keer',
      omschrijving: 'Eén formulier.',
      organisatie: 'GM0344',
      doelgroep: 'both',
    });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toMatch(/^\/diensten\/wensen\/[0-9a-f-]{36}\?nieuw=1$/);
    const page = await t.request({ url: String(good.headers.location), headers: { cookie: cookies['acme'] ?? '' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Uw wens is ingediend.');
    expect(page.body).toContain('Dit is uw eigen wens; uw steun telt al mee.');
    expect(page.body).toContain('Utrecht');
  });

  it('/diensten/wensen/{id}: a support button for others, then a thank-you; 404 for unknown ids', async () => {
    const list = await api('GET', '/api/v1/service-requests?organisation=GM0344', null);
    const id = list.json<{ items: { id: string }[] }>().items[0]?.id ?? '';
    const f = await form(`/diensten/wensen/${id}`, 'bob');
    expect(f.body).toContain(`action="/diensten/wensen/${id}/steunen"`);
    const res = await post(`/diensten/wensen/${id}/steunen`, f, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/diensten/wensen/${id}?gesteund=1`);
    const after = await t.request({ url: String(res.headers.location), headers: { cookie: cookies['bob'] ?? '' } });
    expect(after.body).toContain('Bedankt voor uw steun.');
    expect(after.body).toContain('U steunt deze wens.');
    expect((await api('GET', `/api/v1/service-requests/${id}`, null)).json()).toMatchObject({ supportCount: 2 });
    expect((await t.request(`/diensten/wensen/${published.id}`)).statusCode).toBe(404);
    expect((await t.request('/diensten/wensen/niet-een-id')).statusCode).toBe(404);
  });

  it('/diensten/{org}/{id}/feedback: a login link for visitors, the form for citizens, then back to the service page', async () => {
    const path = `/diensten/GM0344/${utrecht.id}/feedback`;
    const anon = await t.request(path);
    expect(anon.statusCode).toBe(200);
    expect(anon.body).toContain(`href="/inloggen?terug=${encodeURIComponent(path)}"`);
    expect(anon.body).not.toContain('name="waardering"');
    expect((await t.request(`/diensten/GM0363/${draft.id}/feedback`)).statusCode).toBe(404);

    const before = await rowCounts(t.database);
    let f = await form(path, 'bob');
    expect(f.body).toContain('<title>Uw mening over Paspoort | Loket</title>');
    const bad = await post(path, f, { waardering: '9', toelichting: 'x'.repeat(2001) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#waardering">Kies een waardering van 1 tot 5</a>');
    expect(bad.body).toContain('href="#toelichting">Uw toelichting is te lang: hoogstens 2.000 tekens</a>');
    expect(await rowCounts(t.database)).toEqual(before);

    f = await form(path, 'bob');
    const good = await post(path, f, { waardering: '5', toelichting: 'Prima.' });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe(`/diensten/GM0344/${utrecht.id}?feedback=bedankt`);
    f = await form(path, 'bob');
    expect(f.body).toContain('Uw eerdere reacties');
    expect(f.body).toContain('Prima.');
    const again = await post(path, f, { waardering: '4' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('U hebt vandaag al uw mening gegeven over deze dienst.');
    const official = await t.request({ url: path, headers: { cookie: cookies['designer'] ?? '' } });
    expect(official.body).toContain('Alleen inwoners en ondernemers kunnen hun mening geven over een dienst.');
  });

  it('/beheer/feedback: for answerers of the organisation only, with answer forms that work', async () => {
    expect((await t.request('/beheer/feedback')).statusCode).toBe(401);
    expect((await t.request({ url: '/beheer/feedback', headers: { cookie: cookies['alice'] ?? '' } })).statusCode).toBe(403);
    expect((await t.request({ url: '/beheer/feedback', headers: { cookie: cookies['caseHandler'] ?? '' } })).statusCode).toBe(403);

    const f = await form('/beheer/feedback', 'utrechtDesigner');
    expect(f.status).toBe(200);
    expect(f.body).toContain('Prima.');
    expect(f.body).toContain('Subsidie in één keer');
    expect(f.body).not.toContain('Vlot geholpen.'); // Amsterdam's feedback
    for (const n of secretNumbers) expect(f.body).not.toContain(n);
    const feedbackId = /action="\/beheer\/feedback\/meningen\/([0-9a-f-]{36})\/antwoord"/.exec(f.body)?.[1] ?? '';
    const requestId = /action="\/beheer\/feedback\/wensen\/([0-9a-f-]{36})\/antwoord"/.exec(f.body)?.[1] ?? '';

    const empty = await post(`/beheer/feedback/meningen/${feedbackId}/antwoord`, f, { antwoord: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(`href="#antwoord-${feedbackId}">Vul uw antwoord in: hoogstens 4.000 tekens</a>`);
    const answered = await post(`/beheer/feedback/meningen/${feedbackId}/antwoord`, f, { antwoord: 'Fijn om te horen.' });
    expect(answered.statusCode).toBe(303);
    expect(answered.headers.location).toBe(`/beheer/feedback?opgeslagen=1#mening-${feedbackId}`);

    const wrong = await post(`/beheer/feedback/wensen/${requestId}/antwoord`, f, { status: 'realised', antwoord: 'Klaar.' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.body).toContain(`href="#status-${requestId}">Kies een status uit de lijst</a>`);
    const step = await post(`/beheer/feedback/wensen/${requestId}/antwoord`, f, {
      status: 'under_consideration',
      antwoord: 'We kijken ernaar.',
    });
    expect(step.statusCode).toBe(303);
    const other = await form('/beheer/feedback', 'designer');
    const foreign = await post(`/beheer/feedback/wensen/${requestId}/antwoord`, other, { status: 'planned', antwoord: 'Niet van ons.' });
    expect(foreign.statusCode).toBe(404);
    const page = await t.request({ url: '/beheer/feedback?opgeslagen=1', headers: { cookie: cookies['utrechtDesigner'] ?? '' } });
    expect(page.body).toContain('Uw antwoord is opgeslagen.');
    expect(page.body).toContain('Fijn om te horen.');
    expect((await t.request(`/diensten/wensen/${requestId}`)).body).toContain('We kijken ernaar.');
  });

  it('speaks English when chosen', async () => {
    const res = await t.request({ url: '/diensten/wensen', headers: { cookie: 'lang=en' } });
    expect(res.body).toContain('<title>Wishes for new services | Loket</title>');
  });
});

describe('FeedbackSummaryBlock', () => {
  const summary = { count: 3, averageRating: 3.7, ratingCounts: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 }, answered: 1, answeredShare: 0.33 };

  it('shows the average, the count per rating, the answered share and a link to give feedback', async () => {
    const html = await FeedbackSummaryBlock({ summary, organisationCode: 'GM0363', serviceId: 'abc', lang: 'nl', loggedIn: true });
    expect(html).toContain('Gemiddeld 3,7 van 5, uit 3 reacties.');
    expect(html).toContain('De organisatie heeft op 33% van de reacties geantwoord.');
    expect(html).toContain('href="/diensten/GM0363/abc/feedback"');
    expect(html).not.toContain('Bedankt voor uw mening');
    const en = await FeedbackSummaryBlock({
      summary,
      organisationCode: 'GM0363',
      serviceId: 'abc',
      lang: 'en',
      loggedIn: false,
      confirmed: true,
    });
    expect(en).toContain('On average 3.7 out of 5, from 3 opinions.');
    expect(en).toContain('href="/inloggen?terug=%2Fdiensten%2FGM0363%2Fabc%2Ffeedback"');
    expect(en).toContain('Thank you for your opinion.');
  });

  it('says so when there is no feedback yet', async () => {
    const html = await FeedbackSummaryBlock({
      summary: { count: 0, averageRating: null, ratingCounts: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, answered: 0, answeredShare: null },
      organisationCode: 'GM0363',
      serviceId: 'abc',
      lang: 'nl',
      loggedIn: false,
    });
    expect(html).toContain('Nog niemand heeft zijn mening gegeven over deze dienst.');
    expect(html).not.toContain('<table');
  });

  it('feedbackConfirmed reads the query the feedback page redirects with', () => {
    expect(feedbackConfirmed({ feedback: 'bedankt' })).toBe(true);
    expect(feedbackConfirmed({ feedback: 'x' })).toBe(false);
    expect(feedbackConfirmed(undefined)).toBe(false);
  });
});
