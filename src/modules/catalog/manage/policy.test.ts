// Who may manage service descriptions, and the status state machine (pure).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roles, type Principal, type Role } from '../../../platform/auth/model.ts';
import { serviceStatuses, type ServiceStatus } from '../model.ts';
import {
  allowedActions,
  decideManageAccess,
  designerRoles,
  mustStayComplete,
  serviceActions,
  transition,
  type ServiceAction,
} from './policy.ts';

const official = (organisationCode: string, r: readonly Role[]): Principal => ({
  kind: 'official',
  officialId: 'o',
  organisationCode,
  roles: r,
  sessionId: 's',
  loa: 'substantial',
  name: 'A',
});

describe('decideManageAccess', () => {
  it('lets a service designer manage the services of their own organisation only', () => {
    expect(decideManageAccess(official('GM0363', ['service_designer']), 'GM0363')).toEqual({ allow: true });
    expect(decideManageAccess(official('GM0363', ['case_handler', 'service_designer']), 'GM0363')).toEqual({ allow: true });
    expect(decideManageAccess(official('GM0363', ['service_designer']), 'GM0599')).toEqual({ allow: false, reason: 'other_organisation' });
  });

  it('refuses every other role, citizens, businesses and nobody', () => {
    for (const role of roles.filter((r) => r !== 'service_designer'))
      expect(decideManageAccess(official('GM0363', [role]), 'GM0363'), role).toEqual({ allow: false, reason: 'role_not_allowed' });
    expect(decideManageAccess(official('GM0363', []), 'GM0363')).toEqual({ allow: false, reason: 'role_not_allowed' });
    expect(decideManageAccess({ kind: 'person', bsn: '999993653', sessionId: 's', loa: 'high', name: 'P' }, 'GM0363')).toEqual({
      allow: false,
      reason: 'role_not_allowed',
    });
    expect(
      decideManageAccess({ kind: 'business', kvkNumber: '12345678', actingBsn: null, sessionId: 's', loa: 'high', name: 'B' }, 'GM0363'),
    ).toEqual({ allow: false, reason: 'role_not_allowed' });
    expect(decideManageAccess({ kind: 'anonymous' }, 'GM0363')).toEqual({ allow: false, reason: 'not_logged_in' });
    expect(designerRoles).toEqual(['service_designer']);
  });

  it('allows exactly when the principal is a designer of that organisation (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GM0363', 'GM0599', 'MIN-BZK'),
        fc.constantFrom('GM0363', 'GM0599', 'MIN-BZK'),
        fc.subarray([...roles]),
        (own, target, held) => {
          const allowed = decideManageAccess(official(own, held), target).allow;
          expect(allowed).toBe(own === target && held.includes('service_designer'));
        },
      ),
    );
  });
});

describe('the status state machine', () => {
  it('has exactly these transitions: draft → published → retired → draft', () => {
    const table = serviceStatuses.flatMap((from) =>
      serviceActions.flatMap((action) => {
        const t = transition(from, action);
        return t.ok ? [`${from} -${action}→ ${t.to}`] : [];
      }),
    );
    expect(table).toEqual(['draft -publish→ published', 'published -retire→ retired', 'retired -reopen→ draft']);
  });

  it('refuses every other step with catalog.invalid_transition, naming status and action', () => {
    expect(transition('draft', 'retire')).toEqual({ ok: false, code: 'catalog.invalid_transition', from: 'draft', action: 'retire' });
    expect(transition('published', 'publish')).toEqual({
      ok: false,
      code: 'catalog.invalid_transition',
      from: 'published',
      action: 'publish',
    });
    expect(transition('retired', 'publish')).toEqual({ ok: false, code: 'catalog.invalid_transition', from: 'retired', action: 'publish' });
    expect(transition('draft', 'reopen').ok).toBe(false);
  });

  it('offers in each status exactly the actions that succeed', () => {
    expect(allowedActions('draft')).toEqual(['publish']);
    expect(allowedActions('published')).toEqual(['retire']);
    expect(allowedActions('retired')).toEqual(['reopen']);
    for (const s of serviceStatuses)
      for (const a of serviceActions) expect(transition(s, a).ok, `${s} ${a}`).toBe(allowedActions(s).includes(a));
  });

  it('keeps any sequence of actions inside the known statuses, one step at a time (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<ServiceAction>(...serviceActions), { maxLength: 30 }), (actions) => {
        let status: ServiceStatus = 'draft';
        let published = 0;
        for (const a of actions) {
          const t = transition(status, a);
          if (!t.ok) continue;
          expect(t.from).toBe(status);
          if (t.to === 'published') published += 1;
          status = t.to;
        }
        expect(serviceStatuses).toContain(status);
        // Published again only after retire and reopen: never twice in a row.
        expect(published).toBeLessThanOrEqual(Math.ceil(actions.length / 3) + 1);
      }),
    );
  });

  it('requires completeness only of published services', () => {
    expect(mustStayComplete('published')).toBe(true);
    expect(mustStayComplete('draft')).toBe(false);
    expect(mustStayComplete('retired')).toBe(false);
  });
});
