import { Logger } from '@aws-lambda-powertools/logger';

// One logger for the portal's Lambdas. Log ids, counts and outcomes only: never events, bodies,
// forms or records (no personal data in logs). Event logging stays off.
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'therapy-portal',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});
