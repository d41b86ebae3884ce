import { describe, expect, it } from 'vitest';
import { keyIdOf } from '../../shared/data/integration-keys.js';
import { sha256 } from '../../shared/security/keyed-hash.js';

// A key id is typed on the command line (`npm run keys -- revoke <id>`), so it must never read as
// an option: one base64url hash in 64 starts with "-".

describe('integration key ids', () => {
  it('never begin with "-", even when the hash does', () => {
    const dashed = `-${sha256('x').slice(1)}`;
    expect(keyIdOf(dashed)).not.toMatch(/^-/);
    expect(keyIdOf(dashed)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('name the key by its hash: the same hash gives the same id, another hash another', () => {
    const hashes = Array.from({ length: 500 }, (_, i) => sha256(`key ${i}`));
    const ids = hashes.map(keyIdOf);
    expect(ids.every((id) => /^[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(hashes.length);
    expect(keyIdOf(hashes[0]!)).toBe(ids[0]);
  });
});
