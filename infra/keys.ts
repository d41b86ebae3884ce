import { text } from 'node:stream/consumers';
import { awsTable, localTable, runKeysCommand } from './keys-command.js';

// `npm run keys -- <create|list|revoke|grant> ...`: see keys-command.ts and the README.
process.exitCode = await runKeysCommand(process.argv.slice(2), {
  table: async (target) =>
    target.kind === 'aws' ? awsTable(target.serviceId) : localTable('.data', target.serviceId),
  clock: () => new Date(),
  out: (line) => console.log(line),
  stdin: () => text(process.stdin),
});
