import { randomUUID } from 'node:crypto';
import type { Letter } from '../../shared/data/letters.js';
import type { Fixture } from './portal-fixture.js';

// A letter filed through the letters repository, as the GP report files one: the records tests'
// way to have something in a patient's Letters without producing a report.

export const seedLetter = async (
  f: Pick<Fixture, 'deps'>,
  patientId: string,
  options: { createdAt: string; title?: string; bytes?: Uint8Array },
): Promise<Letter> => {
  const id = randomUUID();
  const letter: Letter = {
    id,
    patientId,
    title: options.title ?? 'Report to your GP',
    createdAt: options.createdAt,
    kind: 'gp-report',
    episodeId: randomUUID(),
    // Not a real PDF: the bytes are what matters, and every byte value is in there.
    pdf:
      options.bytes ?? new Uint8Array([0x25, 0x50, 0x44, 0x46, ...Array.from({ length: 256 }, (_, i) => i)]),
    json: JSON.stringify({ letter: id }),
    view: JSON.stringify({ title: options.title ?? 'Report to your GP' }),
  };
  await f.deps.letters.fileOnce(letter);
  return letter;
};
