import type { StaffRole } from '../shared/domain/staff.js';
import type { LocalStaffUser } from './oidc-provider.js';

// The local provider's staff: one per role. The clinician is Alex Morgan, whom
// infra/services/demo.json links (staffEmail) to the clinician `alex-morgan`.

export const localStaff: Readonly<Record<StaffRole, { sub: string; email: string; name: string }>> = {
  admin: { sub: 'local-admin', email: 'jordan.lee@example.com', name: 'Jordan Lee' },
  clinician: { sub: 'local-clinician', email: 'alex.morgan@example.com', name: 'Alex Morgan' },
  scheduler: { sub: 'local-scheduler', email: 'casey.brown@example.com', name: 'Casey Brown' },
};

export const localStaffUsers = (passwords: Readonly<Record<StaffRole, string>>): LocalStaffUser[] =>
  (Object.keys(localStaff) as StaffRole[]).map((role) => ({
    ...localStaff[role],
    password: passwords[role],
    groups: [role],
  }));
