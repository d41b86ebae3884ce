import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Letter, LETTER_MAX_BYTES, LetterTooLargeError } from '../../shared/data/letters.js';
import type { Deps } from '../../shared/deps.js';
import { createFixture } from '../support/portal-fixture.js';

// The letters repository on DynamoDB Local: the stored bytes come back exactly, a patient sees only
// their own letters, and an episode gets one letter however many producers race for it.

let deps: Deps;
beforeAll(async () => {
  deps = (await createFixture()).deps;
});

const letterFor = (patientId: string, overrides: Partial<Letter> = {}): Letter => ({
  id: randomUUID(),
  patientId,
  kind: 'gp-report',
  episodeId: randomUUID(),
  title: 'Report to your GP',
  createdAt: '2026-11-23T10:00:00.000Z',
  // Every byte value, so a store that treated the PDF as text would change some of them.
  pdf: Uint8Array.from({ length: 512 }, (_, i) => i % 256),
  json: '{"episodeId":"e"}',
  ...overrides,
});

describe('letters repository', () => {
  it('gives back the exact stored bytes of a letter, and its summary without them', async () => {
    const patientId = randomUUID();
    const letter = letterFor(patientId);

    const filed = await deps.letters.fileOnce(letter);

    expect(filed.created).toBe(true);
    expect(Buffer.from((await deps.letters.pdf(patientId, letter.id)) ?? [])).toEqual(
      Buffer.from(letter.pdf),
    );
    expect(await deps.letters.ofPatient(patientId)).toEqual([
      {
        id: letter.id,
        title: letter.title,
        createdAt: letter.createdAt,
        kind: 'gp-report',
        episodeId: letter.episodeId,
      },
    ]);
    expect((await deps.letters.get(patientId, letter.id))?.json).toBe(letter.json);
  });

  it('lists a patient\u2019s letters newest first', async () => {
    const patientId = randomUUID();
    const older = letterFor(patientId, { createdAt: '2026-01-01T09:00:00.000Z' });
    const newer = letterFor(patientId, { createdAt: '2026-06-01T09:00:00.000Z' });
    await deps.letters.fileOnce(older);
    await deps.letters.fileOnce(newer);

    expect((await deps.letters.ofPatient(patientId)).map((l) => l.id)).toEqual([newer.id, older.id]);
  });

  it('finds no letter of another patient by its id', async () => {
    const owner = randomUUID();
    const letter = letterFor(owner);
    await deps.letters.fileOnce(letter);

    expect(await deps.letters.pdf(randomUUID(), letter.id)).toBeNull();
    expect(await deps.letters.ofPatient(randomUUID())).toEqual([]);
  });

  it('files one letter per episode: a second filing gets the first letter back', async () => {
    const patientId = randomUUID();
    const first = letterFor(patientId);
    const second = letterFor(patientId, {
      episodeId: first.episodeId,
      createdAt: '2026-11-23T11:00:00.000Z',
      pdf: Uint8Array.of(1, 2, 3),
    });
    await deps.letters.fileOnce(first);

    const again = await deps.letters.fileOnce(second);

    expect(again.created).toBe(false);
    expect(again.letter.id).toBe(first.id);
    expect(Buffer.from(again.letter.pdf)).toEqual(Buffer.from(first.pdf));
    expect(await deps.letters.ofPatient(patientId)).toHaveLength(1);
  });

  it('lets exactly one of 10 concurrent filings for an episode create the letter', async () => {
    const patientId = randomUUID();
    const episodeId = randomUUID();
    const attempts = Array.from({ length: 10 }, () => letterFor(patientId, { episodeId }));

    const results = await Promise.all(attempts.map((l) => deps.letters.fileOnce(l)));

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.letter.id)).size).toBe(1);
    expect(await deps.letters.ofPatient(patientId)).toHaveLength(1);
  });

  it('refuses a letter too large for one item, storing nothing', async () => {
    const patientId = randomUUID();
    const letter = letterFor(patientId, { pdf: new Uint8Array(LETTER_MAX_BYTES + 1) });

    await expect(deps.letters.fileOnce(letter)).rejects.toBeInstanceOf(LetterTooLargeError);
    expect(await deps.letters.ofPatient(patientId)).toEqual([]);
  });
});
