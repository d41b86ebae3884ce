import { describe, expect, it } from 'vitest';
import { loadServiceConfig, parseServiceConfig } from '../../shared/config/service-config.js';
import { queuedKindOf, StaffAlertMessage } from '../../shared/messages/queued-message.js';
import { consoleTodoUrl } from '../../shared/messages/send-staff-alert.js';

// The staff alert's queue message and console link (docs/messages.md). Hazard H5: the email
// points at the to-do; H4: the queue holds no personal data.

const demo = loadServiceConfig('infra/services/demo.json');
const todoId = '5d0c8f0e-1a2b-5c3d-8e4f-0123456789ab';

describe('the staff alert message', () => {
  it('is a kind of its own on the notify queue', () => {
    expect(queuedKindOf({ kind: 'staff-alert', todoId })).toBe('staff-alert');
    expect(StaffAlertMessage.parse({ kind: 'staff-alert', todoId })).toEqual({ kind: 'staff-alert', todoId });
  });

  it('carries the to-do id and nothing else, so nothing about the patient is queued', () => {
    for (const extra of [{ patientName: 'Jo Bloggs' }, { riskItemValue: 3 }, { to: 'duty@example.com' }])
      expect(StaffAlertMessage.safeParse({ kind: 'staff-alert', todoId, ...extra }).success).toBe(false);
    expect(StaffAlertMessage.safeParse({ kind: 'staff-alert', todoId: '' }).success).toBe(false);
  });
});

describe('consoleTodoUrl', () => {
  it('links to the to-do’s card on the console’s to-do list', () => {
    const service = parseServiceConfig({ ...demo, portalUrl: 'https://portal.north.example' }, 'north.json');
    expect(consoleTodoUrl(service, todoId)).toBe(`https://portal.north.example/staff/todos#todo-${todoId}`);
  });

  it('uses an address that plainly cannot work when the service has no portal address yet', () => {
    const { portalUrl: _, ...withoutUrl } = demo;
    const service = parseServiceConfig(withoutUrl, 'demo.json');
    expect(consoleTodoUrl(service, todoId)).toBe(
      `https://${service.id}.therapy-portal.invalid/staff/todos#todo-${todoId}`,
    );
  });
});
